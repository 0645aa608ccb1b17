package ui

import (
	"github.com/fortfolio/fortfolio/shared/validate"
	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The rename and delete dialogs of the portfolios page.

// openEdit opens the rename dialog with the portfolio of id as it is
// now: go-app keeps a card's first handler while its scope stays the same,
// so the handler looks the portfolio up instead of holding a stale copy.
func (p *portfoliosPage) openEdit(id string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		if pf, ok := p.portfolio(id); ok {
			p.editing, p.editName, p.editNote, p.editCurrency, p.editErr = &pf, pf.Name, pf.Note, pf.Currency, ""
		}
	}
}

func (p *portfoliosPage) openDelete(id string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		if pf, ok := p.portfolio(id); ok {
			p.deleting = &pf
		}
	}
}

// portfolio returns the listed portfolio of id.
func (p *portfoliosPage) portfolio(id string) (wire.Portfolio, bool) {
	for _, pf := range p.list {
		if pf.ID == id {
			return pf, true
		}
	}
	return wire.Portfolio{}, false
}

func (p *portfoliosPage) closeDialogs(ctx app.Context, e app.Event) { p.closeAll(ctx) }

// closeAll closes the rename and delete dialogs.
func (p *portfoliosPage) closeAll(ctx app.Context) { p.editing, p.deleting = nil, nil }

func (p *portfoliosPage) renderEdit() app.UI {
	return newDialog("edit-dialog", "Rename portfolio").Class("stack").OnSubmit(p.saveEdit).OnClose(p.closeAll).Body(
		label("Name", elInput().ID("edit-name").Attr("maxlength", validate.MaxPortfolioName).
			Attr("value", p.editName).OnInput(p.ValueTo(&p.editName))),
		label("Note", elTextarea().ID("edit-note").Text(p.editNote).OnInput(p.ValueTo(&p.editNote))),
		label("Base currency (every figure is recomputed in it)", newCurrencySelect().ID("edit-currency").
			Value(p.editCurrency).OnChange(func(ctx app.Context, v string) { p.editCurrency = v })),
		fieldNotice("edit-error", p.editErr),
		divc("row",
			elButton().Class("btn btn-primary").ID("edit-save").Attr("type", "submit").Text("Save"),
			elButton().Class("btn").Attr("type", "button").Text("Cancel").OnClick(p.closeDialogs),
		),
	)
}

func (p *portfoliosPage) saveEdit(ctx app.Context, e app.Event) {
	e.PreventDefault()
	name, err := validate.PortfolioName(p.editName)
	if err == nil {
		_, err = validate.PortfolioNote(p.editNote)
	}
	if err != nil {
		p.editErr = err.Error()
		return
	}
	id := p.editing.ID
	p.editing = nil
	p.save(ctx, "PUT", wire.Path(wire.RoutePortfolio, id), wire.PortfolioInput{Name: name, Note: p.editNote, Currency: p.editCurrency}, func() {})
}

func (p *portfoliosPage) renderDelete() app.UI {
	return newDialog("delete-dialog", "Delete portfolio?").OnClose(p.closeAll).Body(
		elP().Body(app.Text("This deletes “"), elStrong().Text(p.deleting.Name),
			app.Text("” and all its transactions. This cannot be undone.")),
		divc("row",
			button("btn btn-danger", "delete-confirm", "Delete", p.confirmDelete),
			elButton().Class("btn").ID("delete-cancel").Text("Cancel").OnClick(p.closeDialogs).
				DataSet("initial-focus", dialogInitialFocus),
		),
	)
}

func (p *portfoliosPage) confirmDelete(ctx app.Context, e app.Event) {
	id, name := p.deleting.ID, p.deleting.Name
	p.deleting = nil
	call(p.ctx, "DELETE", wire.Path(wire.RoutePortfolio, id), none{}, new(none), func(ctx app.Context, err error) {
		if err != nil {
			p.err = err.Error()
			return
		}
		p.msg = "Deleted “" + name + "”."
		p.load(ctx)
	})
}
