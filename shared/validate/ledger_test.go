package validate

import (
	"math"
	"strings"
	"testing"

	"github.com/fortfolio/fortfolio/shared/fuzzseed"
)

func TestLedgerKinds(t *testing.T) {
	t.Parallel()
	dep := TxInput{Date: "2014-01-02", Kind: "deposit", Amount: 1000, Currency: "eur"}
	split := TxInput{Date: "2014-06-09", Kind: "split", Ticker: "aapl", Ratio: 7}
	buy := TxInput{Date: "2014-01-02", Kind: "buy", Ticker: "AAPL", Quantity: 10, Price: 553.13, Basis: "as_traded"}
	cases := []struct {
		name  string
		base  TxInput
		edit  func(*TxInput)
		field string // "" = valid
		want  string
	}{
		{"deposit", dep, func(*TxInput) {}, "", ""},
		{"withdrawal", dep, func(in *TxInput) { in.Kind = "withdrawal" }, "", ""},
		{"interest", dep, func(in *TxInput) { in.Kind = "interest" }, "", ""},
		{"tax without ticker", dep, func(in *TxInput) { in.Kind = "tax" }, "", ""},
		{"tax with ticker", dep, func(in *TxInput) { in.Kind, in.Ticker = "tax", "KO" }, "", ""},
		{"account fee", dep, func(in *TxInput) { in.Kind = "fee" }, "", ""},
		{"deposit unknown currency", dep, func(in *TxInput) { in.Currency = "XAU" }, "currency", "one of"},
		{"deposit no currency", dep, func(in *TxInput) { in.Currency = "" }, "currency", "one of"},
		{"deposit zero", dep, func(in *TxInput) { in.Amount = 0 }, "amount", "greater than zero"},
		{"deposit negative", dep, func(in *TxInput) { in.Amount = -5 }, "amount", "greater than zero"},
		{"deposit nan", dep, func(in *TxInput) { in.Amount = math.NaN() }, "amount", "number"},
		{"deposit huge", dep, func(in *TxInput) { in.Amount = 1e13 }, "amount", "at most"},
		{"deposit with ticker", dep, func(in *TxInput) { in.Ticker = "AAPL" }, "ticker", "no ticker"},
		{"deposit with quantity", dep, func(in *TxInput) { in.Quantity = 1 }, "quantity", "empty"},
		{"deposit with fee", dep, func(in *TxInput) { in.Fee = 1 }, "fee", "empty"},
		{"deposit with basis", dep, func(in *TxInput) { in.Basis = "as_traded" }, "basis", "trades only"},
		{"deposit with ratio", dep, func(in *TxInput) { in.Ratio = 2 }, "ratio", "empty"},
		{"split", split, func(*TxInput) {}, "", ""},
		{"reverse split", split, func(in *TxInput) { in.Ratio = 0.1 }, "", ""},
		{"split ratio 0", split, func(in *TxInput) { in.Ratio = 0 }, "ratio", "between"},
		{"split ratio negative", split, func(in *TxInput) { in.Ratio = -7 }, "ratio", "between"},
		{"split ratio nan", split, func(in *TxInput) { in.Ratio = math.NaN() }, "ratio", "number"},
		{"split ratio inf", split, func(in *TxInput) { in.Ratio = math.Inf(1) }, "ratio", "number"},
		{"split ratio huge", split, func(in *TxInput) { in.Ratio = 1e6 }, "ratio", "between"},
		{"split ratio tiny", split, func(in *TxInput) { in.Ratio = 1e-6 }, "ratio", "between"},
		{"split ratio one", split, func(in *TxInput) { in.Ratio = 1 }, "ratio", "not 1"},
		{"split without ticker", split, func(in *TxInput) { in.Ticker = "" }, "ticker", "Ticker"},
		{"split with quantity", split, func(in *TxInput) { in.Quantity = 3 }, "quantity", "empty"},
		{"split with currency", split, func(in *TxInput) { in.Currency = "USD" }, "currency", "no currency"},
		{"buy as traded", buy, func(*TxInput) {}, "", ""},
		{"buy adjusted", buy, func(in *TxInput) { in.Basis = "adjusted" }, "", ""},
		{"buy unknown basis", buy, func(in *TxInput) { in.Basis = "raw" }, "basis", "as_traded or adjusted"},
		{"amount on a buy", buy, func(in *TxInput) { in.Amount = 10 }, "amount", "empty"},
		{"ratio on a buy", buy, func(in *TxInput) { in.Ratio = 2 }, "ratio", "empty"},
		{"buy unknown currency", buy, func(in *TxInput) { in.Currency = "BTC" }, "currency", "one of"},
		{"dividend at the cash bound", buy, func(in *TxInput) { in.Kind, in.Basis, in.Quantity, in.Price = "dividend", "", 1e6, 1e6 }, "", ""},
		{"dividend past the cash bound", buy, func(in *TxInput) { in.Kind, in.Basis, in.Quantity, in.Price = "dividend", "", 1e9, 1e9 }, "price", "at most"},
		{"security fee past the cash bound", buy, func(in *TxInput) { in.Kind, in.Basis, in.Quantity, in.Price = "fee", "", 1e9, 1e4 }, "price", "at most"},
		{"buy past the cash bound", buy, func(in *TxInput) { in.Quantity, in.Price = 1e9, 1e9 }, "", ""},
		{"buy smallest quantity", buy, func(in *TxInput) { in.Quantity = 1e-9 }, "", ""},
		{"buy quantity below the ledger's precision", buy, func(in *TxInput) { in.Quantity = 1e-12 }, "quantity", "at least"},
		{"buy subnormal quantity", buy, func(in *TxInput) { in.Quantity = 5e-324 }, "quantity", "at least"},
		{"dividend subnormal quantity", buy, func(in *TxInput) { in.Kind, in.Basis, in.Quantity = "dividend", "", 1e-310 }, "quantity", "at least"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			in := c.base
			c.edit(&in)
			out, errs := Transaction(in, txToday)
			if c.field == "" {
				if errs != nil {
					t.Fatalf("unexpected errors %v", errs)
				}
				checkNormalised(t, out)
				return
			}
			if !strings.Contains(errs[c.field], c.want) {
				t.Fatalf("errs = %v, want %s containing %q", errs, c.field, c.want)
			}
		})
	}
}

func checkNormalised(t *testing.T, out TxInput) {
	t.Helper()
	if out.Ticker != strings.ToUpper(out.Ticker) {
		t.Errorf("ticker not normalised: %+v", out)
	}
	if out.Currency != "" && out.Currency != strings.ToUpper(out.Currency) {
		t.Errorf("currency not normalised: %+v", out)
	}
	isTrade := !IsCashEntry(out.Kind, out.Amount) && out.Kind != KindSplit
	if isTrade && out.Basis != BasisAdjusted && out.Basis != BasisAsTraded {
		t.Errorf("trade without a basis: %+v", out)
	}
}

func TestBasisDefault(t *testing.T) {
	t.Parallel()
	out, errs := Transaction(TxInput{Date: "2014-01-02", Kind: "buy", Ticker: "AAPL", Quantity: 1, Price: 2}, txToday)
	if errs != nil || out.Basis != BasisAdjusted {
		t.Fatalf("absent basis = %q, %v; want adjusted", out.Basis, errs)
	}
}

func TestCurrency(t *testing.T) {
	t.Parallel()
	for _, c := range Currencies {
		if got, err := Currency(strings.ToLower(c)); err != nil || got != c {
			t.Errorf("Currency(%q) = %q, %v", c, got, err)
		}
	}
	for _, bad := range []string{"", "US", "USDX", "XAU", "€", "U\x00SD", "../"} {
		if _, err := Currency(bad); err == nil {
			t.Errorf("Currency(%q) accepted", bad)
		}
	}
}

func FuzzLedgerTransaction(f *testing.F) {
	seen := fuzzseed.Require(f)
	f.Add("deposit", "", 0.0, 0.0, 1000.0, "EUR", "", 0.0)
	f.Add("split", "AAPL", 0.0, 0.0, 0.0, "", "", 7.0)
	f.Add("buy", "AAPL", 10.0, 553.13, 0.0, "", "as_traded", 0.0)
	f.Add("withdrawal", "X", -1.0, 0.0, math.NaN(), "xau", "raw", -1.0)
	f.Fuzz(func(t *testing.T, kind, ticker string, q, p, amount float64, currency, basis string, ratio float64) {
		in := TxInput{Date: "2014-01-02", Kind: kind, Ticker: ticker, Quantity: q, Price: p,
			Amount: amount, Currency: currency, Basis: basis, Ratio: ratio}
		out, errs := Transaction(in, txToday)
		if errs != nil {
			if errs.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		seen.Reached()
		checkNormalised(t, out)
		for _, v := range []float64{out.Quantity, out.Price, out.Amount, out.Ratio} {
			if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 || v > MaxAmount {
				t.Fatalf("bad number accepted: %+v", out)
			}
		}
		switch {
		case out.Kind == KindSplit:
			if out.Ratio < MinRatio || out.Ratio > MaxRatio || out.Quantity != 0 || out.Amount != 0 {
				t.Fatalf("bad split accepted: %+v", out)
			}
		case IsCashEntry(out.Kind, out.Amount):
			if _, err := Currency(out.Currency); err != nil || out.Amount <= 0 || out.Quantity != 0 || out.Price != 0 {
				t.Fatalf("bad cash entry accepted: %+v", out)
			}
		default:
			if out.Amount != 0 || out.Ratio != 0 || out.Quantity <= 0 || out.Price <= 0 {
				t.Fatalf("bad trade accepted: %+v", out)
			}
		}
	})
}
