package ui

import (
	"strings"

	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The delete confirmation of the portfolio page.

func (p *portfolioPage) askDelete(ctx app.Context, t wire.Transaction) { p.deleting = &t }

func (p *portfolioPage) renderDelete() app.UI {
	t := p.deleting
	cancel := func(ctx app.Context) { p.deleting = nil }
	return newDialog("tx-delete-dialog", "Delete transaction?").OnClose(cancel).Body(
		para(txSummary(*t)+". A delete that a later sell depends on is refused."),
		divc("row",
			button("btn btn-danger", "tx-delete-confirm", "Delete", p.confirmDelete),
			elButton().Class("btn").ID("tx-delete-cancel").Text("Cancel").OnClick(func(ctx app.Context, e app.Event) { cancel(ctx) }).
				DataSet("initial-focus", dialogInitialFocus),
		),
	)
}

// txSummary describes a transaction in one line: a trade's shares and
// price, a cash entry's amount, a split's ratio.
func txSummary(t wire.Transaction) string {
	parts := []string{t.Date, t.Kind}
	switch {
	case t.Kind == "split":
		parts = append(parts, t.Ticker, txQuantityText(t))
	case t.Amount != 0:
		parts = append(parts, txPriceText(t))
		if t.Ticker != "" {
			parts = append(parts, "for "+t.Ticker)
		}
	default:
		parts = append(parts, exactQuantity(t.Quantity), t.Ticker, "at "+txPriceText(t))
	}
	return strings.Join(parts, " ")
}

func (p *portfolioPage) confirmDelete(ctx app.Context, e app.Event) {
	path := wire.Path(wire.RouteTransaction, p.id, p.deleting.ID)
	p.deleting, p.msg, p.err = nil, "", ""
	call(p.ctx, "DELETE", path, none{}, new(none), func(ctx app.Context, err error) {
		if err != nil {
			p.err = err.Error()
			return
		}
		p.msg = "Transaction deleted."
		p.load(ctx)
	})
}
