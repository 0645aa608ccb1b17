package forecast

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// synthSeries makes n tickers of random-walk closes and volumes over days
// business days, with some missing rows (gaps) and two sectors.
func synthSeries(n, days int, seed uint64) []Series {
	rng := rand.New(rand.NewPCG(seed, 1))
	start := time.Date(2010, 1, 4, 0, 0, 0, 0, time.UTC)
	out := make([]Series, n)
	for k := range out {
		s := Series{Ticker: string(rune('A'+k)) + "X", Sector: []string{"Tech", "Energy"}[k%2]}
		px := 50 + 10*float64(k)
		for d := range days {
			px *= math.Exp(0.0002 + 0.015*rng.NormFloat64())
			if k > 0 && rng.IntN(50) == 0 { // a missing row
				continue
			}
			s.Dates = append(s.Dates, start.AddDate(0, 0, d))
			s.Close = append(s.Close, px)
			s.Volume = append(s.Volume, float64(1e6+rng.IntN(1e6)))
		}
		out[k] = s
	}
	return out
}

// perturbAfter returns a deep copy of series with every close and volume
// after cut replaced by new random values.
func perturbAfter(series []Series, cut time.Time, seed uint64) []Series {
	rng := rand.New(rand.NewPCG(seed, 2))
	out := make([]Series, len(series))
	for k, s := range series {
		c := Series{Ticker: s.Ticker, Sector: s.Sector, Dates: s.Dates,
			Close: append([]float64(nil), s.Close...), Volume: append([]float64(nil), s.Volume...)}
		for i, d := range s.Dates {
			if d.After(cut) {
				c.Close[i] = s.Close[i] * (0.5 + rng.Float64())
				c.Volume[i] = float64(rng.IntN(5e6))
			}
		}
		out[k] = c
	}
	return out
}

func mustUniverse(t testing.TB, s []Series) *Universe {
	t.Helper()
	u, err := NewUniverse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
