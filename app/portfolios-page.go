package ui

import (
	"context"

	"github.com/fortfolio/fortfolio/shared/validate"
	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// portfoliosPage lists the user's portfolios: create, rename, edit the
// note, delete (after confirmation), the example portfolio and the full
// data export.
type portfoliosPage struct {
	app.Compo
	list             []wire.Portfolio
	status, err, msg string
	name, note       string
	nameErr, noteErr string
	busy             bool
	editing          *wire.Portfolio
	editName         string
	editNote         string
	editErr          string
	deleting         *wire.Portfolio
	// ctx is the page's own context: async results are dispatched to it,
	// since the element that started a call may be gone when it returns.
	ctx app.Context
}

func newPortfoliosPage() *portfoliosPage { return &portfoliosPage{status: "loading"} }

func (p *portfoliosPage) OnNav(ctx app.Context) {
	p.ctx = ctx
	if !requireLogin(ctx) {
		return
	}
	p.load(ctx)
}

func (p *portfoliosPage) load(ctx app.Context) {
	p.ctx.Async(func() {
		var list []wire.Portfolio
		err := callAPI(context.Background(), "GET", "/api/portfolios", nil, &list)
		p.ctx.Dispatch(func(ctx app.Context) {
			if handleAuthError(ctx, err) {
				return
			}
			if err != nil {
				p.status, p.err = "error", err.Error()
				return
			}
			p.status, p.list = "loaded", list
		})
	})
}

func (p *portfoliosPage) Render() app.UI {
	return newLayout().Title("Portfolios").TitleClass("portfolios-title").Content(
		app.If(p.msg != "", func() app.UI { return app.Div().Class("alert alert-ok").ID("portfolios-msg").Text(p.msg) }),
		app.If(p.err != "", func() app.UI { return app.Div().Class("alert alert-error").ID("portfolios-error").Text(p.err) }),
		p.renderCreate(),
		app.If(p.status == "loading", func() app.UI { return app.P().Class("muted").Text("Loading your portfolios…") }),
		app.If(p.status == "loaded" && len(p.list) == 0, p.renderEmpty),
		app.If(len(p.list) > 0, p.renderList),
		app.Div().Class("row").Body(
			app.Button().Class("btn btn-small").ID("export-json").Text("Download all my data (JSON)").OnClick(p.exportAll),
		),
		app.If(p.editing != nil, p.renderEdit),
		app.If(p.deleting != nil, p.renderDelete),
	)
}

func (p *portfoliosPage) renderCreate() app.UI {
	return app.Form().Class("card").ID("create-portfolio").OnSubmit(p.create).Body(
		app.H2().Text("New portfolio"),
		app.Div().Class("form-grid").Body(
			app.Label().Body(app.Text("Name"), app.Input().ID("portfolio-name").MaxLength(validate.MaxPortfolioName).
				Value(p.name).OnInput(p.checkName)),
			app.Label().Body(app.Text("Note (optional)"), app.Input().ID("portfolio-note").
				Value(p.note).OnInput(p.checkNote)),
			app.Button().Class("btn btn-primary").ID("portfolio-create").Type("submit").Disabled(p.busy).Text("Create"),
		),
		app.If(p.nameErr != "", func() app.UI { return app.Div().Class("field-error").ID("portfolio-name-error").Text(p.nameErr) }),
		app.If(p.noteErr != "", func() app.UI { return app.Div().Class("field-error").Text(p.noteErr) }),
	)
}

func (p *portfoliosPage) renderEmpty() app.UI {
	return app.Div().Class("empty").ID("portfolios-empty").Body(
		app.P().Text("You have no portfolio yet. Create one above, or start with a ready-made example: "+
			"nine Dow Jones stocks bought at real 2010 prices, so you see holdings and analytics at once."),
		app.Button().Class("btn btn-primary").ID("create-example").Disabled(p.busy).Text("Create the example portfolio").OnClick(p.createExample),
	)
}

func (p *portfoliosPage) renderList() app.UI {
	return app.Div().Class("cards").ID("portfolio-list").Body(
		app.Range(p.list).Slice(func(i int) app.UI {
			pf := p.list[i]
			return app.Div().Class("card portfolio-card").Body(
				app.H3().Body(app.A().Class("portfolio-link").Href("/portfolios/"+pf.ID).Text(pf.Name)),
				app.If(pf.Note != "", func() app.UI { return app.P().Class("muted portfolio-note").Text(pf.Note) }),
				app.P().Class("muted").Text(plural(pf.Transactions, "transaction", "transactions")+" · updated "+fmtDate(pf.UpdatedAt)),
				app.Div().Class("row").Body(
					app.Button().Class("btn btn-small portfolio-edit").Text("Rename / note").OnClick(p.openEdit(pf), app.EventScope(pf.ID, pf.Name, pf.Note)),
					app.Button().Class("btn btn-small btn-danger portfolio-delete").Text("Delete").OnClick(p.openDelete(pf), app.EventScope(pf.ID, pf.Name)),
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
	p.save(ctx, "POST", "/api/portfolios", wire.PortfolioInput{Name: name, Note: p.note}, func() { p.name, p.note = "", "" })
}

func (p *portfoliosPage) createExample(ctx app.Context, e app.Event) {
	p.save(ctx, "POST", "/api/portfolios/example", nil, func() {})
}

// save sends a create or update, then reloads the list.
func (p *portfoliosPage) save(ctx app.Context, method, path string, in any, done func()) {
	p.busy, p.err, p.msg = true, "", ""
	p.ctx.Async(func() {
		var out wire.Portfolio
		err := callAPI(context.Background(), method, path, in, &out)
		p.ctx.Dispatch(func(ctx app.Context) {
			p.busy = false
			if handleAuthError(ctx, err) {
				return
			}
			if err != nil {
				p.err = err.Error()
				return
			}
			done()
			p.msg = "Saved “" + out.Name + "”."
			p.load(ctx)
		})
	})
}

func (p *portfoliosPage) exportAll(ctx app.Context, e app.Event) {
	p.ctx.Async(func() {
		text, err := fetchText(context.Background(), "GET", "/api/export.json", nil)
		p.ctx.Dispatch(func(ctx app.Context) {
			if handleAuthError(ctx, err) {
				return
			}
			if err != nil {
				p.err = err.Error()
				return
			}
			downloadText("fortfolio-export.json", "application/json", text)
		})
	})
}
