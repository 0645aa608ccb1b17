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
	id, by    string
	name, cur string
	rep       wire.IncomeReport
	status    loadStatus
	err       string
	ctx       app.Context
}

func newIncomePage() *incomePage { return &incomePage{by: "month"} }

func (p *incomePage) OnNav(ctx app.Context) {
	p.ctx = ctx
	if !requireLogin(ctx) {
		return
	}
	if id := portfolioIDFromPath(ctx.Page().URL().Path); id != p.id {
		p.id, p.name, p.cur, p.rep, p.by = id, "", "", wire.IncomeReport{}, "month"
		setFieldValue("income-by", "month")
	}
	p.loadName()
	p.load()
}

// loadName fetches the portfolio's name and currency.
func (p *incomePage) loadName() {
	id := p.id
	call(p.ctx, "GET", wire.Path(wire.RoutePortfolio, id), none{}, func(ctx app.Context, pf wire.Portfolio, err error) {
		if err == nil && id == p.id {
			p.name, p.cur = pf.Name, pf.Currency
			ctx.Page().SetTitle(p.title() + " · Fortfolio")
		}
	})
}

func (p *incomePage) title() string {
	if p.name == "" {
		return "Income"
	}
	return "Income — " + p.name
}

// load fetches the income report for the chosen granularity.
func (p *incomePage) load() {
	id := p.id
	p.status, p.err = statusLoading, ""
	path := wire.WithQuery(wire.Path(wire.RouteIncome, id), url.Values{"by": {p.by}})
	call(p.ctx, "GET", path, none{}, func(ctx app.Context, rep wire.IncomeReport, err error) {
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
		app.P().Body(app.A().Href("/portfolios/"+p.id).Text("Back to the portfolio"), app.Text(" · "),
			app.A().ID("income-to-gains").Href("/portfolios/"+p.id+"/realised-gains").Text("Realised gains"), app.Text(" · "),
			app.A().Href("/methodology").Text("How income and yields are computed")),
		app.Div().Class("form-grid card").Body(
			app.Label().Body(app.Text("Per"), app.Select().ID("income-by").OnChange(p.changeBy).Body(
				option("month", "Month", p.by), option("year", "Year", p.by))),
		),
		app.If(p.err != "", func() app.UI { return app.Div().Class("alert alert-error").ID("income-error").Text(p.err) }),
		app.If(p.status == statusLoading, func() app.UI { return app.P().Class("muted").Text("Loading…") }),
		app.If(p.status == statusLoaded, p.renderReport),
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
	return app.Div().ID("income-report").Body(
		app.Div().Class("cards").ID("income-summary").Body(
			metricCard("Income, last 12 months", money(r.Income12m, p.cur)),
			metricCard("Yield (trailing 12 months)", yield(r.Yield)),
			metricCard("Yield on cost", yield(r.YieldOnCost)),
			metricCard("Tax withheld, last 12 months", money(r.Tax12m, p.cur)),
		),
		app.P().Class("muted").Text("As of "+r.AsOf+" · market value "+money(r.MarketValue, p.cur)+" · cost basis "+money(r.CostBasis, p.cur)),
		app.If(r.Pending > 0, func() app.UI {
			return app.P().Class("muted").ID("income-pending").Text(plural(r.Pending, "entry is", "entries are") + " dated after the last price date and not counted yet.")
		}),
		newIncomeBars().Periods(r.Periods).Currency(p.cur),
		app.H2().Text("Per "+r.By),
		p.renderPeriods(),
		app.H2().Text("Per holding"),
		p.renderHoldings(),
	)
}

// metricCard is one labelled figure.
func metricCard(label, value string) app.UI {
	return app.Div().Class("metric").Body(app.Div().Class("metric-label").Text(label), app.Div().Class("metric-value").Text(value))
}

func (p *incomePage) renderPeriods() app.UI {
	ps := p.rep.Periods
	if len(ps) == 0 {
		return app.P().Class("empty").Text("No dividends, interest or tax recorded.")
	}
	t := p.rep.Totals
	return tableWrap().Body(app.Table().Class("table").ID("income-table").Body(
		app.THead().Body(app.Tr().Body(app.Th().Text("Period"), app.Th().Text("Dividends"), app.Th().Text("Interest"),
			app.Th().Text("Tax withheld"), app.Th().Text("Net"))),
		app.TBody().Body(app.Range(ps).Slice(func(i int) app.UI { return p.periodRow(ps[i], "") })),
		app.TFoot().Body(p.periodRow(t, "total")),
	))
}

func (p *incomePage) periodRow(r wire.IncomePeriod, cls string) app.UI {
	label := r.Period
	if cls == "total" {
		label = "Total"
	}
	return app.Tr().Class(cls).Body(app.Td().Text(label), app.Td().Class("num").Text(money(r.Dividends, p.cur)),
		app.Td().Class("num").Text(money(r.Interest, p.cur)), app.Td().Class("num").Text(money(r.Tax, p.cur)),
		app.Td().Class("num").Text(money(r.Net, p.cur)))
}

func (p *incomePage) renderHoldings() app.UI {
	hs := p.rep.Holdings
	if len(hs) == 0 {
		return app.P().Class("empty").Text("No open holdings.")
	}
	return tableWrap().Body(app.Table().Class("table").ID("income-holdings").Body(
		app.THead().Body(app.Tr().Body(app.Th().Text("Ticker"), app.Th().Text("Quantity"), app.Th().Text("Market value"),
			app.Th().Text("Cost basis"), app.Th().Text("Dividends, 12 months"), app.Th().Text("Tax withheld, 12 months"),
			app.Th().Text("Yield"), app.Th().Text("Yield on cost"))),
		app.TBody().Body(app.Range(hs).Slice(func(i int) app.UI {
			h := hs[i]
			return app.Tr().Body(app.Td().Text(h.Ticker), app.Td().Class("num").Text(quantity(h.Quantity, 2)),
				app.Td().Class("num").Text(money(h.MarketValue, p.cur)), app.Td().Class("num").Text(money(h.CostBasis, p.cur)),
				app.Td().Class("num").Text(money(h.Income12m, p.cur)), app.Td().Class("num").Text(money(h.Tax12m, p.cur)),
				app.Td().Class("num").Text(yield(h.Yield)),
				app.Td().Class("num").Text(yield(h.YieldOnCost)))
		})),
	))
}
