package ui

import (
	"math"

	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// incomeSVGNS is the SVG namespace; go-app needs it on every SVG element.
const incomeSVGNS = "http://www.w3.org/2000/svg"

// Geometry of the income chart in SVG user units.
const (
	incomeW, incomeH         = 720.0, 240.0
	incomeLeft, incomeRight  = 64.0, 12.0
	incomeTop, incomeBottom  = 12.0, 28.0
	incomePlotW, incomePlotH = incomeW - incomeLeft - incomeRight, incomeH - incomeTop - incomeBottom
)

// incomeBar is one period's bar: its rectangle and whether it is a net
// outflow (tax above income).
type incomeBar struct {
	X, Y, W, H float64
	Negative   bool
	Period     string
	Net        float64
}

// incomeScale returns the bars of the periods' net income and the y of
// the zero line. Bars share the plot width; heights scale to the largest
// absolute amount, so positive bars rise and negative ones hang from zero.
func incomeScale(ps []wire.IncomePeriod) ([]incomeBar, float64) {
	top, bottom := 0.0, 0.0
	for _, p := range ps {
		top, bottom = math.Max(top, p.Net), math.Min(bottom, p.Net)
	}
	span := top - bottom
	if span <= 0 {
		span = 1
	}
	zero := incomeTop + incomePlotH*top/span
	if top == 0 && bottom == 0 {
		zero = incomeTop + incomePlotH
	}
	slot := incomePlotW / float64(max(len(ps), 1))
	bars := make([]incomeBar, len(ps))
	for i, p := range ps {
		h := incomePlotH * math.Abs(p.Net) / span
		y := zero - h
		if p.Net < 0 {
			y = zero
		}
		bars[i] = incomeBar{X: incomeLeft + slot*float64(i) + slot*0.1, Y: y, W: slot * 0.8, H: h, Negative: p.Net < 0, Period: p.Period, Net: p.Net}
	}
	return bars, zero
}

// incomeBars draws the net income per period as an inline SVG built from
// numbers only: colours come from CSS, labels and tooltips are text nodes.
type incomeBars struct {
	app.Compo
	Iperiods []wire.IncomePeriod
	Icur     string
}

func newIncomeBars() *incomeBars { return &incomeBars{} }

// Periods sets the periods to draw.
func (c *incomeBars) Periods(ps []wire.IncomePeriod) *incomeBars { c.Iperiods = ps; return c }

// Currency sets the base currency of the amounts.
func (c *incomeBars) Currency(cur string) *incomeBars { c.Icur = cur; return c }

func (c *incomeBars) Render() app.UI {
	ps := c.Iperiods
	if len(ps) == 0 {
		return paraID("empty", "income-chart-empty", "No dividends or interest yet.")
	}
	bars, zero := incomeScale(ps)
	top, bottom := 0.0, 0.0
	for _, p := range ps {
		top, bottom = math.Max(top, p.Net), math.Min(bottom, p.Net)
	}
	return incomeSVG("svg").ID("income-chart").Class("chart").Attr("viewBox", "0 0 720 240").Attr("role", "img").
		Attr("aria-label", "Net income per period").Body(
		incomeLine(incomeLeft, zero, incomeW-incomeRight, zero),
		incomeLabel(incomeLeft-6, incomeTop+8, "end", money(top, c.Icur)),
		when(bottom < 0, func() app.UI { return incomeLabel(incomeLeft-6, incomeTop+incomePlotH, "end", money(bottom, c.Icur)) }),
		incomeLabel(incomeLeft, incomeH-8, "start", ps[0].Period),
		incomeLabel(incomeW-incomeRight, incomeH-8, "end", ps[len(ps)-1].Period),
		app.Range(bars).Slice(func(i int) app.UI {
			b := bars[i]
			cls := "income-bar"
			if b.Negative {
				cls = "income-bar income-bar-neg"
			}
			return incomeSVG("rect").Class(cls).Attr("x", coord(b.X)).Attr("y", coord(b.Y)).Attr("width", coord(b.W)).Attr("height", coord(b.H)).Body(
				incomeSVG("title").Text(b.Period + ": " + money(b.Net, c.Icur)))
		}),
	)
}

func incomeSVG(tag string) app.HTMLElem { return app.Elem(tag).XMLNS(incomeSVGNS) }

// coord formats an SVG coordinate.
func coord(v float64) string { return ftoa(v, 1) }

func incomeLine(x1, y1, x2, y2 float64) app.UI {
	return incomeSVG("line").Class("axis").Attr("x1", coord(x1)).Attr("y1", coord(y1)).Attr("x2", coord(x2)).Attr("y2", coord(y2))
}

func incomeLabel(x, y float64, anchor, label string) app.UI {
	return incomeSVG("text").Attr("x", coord(x)).Attr("y", coord(y)).Attr("text-anchor", anchor).Text(label)
}
