package validate

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/shared/fuzzseed"
)

var lotsToday = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)

func sale(q float64, picks ...LotPick) TxInput {
	return TxInput{Date: "2016-01-04", Kind: KindSell, Ticker: "AAPL", Quantity: q, Price: 1, Lots: picks}
}

func TestSaleLots(t *testing.T) {
	tooMany := make([]LotPick, MaxLotPicks+1)
	for i := range tooMany {
		tooMany[i] = LotPick{Lot: "l" + strings.Repeat("x", i%60) + string(rune('a'+i%26)) + string(rune('a'+i/26)), Quantity: 1}
	}
	for _, c := range []struct {
		name string
		in   TxInput
		want string
	}{
		{"exact", sale(3, LotPick{"a", 1}, LotPick{"b", 2}), ""},
		{"float sum", sale(0.3, LotPick{"a", 0.1}, LotPick{"b", 0.2}), ""},
		{"short of the sale", sale(3, LotPick{"a", 1}), "add up to 1 shares but the sale is of 3"},
		{"past the sale", sale(1, LotPick{"a", 2}), "add up to 2"},
		{"twice", sale(2, LotPick{"a", 1}, LotPick{"a", 1}), "named twice"},
		{"bad id", sale(1, LotPick{"a/b", 1}), "id of its buy"},
		{"empty id", sale(1, LotPick{"", 1}), "id of its buy"},
		{"zero", sale(1, LotPick{"a", 0}, LotPick{"b", 1}), "positive"},
		{"negative", sale(1, LotPick{"a", -1}, LotPick{"b", 2}), "positive"},
		{"nan", sale(1, LotPick{"a", math.NaN()}), "positive"},
		{"too many", sale(float64(len(tooMany)), tooMany...), "at most 100"},
		{"not a sell", TxInput{Date: "2016-01-04", Kind: KindBuy, Ticker: "AAPL", Quantity: 1, Price: 1, Lots: []LotPick{{"a", 1}}}, "Only a sell"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, errs := Transaction(c.in, lotsToday)
			got := errs["lots"]
			if (c.want == "") != (got == "") || !strings.Contains(got, c.want) {
				t.Errorf("lots error %q, want %q", got, c.want)
			}
		})
	}
}

// FuzzSaleLots checks accepted picks are valid ids, positive, distinct and
// add up to the sale.
func FuzzSaleLots(f *testing.F) {
	seen := fuzzseed.Require(f)
	f.Add("a", 1.0, "b", 2.0, 3.0)
	f.Add("a", 1.0, "a", 1.0, 2.0)
	f.Add("x/y", 1.0, "b", -1.0, 0.0)
	f.Fuzz(func(t *testing.T, l1 string, q1 float64, l2 string, q2, total float64) {
		in := sale(total, LotPick{l1, q1}, LotPick{l2, q2})
		out, errs := Transaction(in, lotsToday)
		if errs != nil {
			return
		}
		seen.Reached()
		if l1 == l2 || ID(l1) != nil || ID(l2) != nil || !(q1 > 0) || !(q2 > 0) || math.Abs(q1+q2-out.Quantity) > 1e-9*math.Max(1, out.Quantity) {
			t.Fatalf("accepted %+v", out.Lots)
		}
	})
}
