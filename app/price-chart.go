package ui

import (
	"math"
	"strconv"
	"strings"

	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

const priceChartNS = "http://www.w3.org/2000/svg"

// Chart geometry in SVG user units.
const (
	chartW, chartH = 720.0, 260.0
	padL, padR     = 56.0, 12.0
	padT, padB     = 12.0, 28.0
)

// priceChart draws the closing prices of one ticker as an SVG built from
// numbers only; axis labels are text nodes.
type priceChart struct {
	compo
	ITicker string

	shown  string
	hist   wire.History
	status loadStatus
	err    string
	ctx    app.Context // the chart's own context (see call.go)
}

func newPriceChart() *priceChart { return &priceChart{} }

// Ticker sets the ticker to chart.
func (c *priceChart) Ticker(t string) *priceChart { c.ITicker = t; return c }

func (c *priceChart) OnMount(ctx app.Context)  { c.ctx = ctx; c.load() }
func (c *priceChart) OnUpdate(ctx app.Context) { c.load() }

// load fetches the whole history when the ticker changed.
func (c *priceChart) load() {
	if c.ITicker == "" || c.ITicker == c.shown {
		return
	}
	ticker := c.ITicker
	c.shown, c.status, c.err = ticker, statusLoading, ""
	path := wire.Path(wire.RouteHistory, ticker) + "?from=1900-01-01"
	call(c.ctx, "GET", path, none{}, func(ctx app.Context, h wire.History, err error) {
		if ticker != c.shown {
			return
		}
		if err != nil {
			c.status, c.err = statusFailed, err.Error()
			return
		}
		c.status, c.hist = statusLoaded, h
	})
}

func (c *priceChart) Render() app.UI {
	if c.ITicker == "" {
		return app.P().Class("muted").ID("price-chart-hint").Text("Click a ticker in the table to see its price history.")
	}
	body := app.UI(app.P().Class("muted").Text("Loading prices…"))
	switch {
	case c.status == statusFailed:
		body = app.Div().Class("alert alert-error").Text(c.err)
	case c.status == statusLoaded && len(c.hist.Bars) > 1:
		body = c.svg()
	}
	return app.Div().Class("card").ID("price-chart").Body(
		app.H3().Text(c.ITicker+" — daily close"), body,
	)
}

func priceEl(tag string) app.HTMLElem { return app.Elem(tag).XMLNS(priceChartNS) }

func (c *priceChart) svg() app.UI {
	bars := c.hist.Bars
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, b := range bars {
		lo, hi = math.Min(lo, b.Close), math.Max(hi, b.Close)
	}
	if hi == lo {
		hi = lo + 1
	}
	x := func(i int) float64 { return padL + float64(i)/float64(len(bars)-1)*(chartW-padL-padR) }
	y := func(v float64) float64 { return padT + (hi-v)/(hi-lo)*(chartH-padT-padB) }
	var d strings.Builder
	step := max(1, len(bars)/600) // at most ~600 points
	for i, b := range bars {
		if i%step != 0 && i != len(bars)-1 {
			continue
		}
		if i == 0 {
			d.WriteString("M")
		} else {
			d.WriteString("L")
		}
		d.WriteString(f1(x(i)) + " " + f1(y(b.Close)))
	}
	label := func(xv, yv float64, anchor, text string) app.UI {
		return priceEl("text").Attr("x", f1(xv)).Attr("y", f1(yv)).Attr("text-anchor", anchor).Text(text)
	}
	last := len(bars) - 1
	return priceEl("svg").Class("chart").ID("price-svg").Attr("viewBox", "0 0 720 260").Attr("role", "img").
		Attr("aria-label", "Closing prices of "+c.hist.Ticker).Body(
		priceEl("line").Class("axis").Attr("x1", f1(padL)).Attr("y1", f1(chartH-padB)).Attr("x2", f1(chartW-padR)).Attr("y2", f1(chartH-padB)),
		priceEl("line").Class("axis").Attr("x1", f1(padL)).Attr("y1", f1(padT)).Attr("x2", f1(padL)).Attr("y2", f1(chartH-padB)),
		priceEl("path").Class("line").Attr("d", d.String()),
		label(padL-6, y(hi)+4, "end", fmtMoney(hi)),
		label(padL-6, y(lo)+4, "end", fmtMoney(lo)),
		label(padL, chartH-8, "start", bars[0].Date),
		label(chartW-padR, chartH-8, "end", bars[last].Date),
	)
}

func f1(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }
