package ui

import (
	"net/url"
	"strings"

	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// gainsPage shows the realised gains of a tax year: every lot the year's
// sales closed under the chosen lot method, the totals with the
// short/long-term split, and a CSV download of the same.
type gainsPage struct {
	compo
	portfolioHeading
	year, method string
	rep          wire.RealisedGains
	status       loadStatus
	err          string
	ctx          app.Context
}

func newGainsPage() *gainsPage {
	return &gainsPage{method: "fifo", portfolioHeading: portfolioHeading{untitled: "Realised gains", label: "Realised gains"}}
}

func (p *gainsPage) OnNav(ctx app.Context) {
	p.ctx = ctx
	if !requireLogin(ctx) {
		return
	}
	if id := portfolioIDFromPath(ctx.Page().URL().Path); id != p.id {
		p.id, p.name, p.cur, p.rep, p.year, p.method = id, "", "", wire.RealisedGains{}, "", "fifo"
		setFieldValue("gains-method", "fifo")
	}
	p.loadHeading(ctx)
	p.load()
}

// query is the report's parameters; an empty year asks for the latest
// year with sales.
func (p *gainsPage) query() url.Values {
	q := url.Values{"method": {p.method}}
	if p.year != "" {
		q.Set("year", p.year)
	}
	return q
}

// load fetches the report for the chosen year and method.
func (p *gainsPage) load() {
	id := p.id
	p.status, p.err = statusLoading, ""
	var rep wire.RealisedGains
	call(p.ctx, "GET", wire.WithQuery(wire.Path(wire.RouteRealisedGains, id), p.query()), none{}, &rep, func(ctx app.Context, err error) {
		if id != p.id {
			return
		}
		if err != nil {
			p.status, p.err = statusFailed, err.Error()
			return
		}
		p.status, p.rep, p.year = statusLoaded, rep, itoa(rep.Year)
		if p.cur == "" {
			p.cur = rep.Currency
		}
	})
}

func (p *gainsPage) changeYear(ctx app.Context, e app.Event) {
	p.year = ctx.JSSrc().Get("value").String()
	p.load()
}

func (p *gainsPage) changeMethod(ctx app.Context, e app.Event) {
	p.method = ctx.JSSrc().Get("value").String()
	p.load()
}

// downloadCSV fetches the same report as CSV and saves it.
func (p *gainsPage) downloadCSV(ctx app.Context, e app.Event) {
	id, year := p.id, p.year
	var f download
	call(p.ctx, "GET", wire.WithQuery(wire.Path(wire.RouteRealisedGainsCSV, id), p.query()), none{}, &f, func(ctx app.Context, err error) {
		if err != nil {
			p.err = err.Error()
			return
		}
		downloadText("realised-gains-"+year+".csv", "text/csv", string(f.Data))
	})
}

func (p *gainsPage) Render() app.UI {
	return newLayout().Title(p.title()).TitleClass("gains-title").Content(
		elP().Body(elA().Attr("href", "/portfolios/"+p.id).Text("Back to the portfolio"), app.Text(" · "),
			elA().ID("gains-to-income").Attr("href", "/portfolios/"+p.id+"/income").Text("Income"), app.Text(" · "),
			elA().Attr("href", "/methodology").Text("How lots are matched")),
		divc("form-grid card",
			label("Tax year", elSelect().ID("gains-year").OnChange(p.changeYear).Body(
				app.Range(p.yearOptions()).Slice(func(i int) app.UI {
					y := p.yearOptions()[i]
					return option(y, y, p.year)
				}))),
			label("Lot method", elSelect().ID("gains-method").OnChange(p.changeMethod).Body(
				option("fifo", "FIFO: oldest first", p.method),
				option("lifo", "LIFO: newest first", p.method),
				option("hifo", "HIFO: highest cost first", p.method))),
			button("btn", "gains-csv", "Download CSV", p.downloadCSV),
		),
		notice("error", "gains-error", p.err),
		when(p.status == statusLoading, func() app.UI { return parac("muted", "Loading…") }),
		when(p.status == statusLoaded, p.renderReport),
	)
}

// yearOptions are the years with sales plus the shown year.
func (p *gainsPage) yearOptions() []string {
	var out []string
	for _, y := range p.rep.Years {
		out = append(out, itoa(y))
	}
	if p.year != "" && !containsString(out, p.year) {
		out = append(out, p.year)
	}
	return out
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func (p *gainsPage) renderReport() app.UI {
	r := p.rep
	t := r.Totals
	return elDiv().ID("gains-report").Body(
		divcID("cards", "gains-totals",
			metricCard("Realised gain "+itoa(r.Year), money(t.Gain, p.cur)),
			metricCard("Short-term", money(t.ShortTerm, p.cur)),
			metricCard("Long-term", money(t.LongTerm, p.cur)),
			metricCard("Losses flagged as wash sales", money(t.WashLoss, p.cur)),
		),
		parac("muted", "Proceeds "+money(t.Proceeds, p.cur)+" · cost "+money(t.Cost, p.cur)+" · sale fees "+money(t.Fees, p.cur)+
			" · method "+strings.ToUpper(r.Method)+" · "+r.Country.Name+" holding-period rule"),
		app.If(len(r.Lots) == 0, func() app.UI {
			return paraID("empty", "gains-empty", "No sales in "+itoa(r.Year)+".")
		}).Else(p.renderLots),
		when(r.Pending > 0, func() app.UI {
			return paraID("muted", "gains-pending", plural(r.Pending, "entry is", "entries are")+" dated after the last price date and not counted yet.")
		}),
		parac("muted", r.Country.HoldingPeriod),
		parac("muted", r.Disclaimer),
	)
}

func (p *gainsPage) renderLots() app.UI {
	ls := p.rep.Lots
	return tableWrap().Body(elTable().Class("table").ID("gains-table").Body(
		thead(tr(th("Ticker"), th("Matched"), th("Acquired"), th("Disposed"),
			numTh("Quantity"), numTh("Proceeds"), numTh("Cost"), numTh("Fees"), numTh("Gain"),
			th("Term"), th("Wash sale"))),
		tbody(app.Range(ls).Slice(func(i int) app.UI {
			l := ls[i]
			gainCls := "num good"
			if l.Gain < 0 {
				gainCls = "num bad"
			}
			return tr(td(l.Ticker), tdc("muted", p.matchedBy(l)), td(l.Acquired), td(l.Disposed),
				tdc("num", quantity(l.Quantity, 4)), tdc("num", money(l.Proceeds, p.cur)),
				tdc("num", money(l.Cost, p.cur)), tdc("num", money(l.Fees, p.cur)),
				tdc(gainCls, money(l.Gain, p.cur)), td(l.Term), td(washText(l)))
		})),
	))
}

// matchedBy says how the sale found the lot: named in the sale, or by the
// report's lot method (the ids are in the CSV export).
func (p *gainsPage) matchedBy(l wire.RealisedLot) string {
	if l.Specific {
		return "named in sale"
	}
	return strings.ToUpper(p.rep.Method)
}

// washText lists the purchases that make a loss a possible wash sale.
func washText(l wire.RealisedLot) string {
	if !l.WashSale {
		return ""
	}
	parts := make([]string, len(l.WashBuys))
	for i, b := range l.WashBuys {
		parts[i] = b.Date + " in " + b.Portfolio
	}
	return "Bought " + strings.Join(parts, ", ")
}
