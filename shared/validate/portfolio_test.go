package validate

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/shared/fuzzseed"
)

var txToday = time.Date(2024, 5, 1, 15, 0, 0, 0, time.UTC)

func TestTransaction(t *testing.T) {
	t.Parallel()
	ok := TxInput{Date: "2010-01-04", Kind: "buy", Ticker: " aapl ", Quantity: 10, Price: 30, Fee: 0, Note: " hi "}
	cases := []struct {
		name  string
		edit  func(*TxInput)
		field string
		want  string
	}{
		{"valid", func(*TxInput) {}, "", ""},
		{"today ok", func(in *TxInput) { in.Date = "2024-05-01" }, "", ""},
		{"future", func(in *TxInput) { in.Date = "2024-05-02" }, "date", "future"},
		{"bad date", func(in *TxInput) { in.Date = "2010-02-30" }, "date", "YYYY-MM-DD"},
		{"kind", func(in *TxInput) { in.Kind = "BUY" }, "kind", "one of"},
		{"ticker", func(in *TxInput) { in.Ticker = "../x" }, "ticker", "Ticker"},
		{"zero qty", func(in *TxInput) { in.Quantity = 0 }, "quantity", "greater than zero"},
		{"negative price", func(in *TxInput) { in.Price = -1 }, "price", "greater than zero"},
		{"nan price", func(in *TxInput) { in.Price = math.NaN() }, "price", "number"},
		{"inf qty", func(in *TxInput) { in.Quantity = math.Inf(1) }, "quantity", "number"},
		{"huge qty", func(in *TxInput) { in.Quantity = 2e9 }, "quantity", "at most"},
		{"negative fee", func(in *TxInput) { in.Fee = -0.01 }, "fee", "negative"},
		{"note control", func(in *TxInput) { in.Note = "a\x00b" }, "note", "control"},
		{"note long", func(in *TxInput) { in.Note = strings.Repeat("x", 501) }, "note", "too long"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			in := ok
			c.edit(&in)
			out, errs := Transaction(in, txToday)
			if c.field == "" {
				if errs != nil {
					t.Fatalf("unexpected errors %v", errs)
				}
				if out.Ticker != "AAPL" || out.Note != "hi" {
					t.Fatalf("not normalised: %+v", out)
				}
				return
			}
			if !strings.Contains(errs[c.field], c.want) {
				t.Fatalf("errs = %v, want %s containing %q", errs, c.field, c.want)
			}
		})
	}
}

func TestNumber(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in     string
		want   float64
		wantOK bool
	}{{"12.5", 12.5, true}, {" 3 ", 3, true}, {"1e3", 1000, true}, {"", 0, false}, {"1,5", 0, false},
		{"0x10", 0, false}, {"NaN", 0, false}, {"Inf", 0, false}, {"1_000", 0, false}}
	for _, c := range cases {
		got, err := Number("Quantity", c.in, false)
		if (err == nil) != c.wantOK || got != c.want {
			t.Errorf("Number(%q) = %v, %v", c.in, got, err)
		}
	}
	if v, err := Number("Fee", "", true); err != nil || v != 0 {
		t.Errorf("empty fee = %v, %v", v, err)
	}
}

func FuzzTransaction(f *testing.F) {
	seen := fuzzseed.Require(f)
	f.Add("2010-01-04", "buy", "AAPL", 10.0, 30.0, 1.0, "note")
	f.Add("2099-01-01", "sell", "../x", -1.0, 0.0, -1.0, "\x00")
	f.Fuzz(func(t *testing.T, date, kind, ticker string, q, p, fee float64, note string) {
		in := TxInput{Date: date, Kind: kind, Ticker: ticker, Quantity: q, Price: p, Fee: fee, Note: note}
		out, errs := Transaction(in, txToday)
		if errs != nil {
			if errs.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		seen.Reached()
		if !(out.Quantity > 0 && out.Price > 0 && out.Fee >= 0) || out.Quantity > MaxQuantity {
			t.Fatalf("bad amounts accepted: %+v", out)
		}
		d, err := Date(out.Date)
		if err != nil || d.After(txToday) {
			t.Fatalf("bad date accepted: %q", out.Date)
		}
		if _, err := Ticker(out.Ticker); err != nil || Kind(out.Kind) != nil {
			t.Fatalf("bad ticker or kind accepted: %+v", out)
		}
	})
}
