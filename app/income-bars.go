package ui

import (
	"math"

	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

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
	marks := []sv{
		{spec: "line axis", nums: [4]float64{incomeLeft, incomeW - incomeRight, zero, zero}},
		{spec: "text tick-y", nums: [4]float64{incomeLeft - 6, incomeTop + 8}, s: money(top, c.Icur)},
		{spec: "text", nums: [4]float64{incomeLeft, incomeH - 8}, s: ps[0].Period},
		{spec: "text anchor-end", nums: [4]float64{incomeW - incomeRight, incomeH - 8}, s: ps[len(ps)-1].Period},
	}
	if bottom < 0 {
		marks = append(marks, sv{spec: "text tick-y", nums: [4]float64{incomeLeft - 6, incomeTop + incomePlotH}, s: money(bottom, c.Icur)})
	}
	for _, b := range bars {
		cls := "rect income-bar"
		if b.Negative {
			cls = "rect income-bar income-bar-neg"
		}
		marks = append(marks, sv{spec: cls, nums: [4]float64{b.X, b.Y, b.W, b.H}, title: b.Period + ": " + money(b.Net, c.Icur)})
	}
	return svgChart("chart #income-chart", incomeW, incomeH, "Net income per period", marks...)
}
