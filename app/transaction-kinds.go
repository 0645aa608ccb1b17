package ui

import (
	"math"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/fortfolio/fortfolio/shared/validate"
	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The fields of each kind of transaction and the price check of trades.

// kindFields lists the fields a kind shows, besides date, kind and note.
func kindFields(kind string) []string {
	switch kind {
	case "", validate.KindBuy, validate.KindSell, validate.KindShort, validate.KindCover: // "": before the form loads (a buy)
		return []string{"ticker", "quantity", "price", "fee", "basis"}
	case validate.KindDividend, validate.KindFee:
		return []string{"ticker", "quantity", "price", "fee"}
	case validate.KindTax:
		return []string{"ticker", "amount", "currency"}
	case validate.KindSplit:
		return []string{"ticker", "ratio"}
	}
	return []string{"amount", "currency"} // deposit, withdrawal, interest
}

// shows reports whether the form shows field for its kind.
func (f *transactionForm) shows(field string) bool { return slices.Contains(f.fields(), field) }

// fields are the fields of the form's kind; a fee without a ticker (or
// with an amount and no shares) is an account fee: amount and currency.
func (f *transactionForm) fields() []string {
	if f.kind == validate.KindFee && (strings.TrimSpace(f.ticker) == "" || f.amount != "" && (f.qty == "" || f.qty == "0")) {
		return []string{"ticker", "amount", "currency"}
	}
	return kindFields(f.kind)
}

func (f *transactionForm) tickerLabel() string {
	switch f.kind {
	case validate.KindTax:
		return "Ticker (optional: the security taxed)"
	case validate.KindFee:
		return "Ticker (empty: an account fee)"
	}
	return "Ticker"
}

// kindHelp explains the fields of a kind in one line.
func kindHelp(kind string) string {
	switch kind {
	case validate.KindDividend:
		return "Dividend: quantity = shares held, price = cash per share, paid into the cash of the security's currency."
	case validate.KindFee:
		return "Fee: for a security, quantity × price + fee is charged; without a ticker, an account fee of the amount."
	case validate.KindDeposit:
		return "Deposit: money paid into the portfolio's cash. Deposits and withdrawals are the external flows of the money-weighted return."
	case validate.KindWithdrawal:
		return "Withdrawal: money taken out of the portfolio's cash; it cannot exceed the cash held in that currency."
	case validate.KindInterest:
		return "Interest: cash income paid into the portfolio."
	case validate.KindTax:
		return "Tax: a withholding or other tax paid from the portfolio's cash."
	case validate.KindSplit:
		return "Split: for a split the market data does not know. As-traded trades before its date are multiplied by the ratio."
	}
	return "As traded: the quantity and price of the broker statement; the ledger applies later splits. Split-adjusted: in today's shares, as the price data."
}

// readFields parses the fields the kind shows into in, with parse errors
// in errs; hidden fields stay zero.
func (f *transactionForm) readFields(in *validate.TxInput, errs map[string]string) {
	num := func(key, label, s string, emptyZero bool, dst *float64) {
		if !f.shows(key) {
			return
		}
		v, err := validate.Number(label, s, emptyZero)
		if err != nil {
			errs[key] = err.Error()
		}
		*dst = v
	}
	num("quantity", "Quantity", f.qty, false, &in.Quantity)
	num("price", "Price", f.price, false, &in.Price)
	num("fee", "Fee", f.fee, true, &in.Fee)
	num("amount", "Amount", f.amount, false, &in.Amount)
	num("ratio", "Ratio", f.ratio, false, &in.Ratio)
	if f.shows("ticker") {
		in.Ticker = f.ticker
	}
	if f.shows("currency") {
		in.Currency = f.currency
	}
	if f.shows("basis") {
		in.Basis = f.basis
	}
}

// sentBasis is the basis the API gets: the form's for trades, none else.
func sentBasis(in validate.TxInput) string {
	if slices.Contains(kindFields(in.Kind), "basis") {
		return in.Basis
	}
	return ""
}

func (f *transactionForm) setBasis(ctx app.Context, e app.Event) {
	f.basis = ctx.JSSrc().Get("value").String()
	f.touched["basis"] = true
	f.validate()
	f.checkClose(ctx, e)
}

func (f *transactionForm) setCurrency(ctx app.Context, v string) {
	f.currency = v
	f.touched["currency"] = true
	delete(f.serverFields, "currency")
	f.validate()
}

// closeCheck is the warning shown when a trade's price is far from the
// day's close on its basis, a likely as-traded / adjusted mix-up.
type closeCheck struct {
	warning string
}

// priceTolerance is how far (relative) a price may be from the close.
const priceTolerance = 0.25

// checkClose fetches the day's close and the ticker's splits and warns
// when the price is far from the close on the chosen basis.
func (f *transactionForm) checkClose(ctx app.Context, _ app.Event) {
	f.close.warning = ""
	day, price, ok := f.tradeDayPrice()
	if !ok {
		return
	}
	ticker, basis := f.ticker, f.basis
	f.fetchCloses(ticker, day, func(c closes, ok bool) {
		if ok && ticker == f.ticker && basis == f.basis {
			f.close.warning = c.warning(day, price, basis)
		}
	})
}

// settleBasis runs before a new trade with the default (as-traded) basis
// is sent: a price within the tolerance of the split-adjusted close and
// far from the as-traded one was typed in today's shares, so the basis
// becomes split-adjusted (and the form says so); then next runs.
func (f *transactionForm) settleBasis(in wire.TransactionInput, next func(wire.TransactionInput)) {
	day, err := validate.Date(in.Date)
	if err != nil || in.Ticker == "" {
		next(in)
		return
	}
	f.fetchCloses(in.Ticker, day, func(c closes, ok bool) {
		if ok && c.onlyAdjusted(in.Price) {
			in.Basis, f.basis = validate.BasisAdjusted, validate.BasisAdjusted
			setFieldValue("tx-basis", f.basis)
		}
		next(in)
	})
}

// tradeDayPrice is the form's trade date and price when both are valid.
func (f *transactionForm) tradeDayPrice() (time.Time, float64, bool) {
	if !f.shows("basis") || f.ticker == "" {
		return time.Time{}, 0, false
	}
	day, err := validate.Date(f.date)
	price, perr := validate.Number("Price", f.price, false)
	return day, price, err == nil && perr == nil && price > 0
}

// closes are a day's close on both bases.
type closes struct {
	ticker, date     string
	adjusted, traded float64
}

// fetchCloses loads the first close on or after day and the splits after
// it; ok is false when there is none (or the call failed).
// The ticker is looked up first, so a ticker the market data does not
// know costs no failing request.
func (f *transactionForm) fetchCloses(ticker string, day time.Time, then func(closes, bool)) {
	var s wire.Symbols
	call(f.ctx, "GET", wire.RouteSymbols+"?"+url.Values{"q": {ticker}}.Encode(), none{}, &s, func(ctx app.Context, err error) {
		if err != nil || !slices.ContainsFunc(s.Symbols, func(x wire.Symbol) bool { return x.Ticker == ticker }) {
			then(closes{}, false)
			return
		}
		q := url.Values{"from": {day.Format(time.DateOnly)}, "to": {day.AddDate(0, 0, 7).Format(time.DateOnly)}}
		var h wire.History
		call(f.ctx, "GET", wire.Path(wire.RouteHistory, ticker)+"?"+q.Encode(), none{}, &h, func(ctx app.Context, err error) {
			if err != nil || len(h.Bars) == 0 {
				then(closes{}, false)
				return
			}
			then(closesOf(h, day), true)
		})
	})
}

// closesOf reads the adjusted close and scales it by the later splits.
func closesOf(h wire.History, day time.Time) closes {
	c := closes{ticker: h.Ticker, date: h.Bars[0].Date, adjusted: h.Bars[0].Close, traded: h.Bars[0].Close}
	for _, s := range h.Splits {
		if d, err := validate.Date(s.Date); err == nil && d.After(day) {
			c.traded *= s.Ratio
		}
	}
	return c
}

func near(price, close float64) bool { return close > 0 && math.Abs(price/close-1) <= priceTolerance }

// onlyAdjusted reports a price near the adjusted close but not the traded.
func (c closes) onlyAdjusted(price float64) bool {
	return c.traded != c.adjusted && near(price, c.adjusted) && !near(price, c.traded)
}

// warning is the message for a price far from the close on basis.
func (c closes) warning(_ time.Time, price float64, basis string) string {
	want := c.traded
	if basis == validate.BasisAdjusted {
		want = c.adjusted
	}
	if near(price, want) {
		return ""
	}
	msg := "The close of " + c.ticker + " on " + c.date + " was " + money(c.traded, "") + " as traded"
	if c.traded != c.adjusted {
		msg += " (" + money(c.adjusted, "") + " split-adjusted)"
	}
	return msg + ": this price is far from it. Check the quantity-and-price setting (as traded or split-adjusted)."
}
