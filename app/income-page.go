package ui

import (
	"net/url"

	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// incomePage shows a portfolio's dividends, interest and withholding tax
// per month or year, with the trailing-twelve-month yields.
type incomePage struct {
	compo
	portfolioHeading
	by     string
	rep    wire.IncomeReport
	status loadStatus
	err    string
	ctx    app.Context
}

func newIncomePage() *incomePage {
	return &incomePage{by: "month", portfolioHeading: portfolioHeading{untitled: "Income", label: "Income"}}
}

func (p *incomePage) OnNav(ctx app.Context) {
	p.ctx = ctx
	if !requireLogin(ctx) {
		return
	}
	if id := portfolioIDFromPath(ctx.Page().URL().Path); id != p.id {
		p.id, p.name, p.cur, p.rep, p.by = id, "", "", wire.IncomeReport{}, "month"
		setFieldValue("income-by", "month")
	}
	p.loadHeading(ctx)
	p.load()
}

// load fetches the income report for the chosen granularity.
func (p *incomePage) load() {
	id := p.id
	p.status, p.err = statusLoading, ""
	path := wire.WithQuery(wire.Path(wire.RouteIncome, id), url.Values{"by": {p.by}})
	var rep wire.IncomeReport
	call(p.ctx, "GET", path, none{}, &rep, func(ctx app.Context, err error) {
		if id != p.id {
			return
		}
		if err != nil {
			p.status, p.err = statusFailed, err.Error()
			return
		}
		p.status, p.rep = statusLoaded, rep
		if p.cur == "" {
			p.cur = rep.Currency
		}
	})
}

func (p *incomePage) changeBy(ctx app.Context, e app.Event) {
	p.by = ctx.JSSrc().Get("value").String()
	p.load()
}

func (p *incomePage) Render() app.UI {
	return newLayout().Title(p.title()).TitleClass("income-title").Content(
		elP().Body(elA().Attr("href", "/portfolios/"+p.id).Text("Back to the portfolio"), app.Text(" · "),
			elA().ID("income-to-gains").Attr("href", "/portfolios/"+p.id+"/realised-gains").Text("Realised gains"), app.Text(" · "),
			elA().Attr("href", "/methodology").Text("How income and yields are computed")),
		divc("form-grid card",
			label("Per", elSelect().ID("income-by").OnChange(p.changeBy).Body(
				option("month", "Month", p.by), option("year", "Year", p.by))),
		),
		notice("error", "income-error", p.err),
		when(p.status == statusLoading, func() app.UI { return parac("muted", "Loading…") }),
		when(p.status == statusLoaded, p.renderReport),
	)
}

// yield formats an optional fraction as a percentage.
func yield(v *float64) string {
	if v == nil {
		return "—"
	}
	return fmtPct(*v)
}

func (p *incomePage) renderReport() app.UI {
	r := p.rep
	return elDiv().ID("income-report").Body(
		divcID("cards", "income-summary",
			metricCard("Income, last 12 months", money(r.Income12m, p.cur)),
			metricCard("Yield (trailing 12 months)", yield(r.Yield)),
			metricCard("Yield on cost", yield(r.YieldOnCost)),
			metricCard("Tax withheld, last 12 months", money(r.Tax12m, p.cur)),
		),
		parac("muted", "As of "+r.AsOf+" · market value "+money(r.MarketValue, p.cur)+" · cost basis "+money(r.CostBasis, p.cur)),
		when(r.Pending > 0, func() app.UI {
			return paraID("muted", "income-pending", plural(r.Pending, "entry is", "entries are")+" dated after the last price date and not counted yet.")
		}),
		newIncomeBars().Periods(r.Periods).Currency(p.cur),
		h2("Per "+r.By),
		p.renderPeriods(),
		h2("Per holding"),
		p.renderHoldings(),
	)
}

// metricCard is one labelled figure.
func metricCard(label, value string) app.UI {
	return divc("metric", divct("metric-label", label), divct("metric-value", value))
}

func (p *incomePage) renderPeriods() app.UI {
	ps := p.rep.Periods
	if len(ps) == 0 {
		return parac("empty", "No dividends, interest or tax recorded.")
	}
	t := p.rep.Totals
	return tableWrap().Body(elTable().Class("table").ID("income-table").Body(
		thead(tr(th("Period"), numTh("Dividends"), numTh("Interest"),
			numTh("Tax withheld"), numTh("Net"))),
		tbody(app.Range(ps).Slice(func(i int) app.UI { return p.periodRow(ps[i], "") })),
		el("tfoot").Body(p.periodRow(t, "total")),
	))
}

func (p *incomePage) periodRow(r wire.IncomePeriod, cls string) app.UI {
	label := r.Period
	if cls == "total" {
		label = "Total"
	}
	return elTr().Class(cls).Body(td(label), tdc("num", money(r.Dividends, p.cur)),
		tdc("num", money(r.Interest, p.cur)), tdc("num", money(r.Tax, p.cur)),
		tdc("num", money(r.Net, p.cur)))
}

func (p *incomePage) renderHoldings() app.UI {
	hs := p.rep.Holdings
	if len(hs) == 0 {
		return parac("empty", "No open holdings.")
	}
	return tableWrap().Body(elTable().Class("table").ID("income-holdings").Body(
		thead(tr(th("Ticker"), numTh("Quantity"), numTh("Market value"),
			numTh("Cost basis"), numTh("Dividends, 12 months"), numTh("Tax withheld, 12 months"),
			numTh("Yield"), numTh("Yield on cost"))),
		tbody(app.Range(hs).Slice(func(i int) app.UI {
			h := hs[i]
			return tr(td(h.Ticker), tdc("num", quantity(h.Quantity, 2)),
				tdc("num", money(h.MarketValue, p.cur)), tdc("num", money(h.CostBasis, p.cur)),
				tdc("num", money(h.Income12m, p.cur)), tdc("num", money(h.Tax12m, p.cur)),
				tdc("num", yield(h.Yield)),
				tdc("num", yield(h.YieldOnCost)))
		})),
	))
}
