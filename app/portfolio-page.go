package ui

import (
	"context"
	"strings"

	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// portfolioPage shows one portfolio: holdings with exposure and a price
// chart, the transactions with add/edit/delete, CSV import and export, and
// the link to the analytics page (/portfolios/{id}/analytics).
type portfolioPage struct {
	app.Compo
	id          string
	pf          wire.Portfolio
	txs         []wire.Transaction
	hold        wire.Holdings
	status, err string
	msg         string
	tab         string
	editing     wire.Transaction
	showForm    bool
	showImport  bool
	deleting    *wire.Transaction
	chart       string
	// ctx is the page's own context: async results are dispatched to it,
	// since the element that started a call may be gone when it returns.
	ctx app.Context
}

func newPortfolioPage() *portfolioPage { return &portfolioPage{status: "loading", tab: "holdings"} }

func (p *portfolioPage) OnNav(ctx app.Context) {
	p.ctx = ctx
	if !requireLogin(ctx) {
		return
	}
	p.switchTo(strings.TrimPrefix(ctx.Page().URL().Path, "/portfolios/"))
	p.load(ctx)
}

// switchTo points the page at portfolio id. go-app reuses this component
// when navigating from one portfolio to another, so everything shown for
// the previous portfolio (tab, chart, message, open dialogs) is dropped.
func (p *portfolioPage) switchTo(id string) {
	if id == p.id {
		return
	}
	p.id, p.pf, p.txs, p.hold = id, wire.Portfolio{}, nil, wire.Holdings{}
	p.status, p.err, p.msg, p.tab, p.chart = "loading", "", "", "holdings", ""
	p.editing, p.showForm, p.showImport, p.deleting = wire.Transaction{}, false, false, nil
}

// load fetches the portfolio, its transactions and its holdings.
func (p *portfolioPage) load(ctx app.Context) {
	id := p.id
	p.ctx.Async(func() {
		bg := context.Background()
		var pf wire.Portfolio
		var txs []wire.Transaction
		var hold wire.Holdings
		err := callAPI(bg, "GET", "/api/portfolios/"+id, nil, &pf)
		if err == nil {
			err = callAPI(bg, "GET", "/api/portfolios/"+id+"/transactions", nil, &txs)
		}
		if err == nil {
			err = callAPI(bg, "GET", "/api/portfolios/"+id+"/holdings", nil, &hold)
		}
		p.ctx.Dispatch(func(ctx app.Context) {
			if id != p.id {
				return // the user has moved on to another portfolio
			}
			if handleAuthError(ctx, err) {
				return
			}
			if err != nil {
				p.status, p.err = "error", err.Error()
				return
			}
			p.status, p.err, p.pf, p.txs, p.hold = "loaded", "", pf, txs, hold
			ctx.Page().SetTitle(pf.Name + " · Fortfolio")
			if p.chart == "" && len(hold.Positions) > 0 {
				p.chart = hold.Positions[0].Ticker
			}
		})
	})
}

func (p *portfolioPage) Render() app.UI {
	title := p.pf.Name
	if p.status == "error" {
		title = "Portfolio"
	}
	return newLayout().Title(title).TitleClass("portfolio-title").Content(
		app.P().Body(app.A().Href("/portfolios").Text("← All portfolios")),
		app.If(p.pf.Note != "", func() app.UI { return app.P().Class("muted").ID("portfolio-note").Text(p.pf.Note) }),
		app.If(p.msg != "", func() app.UI { return app.Div().Class("alert alert-ok").ID("portfolio-msg").Text(p.msg) }),
		app.If(p.err != "", func() app.UI { return app.Div().Class("alert alert-error").ID("portfolio-error").Text(p.err) }),
		app.If(p.status == "loading", func() app.UI { return app.P().Class("muted").Text("Loading…") }),
		app.If(p.status == "loaded", p.renderLoaded),
	)
}

func (p *portfolioPage) renderLoaded() app.UI {
	return app.Div().Body(
		app.Div().Class("row").Body(
			app.Button().Class("btn btn-primary").ID("add-tx").Text("Add transaction").OnClick(p.openForm(wire.Transaction{})),
			app.Button().Class("btn").ID("open-import").Text("Import CSV").OnClick(p.toggleImport),
			app.Button().Class("btn").ID("export-csv").Text("Export CSV").OnClick(p.exportCSV),
		),
		app.If(p.showForm, func() app.UI {
			return newTransactionForm().PortfolioID(p.id).Edit(p.editing).OnSaved(p.saved).OnCancel(p.closeForm)
		}),
		app.If(p.showImport, func() app.UI {
			return newImportDialog().PortfolioID(p.id).OnDone(p.imported).OnClose(p.closeImport)
		}),
		// Tab bar: Holdings and Transactions here; Analytics is its own page.
		app.Nav().Class("tabs").ID("portfolio-tabs").Body(
			p.tabButton("holdings", "Holdings"),
			p.tabButton("transactions", "Transactions"),
			app.A().Class("tab").ID("tab-analytics").Href("/portfolios/"+p.id+"/analytics").Text("Analytics"),
		),
		app.If(p.tab == "holdings", func() app.UI {
			return app.Div().Body(
				newHoldingsTable().Holdings(p.hold).OnSelect(p.selectChart),
				newPriceChart().Ticker(p.chart),
			)
		}).Else(func() app.UI {
			return newTransactionsTable().Transactions(p.txs).OnEdit(p.edit).OnDelete(p.askDelete)
		}),
		app.If(p.deleting != nil, p.renderDelete),
	)
}

func (p *portfolioPage) tabButton(key, label string) app.UI {
	cls := "tab"
	if p.tab == key {
		cls += " active"
	}
	return app.Button().Class(cls).ID("tab-" + key).Text(label).OnClick(func(ctx app.Context, e app.Event) { p.tab = key })
}

func (p *portfolioPage) openForm(t wire.Transaction) app.EventHandler {
	return func(ctx app.Context, e app.Event) { p.edit(ctx, t) }
}

func (p *portfolioPage) edit(ctx app.Context, t wire.Transaction) {
	p.editing, p.showForm, p.showImport, p.msg = t, true, false, ""
}

func (p *portfolioPage) closeForm(ctx app.Context) { p.showForm, p.editing = false, wire.Transaction{} }

func (p *portfolioPage) saved(ctx app.Context) {
	p.closeForm(ctx)
	p.msg = "Transaction saved."
	p.load(ctx)
}

func (p *portfolioPage) toggleImport(ctx app.Context, e app.Event) {
	p.showImport, p.showForm = !p.showImport, false
}

func (p *portfolioPage) closeImport(ctx app.Context) { p.showImport = false }

func (p *portfolioPage) imported(ctx app.Context, n int) {
	p.showImport, p.msg = false, "Imported "+plural(n, "transaction", "transactions")+"."
	p.load(ctx)
}

func (p *portfolioPage) selectChart(ctx app.Context, ticker string) { p.chart = ticker }

func (p *portfolioPage) exportCSV(ctx app.Context, e app.Event) {
	id := p.id
	p.ctx.Async(func() {
		text, err := fetchText(context.Background(), "GET", "/api/portfolios/"+id+"/export.csv", nil)
		p.ctx.Dispatch(func(ctx app.Context) {
			if handleAuthError(ctx, err) {
				return
			}
			if err != nil {
				p.err = err.Error()
				return
			}
			downloadText("portfolio-"+id+".csv", "text/csv", text)
		})
	})
}
