package ui

import (
	"github.com/fortfolio/fortfolio/shared/chart"
	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// valueChart draws the value and drawdown charts as SVG images built by
// shared/chart from numbers only (an <img> cannot run scripts and needs
// no style attribute).
type valueChart struct {
	app.Compo
	Iseries []wire.SeriesPoint
}

func newValueChart() *valueChart { return &valueChart{} }

// Series sets the chart points.
func (c *valueChart) Series(s []wire.SeriesPoint) *valueChart { c.Iseries = s; return c }

func (c *valueChart) Render() app.UI {
	dates := make([]string, len(c.Iseries))
	values := make([]float64, len(c.Iseries))
	dds := make([]float64, len(c.Iseries))
	for i, p := range c.Iseries {
		dates[i], values[i], dds[i] = p.Date, p.Value, p.Drawdown
	}
	return app.Div().Class("chart-stack").Body(
		chartImage("value-chart", "Portfolio value", dates, values, false),
		chartImage("drawdown-chart", "Drawdown", dates, dds, true),
	)
}

// chartImage renders a time-series chart or a short notice.
func chartImage(id, title string, dates []string, ys []float64, area bool) app.UI {
	plot, err := chart.TimeSeries(title, dates, ys, area, chart.Width, chart.Height)
	if err != nil {
		return app.P().Class("muted").Text(title + ": not enough data to draw.")
	}
	return app.Img().ID(id).Class("chart").Src(chart.DataURL(plot.SVG())).Alt(title + " chart")
}
