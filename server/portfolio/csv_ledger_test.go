package portfolio

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/shared/fuzzseed"
	"github.com/fortfolio/fortfolio/shared/validate"
)

// TestLedgerCSVRoundTrip: cash entries, splits and as-traded trades are
// written in the ledger layout and read back with every field kept.
func TestLedgerCSVRoundTrip(t *testing.T) {
	t.Parallel()
	d := func(s string) time.Time { x, _ := time.Parse(time.DateOnly, s); return x }
	txs := []model.Transaction{
		{Date: d("2014-01-02"), Kind: "deposit", Amount: 10000.5, Currency: "EUR", Note: "salary"},
		{Date: d("2014-01-02"), Kind: "buy", Ticker: "AAPL", Quantity: 10, Price: 553.13, Fee: 1, Basis: "as_traded"},
		{Date: d("2014-03-03"), Kind: "buy", Ticker: "MSFT", Quantity: 2, Price: 38, Basis: "adjusted"},
		{Date: d("2014-06-09"), Kind: "split", Ticker: "AAPL", Ratio: 7},
		{Date: d("2014-07-01"), Kind: "tax", Ticker: "AAPL", Amount: 3.25, Currency: "USD"},
		{Date: d("2014-08-01"), Kind: "withdrawal", Amount: 500, Currency: "EUR"},
	}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, txs); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), strings.Join(LedgerHeader, ",")+"\n") {
		t.Fatalf("not the ledger layout:\n%s", buf.String())
	}
	rows, errs := ParseCSV(buf.Bytes(), today)
	if len(errs) > 0 || len(rows) != len(txs) {
		t.Fatalf("rows %+v errs %v", rows, errs)
	}
	for i, r := range rows {
		w := txs[i]
		if r.In.Kind != w.Kind || r.In.Ticker != w.Ticker || r.In.Quantity != w.Quantity || r.In.Price != w.Price ||
			r.In.Fee != w.Fee || r.In.Amount != w.Amount || r.In.Currency != w.Currency || r.In.Ratio != w.Ratio || r.In.Note != w.Note {
			t.Errorf("row %d = %+v, want %+v", i, r.In, w)
		}
		if w.Basis != "" && r.In.Basis != w.Basis {
			t.Errorf("row %d basis %q, want %q", i, r.In.Basis, w.Basis)
		}
	}
}

// TestLedgerCSVEmptyCells: a hand-written deposit line may leave the
// share columns empty.
func TestLedgerCSVEmptyCells(t *testing.T) {
	t.Parallel()
	lh := strings.Join(LedgerHeader, ",") + "\n"
	rows, errs := ParseCSV([]byte(lh+"2014-01-02,deposit,,,,,,1000,eur,,\n"), today)
	if len(errs) > 0 || len(rows) != 1 || rows[0].In.Amount != 1000 || rows[0].In.Currency != "EUR" {
		t.Fatalf("rows %+v errs %v", rows, errs)
	}
}

// TestOldCSVReadsAdjusted: a file in the first layout means adjusted trades.
func TestOldCSVReadsAdjusted(t *testing.T) {
	t.Parallel()
	rows, errs := ParseCSV([]byte(head+"2010-01-04,buy,AAPL,10,30,1,\n"), today)
	if len(errs) > 0 || len(rows) != 1 || rows[0].In.Basis != "adjusted" {
		t.Fatalf("rows %+v errs %v", rows, errs)
	}
}

func TestLedgerCSVRefusesBadCells(t *testing.T) {
	t.Parallel()
	lh := strings.Join(LedgerHeader, ",") + "\n"
	for name, line := range map[string]string{
		"amount on a buy":   "2014-01-02,buy,AAPL,1,1,0,,5,,,",
		"unknown currency":  "2014-01-02,deposit,,,,,,5,XAU,,",
		"buy without price": "2014-01-02,buy,AAPL,1,,0,,,,,",
		"ratio text":        "2014-06-09,split,AAPL,,,,,,,,seven",
		"ratio zero":        "2014-06-09,split,AAPL,,,,,,,,0",
		"formula currency":  "2014-01-02,deposit,,,,,,5,=EUR,,",
		"short row":         "2014-01-02,deposit,,,,,,5,EUR",
	} {
		t.Run(name, func(t *testing.T) {
			if _, errs := ParseCSV([]byte(lh+line+"\n"), today); len(errs) != 1 {
				t.Fatalf("errs %v", errs)
			}
		})
	}
}

// FuzzParseLedgerCSV: whatever a ledger-layout file holds, every row it
// accepts is one the shared rules accept, with finite non-negative
// numbers and the fields of its kind only.
func FuzzParseLedgerCSV(f *testing.F) {
	seen := fuzzseed.Require(f)
	lh := strings.Join(LedgerHeader, ",") + "\n"
	f.Add([]byte(lh + "2014-01-02,deposit,,,,,,1000,EUR,,\n"))
	f.Add([]byte(lh + "2014-06-09,split,AAPL,,,,,,,,7\n"))
	f.Add([]byte(lh + "2014-01-02,buy,AAPL,10,553.13,1,,,USD,as_traded,\n"))
	f.Add([]byte(lh + "2014-01-02,withdrawal,,,,,,NaN,XAU,raw,-1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, _ := ParseCSV(data, today)
		for _, r := range rows {
			seen.Reached()
			in := r.In
			for _, v := range []float64{in.Quantity, in.Price, in.Fee, in.Amount, in.Ratio} {
				if v != v || v < 0 || v > validate.MaxAmount {
					t.Fatalf("bad number accepted: %+v", in)
				}
			}
			if _, errs := validate.Transaction(in, today); errs != nil {
				t.Fatalf("row the rules refuse: %+v: %v", in, errs)
			}
		}
	})
}
