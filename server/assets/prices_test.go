package assets

import (
	"math"
	"testing"

	"github.com/fortfolio/fortfolio/shared/fuzzseed"
	"github.com/fortfolio/fortfolio/shared/wire"
)

func TestParsePrices(t *testing.T) {
	t.Parallel()
	got, err := ParsePrices(wire.AssetPrices{CSV: "Date;Close\r\n2017-01-03;1.234,5\n\n2017-01-02;1230\n"})
	if err != nil || len(got) != 2 || got[0].Close != 1230 || got[1].Close != 1234.5 || got[0].Date.Day() != 2 {
		t.Fatalf("%v %+v", err, got)
	}
}

// FuzzParsePrices: any text gives sorted, distinct, positive finite
// closes, or a PricesError.
func FuzzParsePrices(f *testing.F) {
	seen := fuzzseed.Require(f)
	for _, s := range []string{"date,close\n2017-01-02,100\n", "2017-01-02;1,5\n2017-01-01;2\n", "x", "2017-01-02,NaN\n", "2017-01-02\t1e308\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParsePrices(wire.AssetPrices{CSV: s})
		if err != nil {
			if _, ok := err.(*PricesError); !ok {
				t.Fatalf("error %T", err)
			}
			return
		}
		seen.Reached()
		for i, p := range got {
			if p.Close <= 0 || math.IsInf(p.Close, 0) || math.IsNaN(p.Close) || i > 0 && !got[i-1].Date.Before(p.Date) {
				t.Fatalf("bad prices %+v", got)
			}
		}
	})
}
