package ui

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/fortfolio/fortfolio/shared/validate"
	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// transactionForm adds or edits a transaction. It runs the shared
// validator on every keystroke, so it shows the errors the API would give.
type transactionForm struct {
	compo
	IPortfolioID string
	IEdit        wire.Transaction // zero value: a new transaction
	IOnSaved     func(ctx app.Context)
	IOnCancel    func(ctx app.Context)

	loaded                string // id of the transaction loaded into the fields ("new" for none)
	date, kind, ticker    string
	qty, price, fee, note string
	lots                  []wire.LotPick // the lots a sell names (see sale-lots.go)
	errs                  map[string]string
	touched               map[string]bool
	serverErr             string
	// serverFields are the server's per-field messages of the last save;
	// each is shown under its field until that field is edited.
	serverFields map[string]string
	busy         bool
	ctx          app.Context // the form's own context (see call.go)
}

func newTransactionForm() *transactionForm { return &transactionForm{} }

// PortfolioID sets the portfolio the transaction belongs to.
func (f *transactionForm) PortfolioID(id string) *transactionForm { f.IPortfolioID = id; return f }

// Edit loads an existing transaction (the zero value adds a new one).
func (f *transactionForm) Edit(t wire.Transaction) *transactionForm { f.IEdit = t; return f }

// OnSaved is called after a successful save.
func (f *transactionForm) OnSaved(fn func(ctx app.Context)) *transactionForm {
	f.IOnSaved = fn
	return f
}

// OnCancel is called when the user closes the form.
func (f *transactionForm) OnCancel(fn func(ctx app.Context)) *transactionForm {
	f.IOnCancel = fn
	return f
}

func (f *transactionForm) OnMount(ctx app.Context)  { f.ctx = ctx; f.sync() }
func (f *transactionForm) OnUpdate(ctx app.Context) { f.sync() }

// sync fills the fields when the form switches to another transaction.
func (f *transactionForm) sync() {
	id := f.IEdit.ID
	if id == "" {
		id = "new"
	}
	if id == f.loaded {
		return
	}
	f.loaded, f.touched, f.errs, f.serverErr, f.serverFields = id, map[string]bool{}, nil, "", nil
	t := f.IEdit
	if t.ID == "" {
		f.date, f.kind, f.ticker, f.qty, f.price, f.fee, f.note, f.lots = "", validate.KindBuy, "", "", "", "", "", nil
	} else {
		num := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
		f.date, f.kind, f.ticker, f.note, f.lots = t.Date, t.Kind, t.Ticker, t.Note, t.Lots
		f.qty, f.price, f.fee = num(t.Quantity), num(t.Price), num(t.Fee)
	}
	// The form stays mounted when it switches from one transaction to
	// another (or to a new one): write the fields, empty ones included.
	for id, v := range map[string]string{"tx-date": f.date, "tx-kind": f.kind, "tx-ticker": f.ticker,
		"tx-quantity": f.qty, "tx-price": f.price, "tx-fee": f.fee, "tx-note": f.note} {
		setFieldValue(id, v)
	}
}

func (f *transactionForm) Render() app.UI {
	title := "Add a transaction"
	if f.IEdit.ID != "" {
		title = "Edit transaction"
	}
	return app.Form().Class("card").ID("tx-form").OnSubmit(f.submit).Body(
		app.H2().Text(title),
		app.Div().Class("form-grid").Body(
			f.field("date", "Date", app.Input().ID("tx-date").Type("date").Value(f.date).OnInput(f.set(&f.date, "date")).OnChange(f.set(&f.date, "date"))),
			f.field("kind", "Kind", app.Select().ID("tx-kind").OnChange(f.set(&f.kind, "kind")).Body(
				app.Range(validate.Kinds).Slice(func(i int) app.UI {
					k := validate.Kinds[i]
					return app.Option().Value(k).Selected(k == f.kind).Text(k)
				}),
			)),
			f.field("ticker", "Ticker", newSymbolSearch().ID("tx-ticker").Value(f.ticker).OnChange(f.setTicker)),
			f.field("quantity", "Quantity (shares)", app.Input().ID("tx-quantity").Attr("inputmode", "decimal").Value(f.qty).OnInput(f.set(&f.qty, "quantity"))),
			f.field("price", "Price per share", app.Input().ID("tx-price").Attr("inputmode", "decimal").Value(f.price).OnInput(f.set(&f.price, "price"))),
			f.field("fee", "Fee", app.Input().ID("tx-fee").Attr("inputmode", "decimal").Placeholder("0").Value(f.fee).OnInput(f.set(&f.fee, "fee"))),
			f.field("note", "Note", app.Input().ID("tx-note").MaxLength(validate.MaxTransactionNote).Value(f.note).OnInput(f.set(&f.note, "note"))),
		),
		app.P().Class("muted").Text("Dividend: quantity = shares held, price = cash per share. Fee: quantity × price + fee is charged."),
		app.If(f.kind == validate.KindSell && f.ticker != "", func() app.UI {
			return app.Div().Body(
				newSaleLots().Portfolio(f.IPortfolioID).Ticker(f.ticker).Picks(f.lots).OnChange(f.setLots),
				app.If((f.touched["lots"] || f.touched["quantity"]) && f.errs["lots"] != "" || f.serverFields["lots"] != "", func() app.UI {
					return app.Span().Class("field-error").ID("tx-lots-error").Text(f.errs["lots"] + f.serverFields["lots"])
				}),
			)
		}),
		app.If(f.serverErr != "", func() app.UI { return app.Div().Class("alert alert-error").ID("tx-error").Text(f.serverErr) }),
		app.Div().Class("row").Body(
			app.Button().Class("btn btn-primary").ID("tx-save").Type("submit").Disabled(f.busy).Text("Save transaction"),
			app.Button().Class("btn").ID("tx-cancel").Type("button").Text("Cancel").OnClick(f.cancel),
		),
	)
}

// field wraps an input with its label and its inline error.
func (f *transactionForm) field(key, label string, input app.UI) app.UI {
	msg := f.serverFields[key]
	if f.touched[key] && f.errs[key] != "" {
		msg = f.errs[key]
	}
	return app.Label().Body(
		app.Text(label), input,
		app.If(msg != "", func() app.UI { return app.Span().Class("field-error").ID("tx-" + key + "-error").Text(msg) }),
	)
}

func (f *transactionForm) set(dst *string, key string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		*dst = ctx.JSSrc().Get("value").String()
		f.touched[key] = true
		delete(f.serverFields, key)
		f.validate()
	}
}

func (f *transactionForm) setTicker(ctx app.Context, v string) {
	f.ticker = v
	f.touched["ticker"] = true
	delete(f.serverFields, "ticker")
	f.validate()
}

// validate runs the shared rules and returns the input to send.
func (f *transactionForm) validate() (wire.TransactionInput, bool) {
	errs := map[string]string{}
	in := validate.TxInput{Date: f.date, Kind: f.kind, Ticker: f.ticker, Note: f.note, Lots: formLots(f.lots, f.kind)}
	var err error
	if in.Quantity, err = validate.Number("Quantity", f.qty, false); err != nil {
		errs["quantity"] = err.Error()
	}
	if in.Price, err = validate.Number("Price", f.price, false); err != nil {
		errs["price"] = err.Error()
	}
	if in.Fee, err = validate.Number("Fee", f.fee, true); err != nil {
		errs["fee"] = err.Error()
	}
	out, ferrs := validate.Transaction(in, time.Now())
	for k, v := range ferrs {
		if _, ok := errs[k]; !ok {
			errs[k] = v
		}
	}
	f.errs = errs
	return wire.TransactionInput{Date: out.Date, Kind: out.Kind, Ticker: out.Ticker, Quantity: out.Quantity,
		Price: out.Price, Fee: out.Fee, Note: out.Note, Lots: wireLots(out.Lots)}, len(errs) == 0
}

func (f *transactionForm) submit(ctx app.Context, e app.Event) {
	e.PreventDefault()
	in, ok := f.validate()
	for _, k := range txFields {
		f.touched[k] = true
	}
	if !ok {
		return
	}
	method, path := "POST", wire.Path(wire.RouteTransactions, f.IPortfolioID)
	if f.IEdit.ID != "" {
		method, path = "PUT", wire.Path(wire.RouteTransaction, f.IPortfolioID, f.IEdit.ID)
	}
	f.busy, f.serverErr, f.serverFields = true, "", nil
	call(f.ctx, method, path, in, func(ctx app.Context, _ none, err error) {
		f.busy = false
		if err != nil {
			f.showServerError(err)
			return
		}
		f.loaded = "" // reset the fields on the next sync
		f.sync()
		if f.IOnSaved != nil {
			f.IOnSaved(ctx)
		}
	})
}

// txFields are the form's fields, in display order.
var txFields = []string{"date", "kind", "ticker", "quantity", "price", "fee", "note"}

// showServerError puts the server's per-field messages under their fields;
// the combined line is shown only for what no field can hold.
func (f *transactionForm) showServerError(err error) {
	ae, ok := asAPIError(err)
	if !ok || len(ae.Fields) == 0 {
		f.serverErr = err.Error()
		return
	}
	f.serverFields = map[string]string{}
	var rest []string
	for k, msg := range ae.Fields {
		if slices.Contains(txFields, k) {
			f.serverFields[k] = msg
			continue
		}
		rest = append(rest, msg)
	}
	slices.Sort(rest)
	f.serverErr = strings.Join(rest, " ")
}

func (f *transactionForm) cancel(ctx app.Context, e app.Event) {
	f.loaded = ""
	f.sync()
	if f.IOnCancel != nil {
		f.IOnCancel(ctx)
	}
}
