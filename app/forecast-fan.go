package ui

import (
	"strings"

	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Geometry of the fan chart in SVG user units.
const (
	fanW, fanH         = 720.0, 260.0
	fanLeft, fanRight  = 56.0, 12.0
	fanTop, fanBottom  = 14.0, 28.0
	fanPlotW, fanPlotH = fanW - fanLeft - fanRight, fanH - fanTop - fanBottom
)

// forecastFan draws a Monte Carlo percentile fan as an inline SVG built
// from numbers only: the 5-95% band, the 25-75% band and the median, with
// the start value 1 as a reference line. Colours come from CSS classes.
type forecastFan struct {
	app.Compo
	Ifan []wire.FanPoint
}

func newForecastFan() *forecastFan { return &forecastFan{} }

// Fan sets the points to draw.
func (c *forecastFan) Fan(f []wire.FanPoint) *forecastFan { c.Ifan = f; return c }

func (c *forecastFan) Render() app.UI {
	if len(c.Ifan) == 0 {
		return parac("empty", "No simulation to draw.")
	}
	lo, hi := fanRange(c.Ifan)
	sc := fanScale{lo: lo, hi: hi, n: len(c.Ifan)}
	last := c.Ifan[len(c.Ifan)-1]
	today := sc.y(1)
	return divc("chart-stack",
		svgChart("chart #forecast-fan", fanW, fanH, "Simulated portfolio value: 5th to 95th percentile fan",
			sv{spec: "line axis", nums: [4]float64{fanLeft, fanW - fanRight, fanTop + fanPlotH, fanTop + fanPlotH}},
			sv{spec: "line axis", nums: [4]float64{fanLeft, fanLeft, fanTop, fanTop + fanPlotH}},
			sv{spec: "polygon fan-outer #fan-outer", s: sc.band(c.Ifan, func(p wire.FanPoint) (float64, float64) { return p.P5, p.P95 })},
			sv{spec: "polygon fan-inner #fan-inner", s: sc.band(c.Ifan, func(p wire.FanPoint) (float64, float64) { return p.P25, p.P75 })},
			sv{spec: "line line-alt #fan-today", nums: [4]float64{fanLeft, fanW - fanRight, today, today}},
			sv{spec: "polyline line #fan-median", s: sc.line(c.Ifan)},
			sv{spec: "text tick-y", nums: [4]float64{fanLeft - 6, fanTop + 4}, s: fmtPct(hi - 1)},
			sv{spec: "text tick-y", nums: [4]float64{fanLeft - 6, fanTop + fanPlotH}, s: fmtPct(lo - 1)},
			sv{spec: "text", nums: [4]float64{fanLeft, fanH - 8}, s: "today"},
			sv{spec: "text anchor-end", nums: [4]float64{fanW - fanRight, fanH - 8}, s: "day " + itoa(last.Day)},
		),
		elDiv().Class("row muted").Body(
			spanc("legend legend-fan-outer", "5–95% of paths"),
			spanc("legend legend-fan-inner", "25–75%"),
			spanc("legend legend-views", "Median"),
		),
	)
}

// fanRange is the value range to plot, always including 1 (today).
func fanRange(f []wire.FanPoint) (float64, float64) {
	lo, hi := 1.0, 1.0
	for _, p := range f {
		lo, hi = min(lo, p.P5), max(hi, p.P95)
	}
	if hi-lo < 1e-9 {
		hi = lo + 0.01
	}
	return lo, hi
}

// fanScale maps (day index, value) to SVG coordinates; day 0 is today.
type fanScale struct {
	lo, hi float64
	n      int
}

func (s fanScale) x(i int) float64 { return fanLeft + fanPlotW*float64(i)/float64(s.n) }
func (s fanScale) y(v float64) float64 {
	return fanTop + fanPlotH*(1-(v-s.lo)/(s.hi-s.lo))
}

// line is the median polyline starting at today's value 1.
func (s fanScale) line(f []wire.FanPoint) string {
	pts := []string{fanPt(s.x(0), s.y(1))}
	for i, p := range f {
		pts = append(pts, fanPt(s.x(i+1), s.y(p.P50)))
	}
	return strings.Join(pts, " ")
}

// band is the polygon between the lower and upper values of each point.
func (s fanScale) band(f []wire.FanPoint, bounds func(wire.FanPoint) (float64, float64)) string {
	pts := []string{fanPt(s.x(0), s.y(1))}
	for i, p := range f {
		_, up := bounds(p)
		pts = append(pts, fanPt(s.x(i+1), s.y(up)))
	}
	for i := len(f) - 1; i >= 0; i-- {
		lo, _ := bounds(f[i])
		pts = append(pts, fanPt(s.x(i+1), s.y(lo)))
	}
	return strings.Join(pts, " ")
}

func fanPt(x, y float64) string { return f1(x) + "," + f1(y) }
