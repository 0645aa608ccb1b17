package ui

import (
	"net/url"
	"strings"

	"github.com/fortfolio/fortfolio/shared/validate"
	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// watchlistPanel edits the watchlist and shows a day's surge report.
type watchlistPanel struct {
	compo
	tickers  string
	date     string
	report   *wire.SurgeReport
	err, msg string
	busy     bool
	ctx      app.Context
}

func newWatchlistPanel() *watchlistPanel { return &watchlistPanel{} }

func (c *watchlistPanel) OnMount(ctx app.Context) {
	c.ctx = ctx
	var w wire.Watchlist
	call(c.ctx, "GET", wire.RouteWatchlist, none{}, &w, func(ctx app.Context, err error) {
		if err != nil {
			c.err = err.Error()
			return
		}
		c.tickers = strings.Join(w.Tickers, ", ")
	})
}

func (c *watchlistPanel) Render() app.UI {
	return elSection().Class("card").ID("watchlist").Body(
		h2("Watchlist and surges"),
		parac("muted", "A surge is a day whose return or volume is at least 3 standard deviations from the ticker's "+
			"own previous 60 trading days (see the Methodology page). Surge rules without a ticker or portfolio watch this list."),
		notice("ok", "watchlist-msg", c.msg),
		notice("error", "watchlist-error", c.err),
		elForm().Class("form-grid").ID("watchlist-form").OnSubmit(c.save).Body(
			label("Tickers (comma-separated)", elInput().ID("watchlist-tickers").Attr("value", c.tickers).
				OnChange(func(ctx app.Context, e app.Event) { c.tickers = ctx.JSSrc().Get("value").String() })),
			formButton("btn btn-small", "watchlist-save", "submit", c.busy, "Save watchlist"),
		),
		elForm().Class("form-grid").ID("surge-form").OnSubmit(c.loadSurges).Body(
			label("Surges on (empty: the last day with prices)", elInput().ID("surge-date").Attr("type", "date").Attr("value", c.date).
				OnChange(func(ctx app.Context, e app.Event) { c.date = ctx.JSSrc().Get("value").String() })),
			formButton("btn btn-small", "surge-show", "submit", c.busy, "Show surges"),
		),
		when(c.report != nil, c.renderReport),
	)
}

func (c *watchlistPanel) save(ctx app.Context, e app.Event) {
	e.PreventDefault()
	var list []string
	for _, t := range strings.Split(c.tickers, ",") {
		if t = strings.TrimSpace(t); t != "" {
			list = append(list, t)
		}
	}
	tickers, err := validate.Watchlist(list)
	if err != nil {
		c.err, c.msg = err.Error(), ""
		return
	}
	c.busy, c.err, c.msg = true, "", ""
	var w wire.Watchlist
	call(c.ctx, "PUT", wire.RouteWatchlist, wire.Watchlist{Tickers: tickers}, &w, func(ctx app.Context, err error) {
		c.busy = false
		if err != nil {
			c.err = err.Error()
			return
		}
		c.tickers, c.msg = strings.Join(w.Tickers, ", "), "Watchlist saved ("+plural(len(w.Tickers), "ticker", "tickers")+")."
	})
}

func (c *watchlistPanel) loadSurges(ctx app.Context, e app.Event) {
	e.PreventDefault()
	q := url.Values{}
	if d := strings.TrimSpace(c.date); d != "" {
		if _, err := validate.Date(d); err != nil {
			c.err = "Write the date as YYYY-MM-DD."
			return
		}
		q.Set("date", d)
	}
	c.busy, c.err, c.msg = true, "", ""
	var rep wire.SurgeReport
	call(c.ctx, "GET", wire.WithQuery(wire.RouteSurges, q), none{}, &rep, func(ctx app.Context, err error) {
		c.busy = false
		if err != nil {
			c.err = err.Error()
			return
		}
		c.report = &rep
	})
}

func (c *watchlistPanel) renderReport() app.UI {
	rep := c.report
	if len(rep.Surges) == 0 {
		return paraID("muted", "surge-none", "No surges on "+rep.Date+" ("+plural(rep.TickersSeen, "ticker", "tickers")+" traded).")
	}
	return tableWrap().Body(elTable().ID("surge-table").Body(
		el("caption").Text("Surges on "+rep.Date),
		thead(tr(th("Ticker"), thc("num", "Return"),
			thc("num", "Return z"), thc("num", "Volume z"), th("Unusual"))),
		tbody(app.Range(rep.Surges).Slice(func(i int) app.UI {
			s := rep.Surges[i]
			vz := "–"
			if s.VolumeZ != nil {
				vz = ftoa(*s.VolumeZ, 1)
			}
			return elTr().Class("surge-row").Body(td(s.Ticker), tdc("num", fmtPct(s.Return)),
				tdc("num", ftoa(s.ReturnZ, 1)), tdc("num", vz),
				td(strings.Join(s.Reasons, ", ")))
		})),
	))
}
