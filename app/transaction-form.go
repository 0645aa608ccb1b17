package ui

import (
	"slices"
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
	IKind        string // kind of a new transaction (buy when empty)
	ICurrency    string // the portfolio's base currency, preset for cash entries

	loaded                string // id of the transaction loaded into the fields ("new" for none)
	date, kind, ticker    string
	qty, price, fee, note string
	amount, currency      string // cash entries
	basis, ratio          string // trades; splits
	close                 closeCheck
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

// Kind presets the kind of a new transaction (the deposit and withdraw
// buttons).
func (f *transactionForm) Kind(k string) *transactionForm { f.IKind = k; return f }

// Currency sets the portfolio's base currency, the default of cash entries.
func (f *transactionForm) Currency(c string) *transactionForm { f.ICurrency = c; return f }

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
		id = "new:" + f.IKind // a new entry of another preset kind reloads
	}
	if id == f.loaded {
		return
	}
	f.loaded, f.touched, f.errs, f.serverErr, f.serverFields = id, map[string]bool{}, nil, "", nil
	t := f.IEdit
	f.close = closeCheck{}
	if t.ID == "" {
		kind := f.IKind
		if kind == "" {
			kind = validate.KindBuy
		}
		f.date, f.kind, f.ticker, f.qty, f.price, f.fee, f.note, f.lots = "", kind, "", "", "", "", "", nil
		f.amount, f.currency, f.basis, f.ratio = "", f.ICurrency, validate.BasisAsTraded, ""
	} else {
		num := func(v float64) string { return ftoa(v, -1) }
		opt := func(v float64) string {
			if v == 0 {
				return ""
			}
			return num(v)
		}
		f.date, f.kind, f.ticker, f.note, f.lots = t.Date, t.Kind, t.Ticker, t.Note, t.Lots
		f.qty, f.price, f.fee = num(t.Quantity), num(t.Price), num(t.Fee)
		f.amount, f.currency, f.basis, f.ratio = opt(t.Amount), t.Currency, t.Basis, opt(t.Ratio)
	}
	if f.currency == "" {
		f.currency = validate.DefaultCurrency
	}
	// The form stays mounted when it switches from one transaction to
	// another (or to a new one): write the fields, empty ones included.
	for id, v := range map[string]string{"tx-date": f.date, "tx-kind": f.kind, "tx-ticker": f.ticker,
		"tx-quantity": f.qty, "tx-price": f.price, "tx-fee": f.fee, "tx-note": f.note,
		"tx-amount": f.amount, "tx-currency": f.currency, "tx-basis": f.basis, "tx-ratio": f.ratio} {
		setFieldValue(id, v)
	}
}

func (f *transactionForm) Render() app.UI {
	title := "Add a transaction"
	if f.IEdit.ID != "" {
		title = "Edit transaction"
	}
	return elForm().Class("card").ID("tx-form").OnSubmit(f.submit).Body(
		h2(title),
		divc("form-grid",
			f.field("date", "Date", elInput().ID("tx-date").Attr("type", "date").Attr("value", f.date).OnInput(f.set(&f.date, "date")).OnChange(f.set(&f.date, "date"))),
			f.field("kind", "Kind", elSelect().ID("tx-kind").OnChange(f.set(&f.kind, "kind")).Body(
				app.Range(validate.Kinds).Slice(func(i int) app.UI {
					k := validate.Kinds[i]
					return elOption().Attr("value", k).Attr("selected", k == f.kind).Text(k)
				}),
			)),
			when(f.shows("ticker"), func() app.UI {
				return f.field("ticker", f.tickerLabel(), newSymbolSearch().ID("tx-ticker").Value(f.ticker).OnChange(f.setTicker))
			}),
			when(f.shows("quantity"), func() app.UI {
				return f.field("quantity", "Quantity (shares)", elInput().ID("tx-quantity").Attr("inputmode", "decimal").Attr("value", f.qty).OnInput(f.set(&f.qty, "quantity")))
			}),
			when(f.shows("price"), func() app.UI {
				return f.field("price", "Price per share", elInput().ID("tx-price").Attr("inputmode", "decimal").Attr("value", f.price).OnInput(f.set(&f.price, "price")).OnChange(f.checkClose))
			}),
			when(f.shows("fee"), func() app.UI {
				return f.field("fee", "Fee", elInput().ID("tx-fee").Attr("inputmode", "decimal").Attr("placeholder", "0").Attr("value", f.fee).OnInput(f.set(&f.fee, "fee")))
			}),
			when(f.shows("basis"), func() app.UI {
				return f.field("basis", "Quantity and price", elSelect().ID("tx-basis").OnChange(f.setBasis).Body(
					elOption().Attr("value", validate.BasisAsTraded).Attr("selected", f.basis != validate.BasisAdjusted).Text("as traded (broker statement)"),
					elOption().Attr("value", validate.BasisAdjusted).Attr("selected", f.basis == validate.BasisAdjusted).Text("split-adjusted (as in the price data)"),
				))
			}),
			when(f.shows("amount"), func() app.UI {
				return f.field("amount", "Amount", elInput().ID("tx-amount").Attr("inputmode", "decimal").Attr("value", f.amount).OnInput(f.set(&f.amount, "amount")))
			}),
			when(f.shows("currency"), func() app.UI {
				return f.field("currency", "Currency", newCurrencySelect().ID("tx-currency").Value(f.currency).OnChange(f.setCurrency))
			}),
			when(f.shows("ratio"), func() app.UI {
				return f.field("ratio", "Ratio (new shares per old share)", elInput().ID("tx-ratio").Attr("inputmode", "decimal").Attr("placeholder", "7 for 7-for-1, 0.1 for 1-for-10").Attr("value", f.ratio).OnInput(f.set(&f.ratio, "ratio")))
			}),
			f.field("note", "Note", elInput().ID("tx-note").Attr("maxlength", validate.MaxTransactionNote).Attr("value", f.note).OnInput(f.set(&f.note, "note"))),
		),
		parac("muted", kindHelp(f.kind)),
		notice("warn", "tx-price-warning", f.close.warning),
		when(f.kind == validate.KindSell && f.ticker != "", func() app.UI {
			return elDiv().Body(
				newSaleLots().Portfolio(f.IPortfolioID).Ticker(f.ticker).AsTradedOn(f.asTradedOn()).Picks(f.lots).OnChange(f.setLots),
				app.If((f.touched["lots"] || f.touched["quantity"]) && f.errs["lots"] != "" || f.serverFields["lots"] != "", func() app.UI {
					return spanID("field-error", "tx-lots-error", f.errs["lots"]+f.serverFields["lots"])
				}),
			)
		}),
		notice("error", "tx-error", f.serverErr),
		divc("row",
			formButton("btn btn-primary", "tx-save", "submit", f.busy, "Save transaction"),
			elButton().Class("btn").ID("tx-cancel").Attr("type", "button").Text("Cancel").OnClick(f.cancel),
		),
	)
}

// field wraps an input with its label and its inline error.
func (f *transactionForm) field(key, label string, input app.UI) app.UI {
	msg := f.serverFields[key]
	if f.touched[key] && f.errs[key] != "" {
		msg = f.errs[key]
	}
	return elLabel().Body(
		app.Text(label), input,
		when(msg != "", func() app.UI { return spanID("field-error", "tx-"+key+"-error", msg) }),
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
	in := validate.TxInput{Date: f.date, Kind: f.kind, Note: f.note, Lots: formLots(f.lots, f.kind)}
	f.readFields(&in, errs)
	out, ferrs := validate.Transaction(in, time.Now())
	for k, v := range ferrs {
		if _, ok := errs[k]; !ok {
			errs[k] = v
		}
	}
	f.errs = errs
	return wire.TransactionInput{Date: out.Date, Kind: out.Kind, Ticker: out.Ticker, Quantity: out.Quantity,
		Price: out.Price, Fee: out.Fee, Note: out.Note, Lots: wireLots(out.Lots),
		Amount: out.Amount, Currency: out.Currency, Basis: sentBasis(out), Ratio: out.Ratio}, len(errs) == 0
}

func (f *transactionForm) submit(ctx app.Context, e app.Event) {
	e.PreventDefault()
	in, ok := f.validate()
	basisChosen := f.touched["basis"]
	for _, k := range txFields {
		f.touched[k] = true
	}
	if !ok {
		return
	}
	if f.IEdit.ID == "" && !basisChosen && in.Basis == validate.BasisAsTraded {
		// The default basis: a price that only matches the split-adjusted
		// close was typed in today's shares (see settleBasis).
		f.busy = true
		f.settleBasis(in, f.send)
		return
	}
	f.send(in)
}

// send saves in.
func (f *transactionForm) send(in wire.TransactionInput) {
	method, path := "POST", wire.Path(wire.RouteTransactions, f.IPortfolioID)
	if f.IEdit.ID != "" {
		method, path = "PUT", wire.Path(wire.RouteTransaction, f.IPortfolioID, f.IEdit.ID)
	}
	f.busy, f.serverErr, f.serverFields = true, "", nil
	call(f.ctx, method, path, in, new(none), func(ctx app.Context, err error) {
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
var txFields = []string{"date", "kind", "ticker", "quantity", "price", "fee", "basis", "amount", "currency", "ratio", "note"}

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
