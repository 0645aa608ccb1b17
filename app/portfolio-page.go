package ui

import (
	"context"
	"strings"

	"github.com/fortfolio/fortfolio/shared/validate"
	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// portfolioPage shows one portfolio: holdings with exposure and a price
// chart, the transactions with add/edit/delete, CSV import and export, and
// the link to the analytics page (/portfolios/{id}/analytics).
type portfolioPage struct {
	compo
	id         string
	pf         wire.Portfolio
	txs        []wire.Transaction
	hold       wire.Holdings
	status     loadStatus
	err        string
	msg        string
	tab        string
	editing    wire.Transaction
	showForm   bool
	showImport bool
	deleting   *wire.Transaction
	chart      string
	newKind    string // kind preset of a new transaction (Deposit, Withdraw)
	// ctx is the page's own context, the one its calls answer to (see
	// call.go).
	ctx app.Context
}

func newPortfolioPage() *portfolioPage { return &portfolioPage{status: statusLoading, tab: "holdings"} }

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
	p.status, p.err, p.msg, p.tab, p.chart = statusLoading, "", "", "holdings", ""
	p.editing, p.showForm, p.showImport, p.deleting = wire.Transaction{}, false, false, nil
}

// portfolioView is what the page shows of one portfolio.
type portfolioView struct {
	pf   wire.Portfolio
	txs  []wire.Transaction
	hold wire.Holdings
}

// load fetches the portfolio, its transactions and its holdings.
func (p *portfolioPage) load(ctx app.Context) {
	id := p.id
	var v portfolioView
	work(p.ctx, signedInCall, func(c context.Context) error {
		if err := fetchInto(c, "GET", wire.Path(wire.RoutePortfolio, id), none{}, &v.pf); err != nil {
			return err
		}
		if err := fetchInto(c, "GET", wire.Path(wire.RouteTransactions, id), none{}, &v.txs); err != nil {
			return err
		}
		return fetchInto(c, "GET", wire.Path(wire.RouteHoldings, id), none{}, &v.hold)
	}, func(ctx app.Context, err error) {
		if id != p.id {
			return // the user has moved on to another portfolio
		}
		if err != nil {
			p.status, p.err = statusFailed, err.Error()
			return
		}
		p.status, p.err, p.pf, p.txs, p.hold = statusLoaded, "", v.pf, v.txs, v.hold
		ctx.Page().SetTitle(v.pf.Name + " · Fortfolio")
		if p.chart == "" && len(v.hold.Positions) > 0 {
			p.chart = v.hold.Positions[0].Ticker
		}
	})
}

func (p *portfolioPage) Render() app.UI {
	title := p.pf.Name
	if p.status == statusFailed {
		title = "Portfolio"
	}
	return newLayout().Title(title).TitleClass("portfolio-title").Content(
		elP().Body(elA().Attr("href", "/portfolios").Text("← All portfolios")),
		when(p.pf.Note != "", func() app.UI { return paraID("muted", "portfolio-note", p.pf.Note) }),
		notice("ok", "portfolio-msg", p.msg),
		notice("error", "portfolio-error", p.err),
		when(p.status == statusLoading, func() app.UI { return parac("muted", "Loading…") }),
		when(p.status == statusLoaded, p.renderLoaded),
	)
}

func (p *portfolioPage) renderLoaded() app.UI {
	return elDiv().Body(
		divc("row",
			button("btn btn-primary", "add-tx", "Add transaction", p.openForm(wire.Transaction{})),
			button("btn", "add-deposit", "Deposit", p.openKind(validate.KindDeposit)),
			button("btn", "add-withdrawal", "Withdraw", p.openKind(validate.KindWithdrawal)),
			button("btn", "open-import", "Import CSV", p.toggleImport),
			button("btn", "export-csv", "Export CSV", p.exportCSV),
		),
		when(p.showForm, func() app.UI {
			return newTransactionForm().PortfolioID(p.id).Edit(p.editing).Kind(p.newKind).Currency(p.pf.Currency).
				OnSaved(p.saved).OnCancel(p.closeForm)
		}),
		when(p.showImport, func() app.UI {
			return newImportDialog().PortfolioID(p.id).OnDone(p.imported).OnClose(p.closeImport)
		}),
		// Tab bar: Holdings and Transactions here; Analytics, Income and
		// Realised gains are pages of their own.
		el("nav").Class("tabs").ID("portfolio-tabs").Body(
			p.tabButton("holdings", "Holdings"),
			p.tabButton("transactions", "Transactions"),
			elA().Class("tab").ID("tab-analytics").Attr("href", "/portfolios/"+p.id+"/analytics").Text("Analytics"),
			elA().Class("tab").ID("tab-income").Attr("href", "/portfolios/"+p.id+"/income").Text("Income"),
			elA().Class("tab").ID("tab-gains").Attr("href", "/portfolios/"+p.id+"/realised-gains").Text("Realised gains"),
		),
		app.If(p.tab == "holdings", func() app.UI {
			return elDiv().Body(
				elH2().Class("sr-only").Text("Holdings"),
				newCashPanel().Holdings(p.hold).Currency(p.pf.Currency),
				newHoldingsTable().Holdings(p.hold).Currency(p.pf.Currency).OnSelect(p.selectChart),
				newPriceChart().Ticker(p.chart),
			)
		}).Else(func() app.UI {
			return elDiv().Body(
				elH2().Class("sr-only").Text("Transactions"),
				newTransactionsTable().Transactions(p.txs).OnEdit(p.edit).OnDelete(p.askDelete),
			)
		}),
		when(p.deleting != nil, p.renderDelete),
	)
}

func (p *portfolioPage) tabButton(key, label string) app.UI {
	cls := "tab"
	if p.tab == key {
		cls += " active"
	}
	return button(cls, "tab-"+key, label, func(ctx app.Context, e app.Event) { p.tab, p.msg, p.err = key, "", "" })
}

func (p *portfolioPage) openForm(t wire.Transaction) app.EventHandler {
	return func(ctx app.Context, e app.Event) { p.edit(ctx, t) }
}

func (p *portfolioPage) edit(ctx app.Context, t wire.Transaction) {
	p.editing, p.showForm, p.showImport, p.msg, p.err, p.newKind = t, true, false, "", "", ""
}

// openKind opens the form for a new transaction of kind (deposit, withdraw).
func (p *portfolioPage) openKind(kind string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		p.editing, p.showForm, p.showImport, p.msg, p.newKind = wire.Transaction{}, true, false, "", kind
	}
}

func (p *portfolioPage) closeForm(ctx app.Context) { p.showForm, p.editing = false, wire.Transaction{} }

func (p *portfolioPage) saved(ctx app.Context) {
	p.closeForm(ctx)
	p.msg, p.err = "Transaction saved.", ""
	p.load(ctx)
}

func (p *portfolioPage) toggleImport(ctx app.Context, e app.Event) {
	p.showImport, p.showForm, p.msg, p.err = !p.showImport, false, "", ""
}

func (p *portfolioPage) closeImport(ctx app.Context) { p.showImport = false }

func (p *portfolioPage) imported(ctx app.Context, n int) {
	p.showImport, p.msg, p.err = false, "Imported "+plural(n, "transaction", "transactions")+".", ""
	p.load(ctx)
}

func (p *portfolioPage) selectChart(ctx app.Context, ticker string) { p.chart = ticker }

func (p *portfolioPage) exportCSV(ctx app.Context, e app.Event) {
	p.msg, p.err = "", ""
	id := p.id
	var f download
	call(p.ctx, "GET", wire.Path(wire.RouteExportCSV, id), none{}, &f, func(ctx app.Context, err error) {
		if err != nil {
			p.err = err.Error()
			return
		}
		name := f.Name
		if name == "" {
			name = "portfolio.csv"
		}
		downloadText(name, "text/csv", string(f.Data))
	})
}
