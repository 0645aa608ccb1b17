package ui

import (
	"net/url"
	"strings"

	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// analyticsPage shows a portfolio's performance, risk, allocation,
// correlations, stress tests, optimiser, tax-loss hints and PDF report.
type analyticsPage struct {
	compo
	portfolioHeading    // the portfolio's id, name and base currency
	from, to, bench, rf string
	rep                 wire.AnalyticsReport
	status              loadStatus
	err                 string
	// fieldErr holds the server's message per form field (benchmark, rf):
	// shown next to the field while the last report stays on the page.
	fieldErr map[string]string
	// rng is the range button in use ("max", "1y", ..., "custom"); end is
	// the last date of the whole history, which the ranges count back from.
	rng, end string
	// tools is the id of the portfolio the stress, optimiser, tax and
	// report panels are shown for; it lags id while switching portfolios
	// so that those panels are mounted afresh for the new one.
	tools string
	// ctx is the page's own context, the one its calls answer to (see
	// call.go).
	ctx app.Context
}

func newAnalyticsPage() *analyticsPage {
	return &analyticsPage{bench: "EQW", rng: "max",
		portfolioHeading: portfolioHeading{untitled: "Portfolio analytics", label: "Analytics"}}
}

// portfolioIDFromPath returns the id of /portfolios/{id}/analytics.
func portfolioIDFromPath(path string) string {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	if len(parts) == 3 {
		return parts[1]
	}
	return ""
}

func (p *analyticsPage) OnNav(ctx app.Context) {
	p.ctx = ctx
	if !requireLogin(ctx) {
		return
	}
	p.switchTo(portfolioIDFromPath(ctx.Page().URL().Path))
	p.loadHeading(ctx)
	p.load(ctx)
}

// switchTo points the page at portfolio id. go-app reuses this component
// when navigating from one portfolio's analytics to another's, so the
// previous portfolio's dates, report, name and panels are dropped.
func (p *analyticsPage) switchTo(id string) {
	if id == p.id {
		return
	}
	if p.id == "" {
		p.tools = id
	} else {
		p.tools = ""
	}
	p.id, p.name, p.rep = id, "", wire.AnalyticsReport{}
	p.from, p.to, p.bench, p.rf = "", "", "EQW", ""
	p.rng, p.end = "max", ""
	p.status, p.err, p.fieldErr = statusLoading, "", nil
	for field, v := range map[string]string{"an-from": "", "an-to": "", "an-bench": "EQW", "an-rf": ""} {
		setFieldValue(field, v)
	}
}

// load fetches the analytics report for the current form values.
func (p *analyticsPage) load(ctx app.Context) {
	q := url.Values{}
	for k, v := range map[string]string{"from": p.from, "to": p.to, "benchmark": strings.TrimSpace(p.bench), "rf": strings.TrimSpace(p.rf)} {
		if v != "" {
			q.Set(k, v)
		}
	}
	path := wire.Path(wire.RouteAnalytics, p.id) + "?" + q.Encode()
	had := p.status == statusLoaded
	p.status, p.err, p.fieldErr = statusLoading, "", nil
	id := p.id
	var rep wire.AnalyticsReport
	call(p.ctx, "GET", path, none{}, &rep, func(ctx app.Context, err error) {
		if id != p.id {
			return // the user has moved on to another portfolio
		}
		p.tools = id
		if ae, ok := asAPIError(err); ok && len(ae.Fields) > 0 {
			p.fieldErr, p.status = ae.Fields, statusFailed
			if had {
				p.status = statusLoaded // the last good report stays
			}
			return
		}
		if err != nil {
			p.status, p.err = statusFailed, err.Error()
			return
		}
		p.status, p.rep = statusLoaded, rep
		if p.to == "" {
			p.end = rep.To
		}
		if p.from == "" {
			p.from = rep.From
		}
		if p.to == "" {
			p.to = rep.To
		}
	})
}

func (p *analyticsPage) submit(ctx app.Context, e app.Event) {
	e.PreventDefault()
	p.rng = "custom"
	p.load(ctx)
}

func (p *analyticsPage) Render() app.UI {
	return newLayout().Title(p.title()).TitleClass("analytics-title").Content(
		elP().Body(elA().Attr("href", "/portfolios/"+p.id).Text("Back to the portfolio"), app.Text(" · "),
			elA().Attr("href", "/methodology").Text("How every number is computed")),
		p.renderRanges(),
		p.renderForm(),
		notice("error", "analytics-error", p.err),
		when(p.status == statusLoading, func() app.UI { return parac("muted", "Computing…") }),
		when(p.status == statusLoaded, p.renderReport),
		when(p.id != "" && p.tools == p.id, func() app.UI {
			return elDiv().Body(
				h2("Stress tests"), newStressTable().Portfolio(p.id).Currency(p.cur).Cash(p.rep.FlowsAre == "deposits"),
				h2("Optimiser"), newOptimizerPanel().Portfolio(p.id).Currency(p.cur),
				h2("Monte Carlo forecast"), newForecastPanel().Portfolio(p.id),
				h2("Tax-loss harvesting"), newTaxHarvestTable().Portfolio(p.id).Currency(p.cur),
				h2("Report"), newReportDialog().Portfolio(p.id),
			)
		}),
	)
}

func (p *analyticsPage) renderForm() app.UI {
	return elForm().Class("form-grid card").ID("analytics-form").OnSubmit(p.submit).Body(
		label("From", elInput().Attr("type", "date").ID("an-from").Attr("value", p.from).OnChange(p.ValueTo(&p.from))),
		label("To", elInput().Attr("type", "date").ID("an-to").Attr("value", p.to).OnChange(p.ValueTo(&p.to))),
		label("Benchmark (EQW or ticker)", p.checked(elInput().ID("an-bench").Attr("maxlength", 10).Attr("value", p.bench).OnChange(p.ValueTo(&p.bench)), "benchmark"),
			p.fieldMessage("benchmark")),
		label("Risk-free rate (e.g. 0.02)", p.checked(elInput().ID("an-rf").Attr("inputmode", "decimal").Attr("value", p.rf).OnChange(p.ValueTo(&p.rf)), "rf"),
			p.fieldMessage("rf")),
		elButton().Class("btn btn-primary").ID("an-submit").Attr("type", "submit").Text("Update"),
	)
}

// checked marks an input invalid when the server refused its value, and
// points it at the message.
func (p *analyticsPage) checked(in app.HTMLElemSelfClosing, field string) app.HTMLElemSelfClosing {
	if p.fieldErr[field] == "" {
		return in
	}
	return in.Aria("invalid", "true").Aria("describedby", "an-"+field+"-error")
}

// fieldMessage is the server's message about one field, under it.
func (p *analyticsPage) fieldMessage(field string) app.UI {
	msg := p.fieldErr[field]
	return when(msg != "", func() app.UI {
		return elDiv().Class("field-error").ID("an-"+field+"-error").Attr("role", "alert").Text(msg)
	})
}

func (p *analyticsPage) renderReport() app.UI {
	r := p.rep
	return elDiv().ID("analytics-report").Body(
		parac("muted", "Period "+r.From+" to "+r.To+" · start value "+money(r.StartValue, p.cur)+
			" · end value "+money(r.EndValue, p.cur)+" · net flows "+money(r.NetFlows, p.cur)+" · dividends "+money(r.Dividends, p.cur)),
		when(r.Benchmark != nil, func() app.UI {
			return parac("muted", "Benchmark "+r.Benchmark.Ticker+": "+formatMetric(r.Benchmark.TotalReturn, "pct"))
		}),
		p.renderReturns(),
		newMetricCards().Metrics(r.Metrics),
		newPerformancePanel().Report(r, p.cur),
		newDrawdownPanel().Report(r),
		h2("Allocation"),
		newAllocationCharts().Currency(p.cur).Groups(allocGroup{Key: "sector", Label: "Sector", Rows: r.Sectors},
			allocGroup{Key: "country", Label: "Country", Rows: r.Countries},
			allocGroup{Key: "currency", Label: "Currency", Rows: r.Currencies},
			allocGroup{Key: "kind", Label: "Asset kind", Rows: r.AssetKinds}),
		h3("Country exposure"),
		newWorldMap().Rows(r.Countries),
		h2("Holdings"),
		p.renderHoldings(),
		h2("Correlation of daily returns"),
		newCorrelationHeatmap().Matrix(r.Correlation),
	)
}

func (p *analyticsPage) renderHoldings() app.UI {
	hs := p.rep.Holdings
	return tableWrap().Body(elTable().Class("table").ID("holdings-table").Body(
		thead(tr(th("Ticker"), numTh("Quantity"), numTh("Value"),
			numTh("Weight"), numTh("Price return"), numTh("Contribution"), numTh("Risk share"))),
		tbody(app.Range(hs).Slice(func(i int) app.UI {
			h := hs[i]
			return tr(td(h.Ticker), tdc("num", quantity(h.Quantity, 2)),
				tdc("num", money(h.MarketValue, p.cur)), tdc("num", fmtPct(h.Weight)),
				tdc("num", priceReturnText(h)), tdc("num", fmtPct(h.ContributionReturn)),
				tdc("num", formatMetric(h.ContributionRisk, "pct")))
		})),
	))
}

// renderReturns shows the time-weighted and money-weighted returns side by
// side, with why they differ.
func (p *analyticsPage) renderReturns() app.UI {
	r := p.rep
	flows := "deposits and withdrawals"
	if r.FlowsAre != "deposits" {
		flows = "buys (money put in) and sales, dividends and fees (money taken out), since the portfolio records no deposits"
	}
	mwr := formatMetric(r.MWR, "pct")
	if r.MWR != nil {
		mwr += " a year"
	}
	return divcID("card", "returns-compare",
		divc("cards",
			holdingMetric("Time-weighted return", formatMetric(r.Metrics.TotalReturn, "pct"), "the investments' own performance over the period", "twr"),
			holdingMetric("Money-weighted return", mwr, "XIRR of the flows and the end value ("+formatMetric(r.MWRPeriod, "pct")+" over the period)", "mwr"),
		),
		paraID("muted", "returns-why", "TWR measures the investments and ignores when money came in or out; "+
			"MWR is your own return on the money you put in, so it is higher when more money was invested before gains and lower when it arrived before losses. "+
			"Flows here: "+flows+"."),
	)
}

// priceReturnText is a holding's price return in the base currency and,
// for a holding in another currency, its local and currency parts.
func priceReturnText(h wire.Holding) string {
	s := formatMetric(h.PriceReturn, "pct")
	if h.Currency != "" && h.LocalReturn != nil && h.CurrencyReturn != nil {
		s += " (" + formatMetric(h.LocalReturn, "pct") + " in " + h.Currency + ", " + formatMetric(h.CurrencyReturn, "pct") + " currency)"
	}
	return s
}
