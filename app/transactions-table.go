package ui

import (
	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// transactionsTable lists a portfolio's transactions with edit and delete.
type transactionsTable struct {
	app.Compo
	ITxs      []wire.Transaction
	IOnEdit   func(ctx app.Context, t wire.Transaction)
	IOnDelete func(ctx app.Context, t wire.Transaction)
}

func newTransactionsTable() *transactionsTable { return &transactionsTable{} }

// Transactions sets the rows.
func (t *transactionsTable) Transactions(v []wire.Transaction) *transactionsTable {
	t.ITxs = v
	return t
}

// OnEdit sets the edit callback.
func (t *transactionsTable) OnEdit(f func(app.Context, wire.Transaction)) *transactionsTable {
	t.IOnEdit = f
	return t
}

// OnDelete sets the delete callback.
func (t *transactionsTable) OnDelete(f func(app.Context, wire.Transaction)) *transactionsTable {
	t.IOnDelete = f
	return t
}

func (t *transactionsTable) Render() app.UI {
	if len(t.ITxs) == 0 {
		return divID("empty", "transactions-empty", "No transactions yet. Add one or import a CSV file.")
	}
	return tableWrap().Body(elTable().ID("transactions-table").Body(
		thead(tr(
			th("Date"), th("Kind"), th("Ticker"),
			thc("num", "Quantity"), thc("num", "Price"),
			thc("num", "Fee"), th("Note"), elTh().Body(spanc("sr-only", "Actions")),
		)),
		tbody(app.Range(t.ITxs).Slice(func(i int) app.UI {
			x := t.ITxs[i]
			return elTr().Class("tx-row").DataSet("id", x.ID).Body(
				td(x.Date), td(x.Kind), td(x.Ticker),
				tdc("num", txQuantityText(x)),
				tdc("num", txPriceText(x)),
				tdc("num", txFeeText(x)),
				td(x.Note),
				elTd().Class("actions").Body(divc("row",
					elButton().Class("btn btn-small tx-edit").Text("Edit").OnClick(t.call(t.IOnEdit, x.ID), app.EventScope(x.ID)),
					elButton().Class("btn btn-small btn-danger tx-delete").Text("Delete").OnClick(t.call(t.IOnDelete, x.ID), app.EventScope(x.ID)),
				)),
			)
		})),
	))
}

// call passes the current row of id to f. go-app keeps the first handler
// of a row while its scope stays the same, so the handler looks the row up
// when clicked instead of holding a copy that an edit would make stale.
func (t *transactionsTable) call(f func(app.Context, wire.Transaction), id string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		if x, ok := txByID(t.ITxs, id); ok && f != nil {
			f(ctx, x)
		}
	}
}

// txByID returns the transaction of id in txs.
func txByID(txs []wire.Transaction, id string) (wire.Transaction, bool) {
	for _, x := range txs {
		if x.ID == id {
			return x, true
		}
	}
	return wire.Transaction{}, false
}

// txQuantityText is the quantity column: shares, a split's ratio, or
// nothing for a cash entry.
func txQuantityText(x wire.Transaction) string {
	switch {
	case x.Kind == "split":
		return "× " + exactQuantity(x.Ratio)
	case x.Amount != 0:
		return ""
	}
	return exactQuantity(x.Quantity)
}

// txFeeText is the fee column: a trade's fee, nothing for a cash entry or
// a split (they have none).
func txFeeText(x wire.Transaction) string {
	if x.Kind == "split" || x.Amount != 0 {
		return ""
	}
	return fmtNum(x.Fee, 2)
}

// txPriceText is the price column: the price per share, or a cash
// entry's amount with its currency.
func txPriceText(x wire.Transaction) string {
	switch {
	case x.Kind == "split":
		return ""
	case x.Amount != 0:
		return money(x.Amount, x.Currency)
	}
	return fmtNum(x.Price, 2)
}
