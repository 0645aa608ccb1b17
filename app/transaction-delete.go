package ui

import (
	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The delete confirmation of the portfolio page.

func (p *portfolioPage) askDelete(ctx app.Context, t wire.Transaction) { p.deleting = &t }

func (p *portfolioPage) renderDelete() app.UI {
	t := p.deleting
	cancel := func(ctx app.Context) { p.deleting = nil }
	return newDialog("tx-delete-dialog", "Delete transaction?").OnClose(cancel).Body(
		para(t.Date+" "+t.Kind+" "+exactQuantity(t.Quantity)+" "+t.Ticker+
			" at "+fmtNum(t.Price, 2)+". A delete that a later sell depends on is refused."),
		divc("row",
			button("btn btn-danger", "tx-delete-confirm", "Delete", p.confirmDelete),
			elButton().Class("btn").ID("tx-delete-cancel").Text("Cancel").OnClick(func(ctx app.Context, e app.Event) { cancel(ctx) }).
				DataSet("initial-focus", dialogInitialFocus),
		),
	)
}

func (p *portfolioPage) confirmDelete(ctx app.Context, e app.Event) {
	path := wire.Path(wire.RouteTransaction, p.id, p.deleting.ID)
	p.deleting, p.msg, p.err = nil, "", ""
	call(p.ctx, "DELETE", path, none{}, func(ctx app.Context, _ none, err error) {
		if err != nil {
			p.err = err.Error()
			return
		}
		p.msg = "Transaction deleted."
		p.load(ctx)
	})
}
