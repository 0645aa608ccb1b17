package report

import (
	"bytes"
	"encoding/csv"
	"testing"

	"github.com/fortfolio/fortfolio/shared/wire"
)

func TestGainsCSVEscapesFormulas(t *testing.T) {
	rep := wire.RealisedGains{Currency: "=cmd|' /C calc'!A0", Lots: []wire.RealisedLot{
		{Ticker: "=HYPERLINK(\"http://x\")", LotID: "+1", SaleID: "@SUM(A1)", Acquired: "2016-01-04", Disposed: "2016-04-01",
			Term: "short", Quantity: 3, Proceeds: 240, Cost: 270.6, Fees: 1.5, Gain: -32.10000000000002},
		{Ticker: "-2+3", LotID: "b1", SaleID: "s1", Term: "long", Quantity: 1, Gain: 5},
	}, Totals: wire.GainTotals{Gain: -27.10000000000002}}
	var buf bytes.Buffer
	if err := GainsCSV(&buf, rep); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := map[[2]int]string{
		{1, 0}: "'=HYPERLINK(\"http://x\")", {1, 1}: "'+1", {1, 2}: "'@SUM(A1)", {1, 12}: "'=cmd|' /C calc'!A0",
		{2, 0}: "'-2+3", {1, 11}: "-32.1", {3, 11}: "-27.1", {3, 0}: "total",
	}
	for at, w := range want {
		if got := recs[at[0]][at[1]]; got != w {
			t.Errorf("cell %v = %q, want %q", at, got, w)
		}
	}
}
