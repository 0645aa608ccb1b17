package portfolio

import (
	"strings"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/server/model"
)

func d(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// nikeSplits are NKE's three 2-for-1 splits of the embedded period.
func nikeSplits(ticker string) []model.Split {
	if ticker != "NKE" {
		return nil
	}
	return []model.Split{{Ticker: "NKE", Date: d("2007-04-03"), Ratio: 2}, {Ticker: "NKE", Date: d("2012-12-26"), Ratio: 2},
		{Ticker: "NKE", Date: d("2015-12-23"), Ratio: 2}}
}

// TestAdjust: by hand, a 2006 purchase of 10 NKE is 80 adjusted shares
// (three 2-for-1 splits follow), one on a split's date is post-split for
// that split, adjusted entries are untouched, and a reverse split entered
// by the user divides.
func TestAdjust(t *testing.T) {
	t.Parallel()
	txs := []model.Transaction{
		{Kind: "buy", Ticker: "NKE", Date: d("2006-05-01"), Quantity: 10, Price: 80, Basis: "as_traded"},
		{Kind: "buy", Ticker: "NKE", Date: d("2012-12-26"), Quantity: 10, Price: 52, Basis: "as_traded"},
		{Kind: "buy", Ticker: "NKE", Date: d("2006-05-01"), Quantity: 10, Price: 10, Basis: "adjusted"},
		{Kind: "buy", Ticker: "GE", Date: d("2010-01-04"), Quantity: 100, Price: 15, Basis: "as_traded"},
		{Kind: "split", Ticker: "GE", Date: d("2011-01-03"), Ratio: 0.5},
	}
	out := Adjust(txs, nikeSplits)
	want := []struct{ q, p float64 }{{80, 10}, {20, 26}, {10, 10}, {50, 30}}
	for i, w := range want {
		if out[i].Quantity != w.q || out[i].Price != w.p || out[i].Basis != "adjusted" {
			t.Errorf("tx %d = %v x %v (%s), want %v x %v", i, out[i].Quantity, out[i].Price, out[i].Basis, w.q, w.p)
		}
	}
	if txs[0].Quantity != 10 || txs[0].Basis != "as_traded" {
		t.Fatal("Adjust changed its input")
	}
}

// TestSplitTransactionReplacesDataSplit: a user split on the same date as
// a data split replaces it instead of applying twice.
func TestSplitTransactionReplacesDataSplit(t *testing.T) {
	t.Parallel()
	txs := []model.Transaction{
		{Kind: "buy", Ticker: "NKE", Date: d("2015-01-02"), Quantity: 1, Price: 96, Basis: "as_traded"},
		{Kind: "split", Ticker: "NKE", Date: d("2015-12-23"), Ratio: 2},
	}
	if q := Adjust(txs, nikeSplits)[0].Quantity; q != 2 {
		t.Fatalf("quantity %v, want 2", q)
	}
}

// TestCashLedger: settlements by hand and the withdrawal rule.
func TestCashLedger(t *testing.T) {
	t.Parallel()
	ok := []model.Transaction{
		{Kind: "deposit", Date: d("2014-01-02"), Amount: 1000, Currency: "EUR"},
		{Kind: "deposit", Date: d("2014-01-02"), Amount: 500, Currency: "USD"},
		{Kind: "buy", Ticker: "MSFT", Date: d("2014-01-02"), Quantity: 10, Price: 37, Fee: 1, Currency: "USD"}, // -371
		{Kind: "dividend", Ticker: "MSFT", Date: d("2014-02-03"), Quantity: 10, Price: 0.28},                   // +2.8 (USD)
		{Kind: "tax", Ticker: "MSFT", Date: d("2014-02-03"), Amount: 0.42, Currency: "USD"},
		{Kind: "interest", Date: d("2014-03-03"), Amount: 1.5, Currency: "EUR"},
		{Kind: "fee", Date: d("2014-03-03"), Amount: 2, Currency: "EUR"},
		{Kind: "withdrawal", Date: d("2014-04-01"), Amount: 999.5, Currency: "EUR"},
	}
	b, err := ReplayWith(ok, nil)
	if err != nil {
		t.Fatal(err)
	}
	if eur := b.Cash.Balance["EUR"]; eur != 0 {
		t.Errorf("EUR %v, want 0", eur)
	}
	if usd := b.Cash.Balance["USD"]; usd < 131.38-1e-9 || usd > 131.38+1e-9 {
		t.Errorf("USD %v, want 131.38", usd)
	}
	if b.Plain {
		t.Error("a history with cash is not plain")
	}
	bad := append(ok[:len(ok):len(ok)], model.Transaction{Kind: "withdrawal", Date: d("2014-04-02"), Amount: 0.01, Currency: "EUR"})
	if _, err := ReplayWith(bad, nil); err == nil || !strings.Contains(err.Error(), "holds only 0 EUR") {
		t.Fatalf("err = %v", err)
	}
	if _, err := Replay([]model.Transaction{{Kind: "withdrawal", Date: d("2014-04-02"), Amount: 1, Currency: "USD"}}); err == nil {
		t.Fatal("a withdrawal without any deposit was accepted")
	}
}
