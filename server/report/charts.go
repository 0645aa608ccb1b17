package report

import (
	"github.com/go-pdf/fpdf"

	"github.com/fortfolio/fortfolio/shared/chart"
)

// chartsSection draws the value and drawdown charts.
func (p *doc) chartsSection(d Data) {
	pts := d.Report.Series
	dates := make([]string, len(pts))
	values := make([]float64, len(pts))
	dds := make([]float64, len(pts))
	for i, s := range pts {
		dates[i], values[i], dds[i] = s.Date, s.Value, s.Drawdown
	}
	p.AddPage()
	p.heading("Charts")
	for _, c := range []struct {
		title string
		ys    []float64
		area  bool
	}{{"Portfolio value", values, false}, {"Drawdown", dds, true}} {
		plot, err := chart.TimeSeries(c.title, dates, c.ys, c.area, chart.Width, chart.Height)
		if err != nil {
			p.CellFormat(0, 6, p.text(c.title+": not enough data to draw."), "", 1, "L", false, 0, "")
			continue
		}
		p.drawPlot(plot)
	}
}

// drawPlot draws a plot's geometry scaled to the page width.
func (p *doc) drawPlot(pl chart.Plot) {
	k := pageWidth / pl.W
	x0, y0 := margin, p.GetY()
	at := func(q chart.Pt) (float64, float64) { return x0 + q.X*k, y0 + q.Y*k }
	p.SetFont("Helvetica", "B", 10)
	p.Text(x0+pl.Area.X*k, y0+16*k, p.text(pl.Title))
	p.SetFont("Helvetica", "", 7)
	p.SetDrawColor(160, 160, 160)
	p.SetLineWidth(0.1)
	p.Rect(x0+pl.Area.X*k, y0+pl.Area.Y*k, pl.Area.W*k, pl.Area.H*k, "D")
	for _, t := range pl.YTicks {
		p.Line(x0+pl.Area.X*k, y0+t.Pos*k, x0+(pl.Area.X+pl.Area.W)*k, y0+t.Pos*k)
		p.Text(x0+2, y0+t.Pos*k+1, p.text(t.Label))
	}
	for _, t := range pl.XTicks {
		p.Text(x0+t.Pos*k-8, y0+(pl.Area.Y+pl.Area.H+16)*k, p.text(t.Label))
	}
	if len(pl.Fill) > 2 {
		pts := make([]fpdf.PointType, len(pl.Fill))
		for i, q := range pl.Fill {
			pts[i].X, pts[i].Y = at(q)
		}
		p.SetFillColor(245, 190, 190)
		p.Polygon(pts, "F")
	}
	p.SetLineWidth(0.35)
	p.SetDrawColor(59, 130, 246)
	if len(pl.Fill) > 0 {
		p.SetDrawColor(229, 72, 77)
	}
	for i := 1; i < len(pl.Line); i++ {
		ax, ay := at(pl.Line[i-1])
		bx, by := at(pl.Line[i])
		p.Line(ax, ay, bx, by)
	}
	p.SetY(y0 + pl.H*k + 4)
}
