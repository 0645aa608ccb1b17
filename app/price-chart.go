package ui

import (
	"github.com/fortfolio/fortfolio/shared/chart"
	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// priceChart draws the closing prices of one ticker as an interactive
// SVG line chart (lineChart) built from numbers only.
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
	var h wire.History
	call(c.ctx, "GET", path, none{}, &h, func(ctx app.Context, err error) {
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
		return paraID("muted", "price-chart-hint", "Click a ticker in the table to see its price history.")
	}
	body := app.UI(parac("muted", "Loading prices…"))
	switch {
	case c.status == statusFailed:
		body = divct("alert alert-error", c.err)
	case c.status == statusLoaded && len(c.hist.Bars) > 1:
		body = c.svg()
	}
	return divcID("card", "price-chart",
		h3(c.ITicker+" — daily close"), body,
	)
}

// svg draws the closes (at most about 600 points) as an interactive
// line chart; its SVG element is #price-svg.
func (c *priceChart) svg() app.UI {
	bars := c.hist.Bars
	step := max(1, len(bars)/600)
	var dates []string
	var closes []float64
	for i, b := range bars {
		if i%step == 0 || i == len(bars)-1 {
			dates, closes = append(dates, b.Date), append(closes, b.Close)
		}
	}
	return newLineChart("price", "Closing prices of "+c.hist.Ticker).Plain().Data(dates, chart.FormatMoney,
		chartSeries{Name: "Close", Class: "s-twr", Values: closes})
}

func f1(v float64) string { return ftoa(v, 1) }
