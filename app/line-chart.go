package ui

import (
	"math"

	"github.com/fortfolio/fortfolio/shared/chart"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// chartSeries is one line of a lineChart; NaN values leave gaps.
type chartSeries struct {
	Name, Class string
	Values      []float64
}

// chartMark is a marker under the plot at a date index (flows).
type chartMark struct {
	Index int
	In    bool // money in (up) or out (down)
	Label string
}

// chartBand shades the dates From..To (drawdown periods), labelled.
type chartBand struct {
	From, To int
	Label    string
}

// chartHeight is the height of time charts in CSS pixels.
const chartHeight = 260.0

// lineChart is an interactive time chart drawn as inline SVG from
// numbers: one screen unit per CSS pixel (its width is measured), round
// ticks, a tooltip following the pointer or the arrow keys, and a live
// text read-out of the selected day for screen readers.
type lineChart struct {
	app.Compo
	IID, ILabel string
	IDates      []string
	ISeries     []chartSeries
	IFormat     chart.Format
	IZero       bool // keep 0 on the y axis and fill the first series to it
	IMarks      []chartMark
	IBands      []chartBand
	Icur        string // currency of FormatMoney values
	IPlain      bool   // FormatMoney values are prices: plain numbers, never hidden

	w   float64
	geo *chart.Lines
	sel int // selected date index, -1 when the tooltip is hidden
}

func newLineChart(id, label string) *lineChart {
	return &lineChart{IID: id, ILabel: label, sel: -1}
}

// Data sets the dates, the series and the axis format.
func (c *lineChart) Data(dates []string, f chart.Format, s ...chartSeries) *lineChart {
	c.IDates, c.ISeries, c.IFormat = dates, s, f
	return c
}

// Currency sets the currency of money values.
func (c *lineChart) Currency(cur string) *lineChart { c.Icur = cur; return c }

// Plain shows FormatMoney values as plain numbers (market prices, which
// hide-amounts mode does not hide).
func (c *lineChart) Plain() *lineChart { c.IPlain = true; return c }

// Zero keeps zero on the y axis and fills the first series down to it.
func (c *lineChart) Zero() *lineChart { c.IZero = true; return c }

// Marks sets the flow markers.
func (c *lineChart) Marks(m []chartMark) *lineChart { c.IMarks = m; return c }

// Bands sets the shaded periods.
func (c *lineChart) Bands(b []chartBand) *lineChart { c.IBands = b; return c }

func (c *lineChart) OnMount(ctx app.Context)  { c.measure(); c.layout() }
func (c *lineChart) OnUpdate(ctx app.Context) { c.sel = min(c.sel, len(c.IDates)-1); c.layout() }
func (c *lineChart) OnResize(ctx app.Context) { c.measure(); c.layout() }

// measure reads the chart's width in CSS pixels (720 until mounted).
func (c *lineChart) measure() {
	c.w = 720
	if app.IsClient {
		if w := c.JSValue().Get("clientWidth").Float(); w > 100 {
			c.w = w
		}
	}
}

// layout recomputes the geometry (not on every pointer move).
func (c *lineChart) layout() {
	vals := make([][]float64, len(c.ISeries))
	for i, s := range c.ISeries {
		vals[i] = s.Values
	}
	if c.w == 0 {
		c.w = 720
	}
	h := chartHeight
	if c.w < 480 {
		h = 220
	}
	g, err := chart.NewLines(c.IDates, vals, c.w, h, c.IFormat, c.IZero)
	c.geo = nil
	if err == nil {
		c.geo = &g
	}
}

func (c *lineChart) Render() app.UI {
	if c.geo == nil {
		c.layout()
	}
	g := c.geo
	if g == nil {
		return elDiv().ID(c.IID).Body(parac("muted", c.ILabel+": not enough data to draw."))
	}
	return elDiv().ID(c.IID).Class("ichart").Body(
		svgE("svg").Class("chart").ID(c.IID+"-svg").Attr("viewBox", "0 0 "+f1(g.W)+" "+f1(g.H)).
			Attr("width", f1(g.W)).Attr("height", f1(g.H)).TabIndex(0).Role("img").
			Aria("label", c.ILabel+". "+c.summary()+" Use the arrow keys to read the values day by day.").
			Aria("describedby", c.IID+"-readout").
			OnMouseMove(c.onPointer).OnMouseLeave(c.hide).OnKeyDown(c.onKey).OnBlur(c.hide).
			On("touchstart", c.onTouch, app.PassiveEvent()).On("touchmove", c.onTouch, app.PassiveEvent()).
			Body(svgUI(c.draw(g))...),
		divc("chart-legend", c.legend()...),
		elP().Class("chart-readout").ID(c.IID+"-readout").Aria("live", "polite").Text(c.readout()),
	)
}

// legend names the series with their line styles.
func (c *lineChart) legend() []app.UI {
	out := make([]app.UI, len(c.ISeries))
	for i, s := range c.ISeries {
		out[i] = spanc("legend-key "+s.Class, s.Name)
	}
	return out
}

// summary is the text alternative: each series from the first date to
// the last.
func (c *lineChart) summary() string {
	n := len(c.IDates) - 1
	s := "From " + c.IDates[0] + " to " + c.IDates[n] + ":"
	for _, sr := range c.ISeries {
		s += " " + sr.Name + " " + c.fmt(firstFinite(sr.Values)) + " to " + c.fmt(sr.Values[n]) + "."
	}
	return s
}

func firstFinite(v []float64) float64 {
	for _, x := range v {
		if !math.IsNaN(x) {
			return x
		}
	}
	return math.NaN()
}

// fmt formats a value as the axis does, with full precision.
func (c *lineChart) fmt(v float64) string {
	if math.IsNaN(v) {
		return "n/a"
	}
	if c.IFormat == chart.FormatPercent {
		return fmtPct(v)
	}
	if c.IPlain {
		return fmtNum(v, 2)
	}
	return money(v, c.Icur)
}

// readout is the selected day's values as one line of text.
func (c *lineChart) readout() string {
	if c.sel < 0 {
		return ""
	}
	lines := c.tipLines()
	s := lines[0]
	for _, l := range lines[1:] {
		s += " · " + l
	}
	return s
}
