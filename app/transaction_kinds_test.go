//go:build !js

package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/shared/validate"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// aaplJan2014 is AAPL's bar of 2014-01-02 with the 7-for-1 split after it:
// 79.02 split-adjusted, 553.14 as traded.
var aaplJan2014 = wire.History{Ticker: "AAPL", Bars: []wire.Bar{{Date: "2014-01-02", Close: 79.02}},
	Splits: []wire.Split{{Date: "2005-02-28", Ratio: 2}, {Date: "2014-06-09", Ratio: 7}}}

func TestClosesBothBases(t *testing.T) {
	day := time.Date(2014, 1, 2, 0, 0, 0, 0, time.UTC)
	c := closesOf(aaplJan2014, day)
	if c.adjusted != 79.02 || c.traded != 79.02*7 {
		t.Fatalf("closes %+v", c)
	}
	cases := []struct {
		price        float64
		basis        string
		warn, onlyAd bool
	}{
		{553.13, validate.BasisAsTraded, false, false}, // the broker statement
		{79.02, validate.BasisAdjusted, false, true},   // today's shares
		{79.02, validate.BasisAsTraded, true, true},    // adjusted price with the default basis
		{553.13, validate.BasisAdjusted, true, false},  // as-traded price marked adjusted
		{300, validate.BasisAsTraded, true, false},     // a typo on either basis
	}
	for _, k := range cases {
		w := c.warning(day, k.price, k.basis)
		if (w != "") != k.warn || c.onlyAdjusted(k.price) != k.onlyAd {
			t.Errorf("price %v %s: warning %q, onlyAdjusted %v", k.price, k.basis, w, c.onlyAdjusted(k.price))
		}
		if w != "" && !strings.Contains(w, "split-adjusted") {
			t.Errorf("warning %q does not name both bases", w)
		}
	}
	noSplit := closesOf(wire.History{Ticker: "MSFT", Bars: []wire.Bar{{Date: "2014-01-02", Close: 37.16}}}, day)
	if noSplit.onlyAdjusted(37.16) || noSplit.warning(day, 37.16, validate.BasisAsTraded) != "" {
		t.Fatal("without a later split both bases are the same")
	}
}

func TestFormFieldsByKind(t *testing.T) {
	cases := map[string][]string{
		"buy":        {"ticker", "quantity", "price", "fee", "basis"},
		"dividend":   {"ticker", "quantity", "price", "fee"},
		"deposit":    {"amount", "currency"},
		"withdrawal": {"amount", "currency"},
		"interest":   {"amount", "currency"},
		"tax":        {"ticker", "amount", "currency"},
		"split":      {"ticker", "ratio"},
	}
	for kind, want := range cases {
		if got := kindFields(kind); strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("%s: %v, want %v", kind, got, want)
		}
	}
	// A deposit typed in the form passes the shared rules with the hidden
	// share fields left empty.
	f := &transactionForm{kind: "deposit", date: "2014-01-02", amount: "1000", currency: "EUR", qty: "junk", ticker: "AAPL"}
	in, ok := f.validate()
	if !ok || in.Amount != 1000 || in.Currency != "EUR" || in.Quantity != 0 || in.Ticker != "" || in.Basis != "" {
		t.Fatalf("deposit input %+v ok %v errs %v", in, ok, f.errs)
	}
	s := &transactionForm{kind: "split", date: "2014-06-09", ticker: "AAPL", ratio: "0"}
	if _, ok := s.validate(); ok || s.errs["ratio"] == "" {
		t.Fatalf("ratio 0 accepted: %v", s.errs)
	}
	b := &transactionForm{kind: "buy", date: "2014-01-02", ticker: "AAPL", qty: "10", price: "553.13", basis: validate.BasisAsTraded}
	if in, ok := b.validate(); !ok || in.Basis != validate.BasisAsTraded {
		t.Fatalf("buy %+v %v", in, b.errs)
	}
}

// TestAccountFeeInTheForm: a fee without a ticker is an account fee of an
// amount and currency, which the shared rules accept; with a ticker it is
// quantity × price, and an account fee loaded for editing keeps its amount.
func TestAccountFeeInTheForm(t *testing.T) {
	cases := []struct {
		name string
		f    transactionForm
		want validate.TxInput
	}{
		{"account fee", transactionForm{kind: "fee", date: "2015-01-02", amount: "12", currency: "EUR"},
			validate.TxInput{Kind: "fee", Amount: 12, Currency: "EUR"}},
		{"security fee", transactionForm{kind: "fee", date: "2015-01-02", ticker: "AAPL", qty: "1", price: "4.5"},
			validate.TxInput{Kind: "fee", Ticker: "AAPL", Quantity: 1, Price: 4.5}},
		{"account fee for a ticker, edited", transactionForm{kind: "fee", date: "2015-01-02", ticker: "AAPL", qty: "0", price: "0", amount: "3", currency: "USD"},
			validate.TxInput{Kind: "fee", Ticker: "AAPL", Amount: 3, Currency: "USD"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in, ok := c.f.validate()
			if !ok || in.Kind != c.want.Kind || in.Ticker != c.want.Ticker || in.Amount != c.want.Amount ||
				in.Currency != c.want.Currency || in.Quantity != c.want.Quantity || in.Price != c.want.Price {
				t.Fatalf("input %+v ok %v errs %v, want %+v", in, ok, c.f.errs, c.want)
			}
		})
	}
}
