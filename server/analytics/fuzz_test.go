package analytics

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/fortfolio/fortfolio/shared/fuzzseed"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// FuzzAnalyze builds two price series and trades from raw bytes and checks
// that Analyze never panics and never emits NaN or Inf.
func FuzzAnalyze(f *testing.F) {
	seen := fuzzseed.Require(f)
	f.Add([]byte{10, 20, 30, 5, 200, 1, 2, 3, 250, 0, 7}, 0.02)
	f.Add([]byte{1, 1, 1, 1}, 0.0)
	f.Add([]byte{255, 0, 128, 3, 9, 200, 17}, -0.4)
	f.Fuzz(func(t *testing.T, data []byte, rf float64) {
		if len(data) < 4 || len(data) > 400 {
			return
		}
		var a, b []float64
		for i, x := range data {
			p := float64(x) + 0.5
			if i%2 == 0 {
				a = append(a, p)
			} else {
				b = append(b, p)
			}
		}
		in := Input{Series: []PriceSeries{series("A", a...), series("B", b[:len(b)-1]...)}, RiskFree: rf}
		for i, x := range data[:len(data)/2] {
			q := float64(int(x%7) - 3)
			if q != 0 {
				in.Trades = append(in.Trades, Trade{Date: on(i), Ticker: []string{"A", "B"}[i%2], Quantity: q, Price: float64(x), Fee: 0.1})
			}
		}
		bench := series("BM", b...)
		in.Benchmark = &bench
		rep, err := Analyze(in)
		if err != nil {
			return
		}
		seen.Reached()
		if _, err := json.Marshal(rep); err != nil {
			t.Fatalf("marshal: %v", err)
		}
		for _, p := range rep.Series {
			if math.IsNaN(p.Value+p.Index+p.Drawdown+p.Gross) || math.IsInf(p.Value+p.Index+p.Drawdown+p.Gross, 0) {
				t.Fatalf("non-finite point %+v", p)
			}
		}
	})
}

// FuzzStressSetValidate checks ValidateStressSet never panics and accepted
// sets are within the documented limits.
func FuzzStressSetValidate(f *testing.F) {
	seen := fuzzseed.Require(f)
	f.Add("Oil", -0.2, "Energy", -0.5)
	f.Add("", 2.0, "", math.NaN())
	f.Fuzz(func(t *testing.T, name string, market float64, sector string, shock float64) {
		s := wire.StressSet{Name: name, MarketShock: market, SectorShocks: map[string]float64{sector: shock}}
		if ValidateStressSet(s) != nil {
			return
		}
		seen.Reached()
		if market < -1 || market > 1 || shock < -1 || shock > 1 || name == "" {
			t.Fatalf("accepted %+v", s)
		}
	})
}
