package analytics

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// syntheticMarket builds n deterministic tickers over days trading days
// with a one-factor model (market + idiosyncratic noise).
func syntheticMarket(n, days int) []PriceSeries {
	rng := rand.New(rand.NewPCG(11, 13))
	out := make([]PriceSeries, n)
	for k := range out {
		out[k] = PriceSeries{Ticker: fmt.Sprintf("T%02d", k), Close: []float64{20 + float64(k)}}
	}
	d := day0
	for i := range days {
		for d.Weekday() == 0 || d.Weekday() == 6 {
			d = d.AddDate(0, 0, 1)
		}
		m := rng.NormFloat64() * 0.01
		for k := range out {
			if i > 0 {
				beta := 0.5 + float64(k%7)*0.15
				r := 0.0003 + beta*m + rng.NormFloat64()*0.012
				out[k].Close = append(out[k].Close, out[k].Close[i-1]*(1+r))
			}
			out[k].Dates = append(out[k].Dates, d)
		}
		d = d.AddDate(0, 0, 1)
	}
	return out
}

// benchInput is a 31-holding portfolio bought on day one with a few
// rebalancing trades over 12 years.
func benchInput() Input {
	s := syntheticMarket(31, 3020)
	in := Input{Series: s, Meta: map[string]Meta{}}
	for k, ps := range s {
		in.Meta[ps.Ticker] = Meta{Sector: fmt.Sprintf("S%d", k%9), Country: "US"}
		for _, i := range []int{0, 700, 1500, 2400} {
			in.Trades = append(in.Trades, Trade{Date: ps.Dates[i], Ticker: ps.Ticker, Quantity: 10 + float64(k), Price: ps.Close[i], Fee: 1})
		}
	}
	return in
}

func BenchmarkAnalyze31x12y(b *testing.B) {
	in := benchInput()
	bench, err := EqualWeightIndex(in.Series)
	if err != nil {
		b.Fatal(err)
	}
	in.Benchmark = &bench
	b.ResetTimer()
	for b.Loop() {
		if _, err := Analyze(in); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFrontier50x31(b *testing.B) {
	s := syntheticMarket(31, 3020)
	m, err := EstimateMoments(s, s[0].Dates[2020], s[0].Dates[3019], ShrinkConstantCorrelation)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		o, err := NewOptimizer(m, Constraints{MaxWeight: 0.15}, 0.01)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := o.EfficientFrontier(50); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMaxSharpe31(b *testing.B) {
	s := syntheticMarket(31, 3020)
	m, err := EstimateMoments(s, s[0].Dates[2020], s[0].Dates[3019], ShrinkConstantCorrelation)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		o, err := NewOptimizer(m, Constraints{MaxWeight: 0.15}, 0.01)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := o.MaxSharpe(); err != nil {
			b.Fatal(err)
		}
	}
}
