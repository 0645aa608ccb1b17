package ui

import (
	"github.com/fortfolio/fortfolio/shared/validate"
	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// portfoliosPage lists the user's portfolios: create, rename, edit the
// note, delete (after confirmation), the example portfolio and the full
// data export.
type portfoliosPage struct {
	compo
	list             []wire.Portfolio
	status           loadStatus
	err, msg         string
	name, note       string
	currency         string // base currency of a new portfolio ("" = USD)
	nameErr, noteErr string
	busy             bool
	editing          *wire.Portfolio
	editName         string
	editNote         string
	editCurrency     string
	editErr          string
	deleting         *wire.Portfolio
	// ctx is the page's own context, the one its calls answer to (see
	// call.go).
	ctx app.Context
}

func newPortfoliosPage() *portfoliosPage { return &portfoliosPage{status: statusLoading} }

func (p *portfoliosPage) OnNav(ctx app.Context) {
	p.ctx = ctx
	if !requireLogin(ctx) {
		return
	}
	p.load(ctx)
}

func (p *portfoliosPage) load(ctx app.Context) {
	var list []wire.Portfolio
	call(p.ctx, "GET", wire.RoutePortfolios, none{}, &list, func(ctx app.Context, err error) {
		if err != nil {
			p.status, p.err = statusFailed, err.Error()
			return
		}
		p.status, p.list = statusLoaded, list
	})
}

func (p *portfoliosPage) Render() app.UI {
	return newLayout().Title("Portfolios").TitleClass("portfolios-title").Content(
		notice("ok", "portfolios-msg", p.msg),
		notice("error", "portfolios-error", p.err),
		p.renderCreate(),
		when(p.status == statusLoading, func() app.UI { return parac("muted", "Loading your portfolios…") }),
		when(p.status == statusLoaded && len(p.list) == 0, p.renderEmpty),
		when(len(p.list) > 0, p.renderList),
		divc("row",
			button("btn btn-small", "export-json", "Download all my data (JSON)", p.exportAll),
			elA().Class("btn btn-small").ID("my-assets").Attr("href", "/assets").Text("My assets (prices the market data lacks)"),
		),
		when(p.editing != nil, p.renderEdit),
		when(p.deleting != nil, p.renderDelete),
	)
}

func (p *portfoliosPage) renderCreate() app.UI {
	return elForm().Class("card").ID("create-portfolio").OnSubmit(p.create).Body(
		h2("New portfolio"),
		divc("form-grid",
			label("Name", elInput().ID("portfolio-name").Attr("maxlength", validate.MaxPortfolioName).
				Attr("value", p.name).OnInput(p.checkName)),
			label("Note (optional)", elInput().ID("portfolio-note").
				Attr("value", p.note).OnInput(p.checkNote)),
			label("Base currency", newCurrencySelect().ID("portfolio-currency").Value(p.currency).
				OnChange(func(ctx app.Context, v string) { p.currency = v })),
			formButton("btn btn-primary", "portfolio-create", "submit", p.busy, "Create"),
		),
		fieldNotice("portfolio-name-error", p.nameErr),
		fieldNotice("", p.noteErr),
	)
}

func (p *portfoliosPage) renderEmpty() app.UI {
	return divcID("empty", "portfolios-empty",
		para("You have no portfolio yet. Create one above, or start with a ready-made example: "+
			"nine Dow Jones stocks bought at real 2010 prices, so you see holdings and analytics at once."),
		stateButton("btn btn-primary", "create-example", p.busy, "Create the example portfolio", p.createExample),
	)
}

func (p *portfoliosPage) renderList() app.UI {
	return divcID("cards", "portfolio-list",
		app.Range(p.list).Slice(func(i int) app.UI {
			pf := p.list[i]
			return divc("card portfolio-card",
				el("h3").Body(elA().Class("portfolio-link").Attr("href", "/portfolios/"+pf.ID).Text(pf.Name)),
				when(pf.Note != "", func() app.UI { return parac("muted portfolio-note", pf.Note) }),
				parac("muted", plural(pf.Transactions, "transaction", "transactions")+" · "+baseOf(pf.Currency)+" · updated "+fmtDate(pf.UpdatedAt)),
				elDiv().Class("row").Body(
					elButton().Class("btn btn-small portfolio-edit").Text("Rename / note").OnClick(p.openEdit(pf.ID), app.EventScope(pf.ID)),
					elButton().Class("btn btn-small btn-danger portfolio-delete").Text("Delete").OnClick(p.openDelete(pf.ID), app.EventScope(pf.ID)),
				),
			)
		}),
	)
}

func (p *portfoliosPage) checkName(ctx app.Context, e app.Event) {
	p.name = ctx.JSSrc().Get("value").String()
	p.nameErr = ""
	if _, err := validate.PortfolioName(p.name); err != nil && p.name != "" {
		p.nameErr = err.Error()
	}
}

func (p *portfoliosPage) checkNote(ctx app.Context, e app.Event) {
	p.note = ctx.JSSrc().Get("value").String()
	p.noteErr = ""
	if _, err := validate.PortfolioNote(p.note); err != nil {
		p.noteErr = err.Error()
	}
}

func (p *portfoliosPage) create(ctx app.Context, e app.Event) {
	e.PreventDefault()
	name, err := validate.PortfolioName(p.name)
	if err != nil {
		p.nameErr = err.Error()
		return
	}
	if p.noteErr != "" {
		return
	}
	p.save(ctx, "POST", wire.RoutePortfolios, wire.PortfolioInput{Name: name, Note: p.note, Currency: p.currency},
		func() { p.name, p.note, p.currency = "", "", "" })
}

func (p *portfoliosPage) createExample(ctx app.Context, e app.Event) {
	p.save(ctx, "POST", wire.RoutePortfolioExample, nil, func() {})
}

// save sends a create or update, then reloads the list.
func (p *portfoliosPage) save(ctx app.Context, method, path string, in any, done func()) {
	p.busy, p.err, p.msg = true, "", ""
	var out wire.Portfolio
	call(p.ctx, method, path, in, &out, func(ctx app.Context, err error) {
		p.busy = false
		if err != nil {
			p.err = err.Error()
			return
		}
		done()
		p.msg = "Saved “" + out.Name + "”."
		p.load(ctx)
	})
}

func (p *portfoliosPage) exportAll(ctx app.Context, e app.Event) {
	var f download
	call(p.ctx, "GET", wire.RouteExportJSON, none{}, &f, func(ctx app.Context, err error) {
		if err != nil {
			p.err = err.Error()
			return
		}
		downloadText("fortfolio-export.json", "application/json", string(f.Data))
	})
}
