package analytics

import (
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/shared/wire"
)

func TestAnalyzeHandVector(t *testing.T) {
	t.Parallel()
	bench := series("BM", 50, 52, 51, 53, 54, 52, 55, 56)
	rep, err := Analyze(Input{
		Series:    []PriceSeries{series("A", 100, 110, 99, 105, 120, 102, 115, 118)},
		Trades:    []Trade{{Date: on(0), Ticker: "A", Quantity: 1, Price: 100}},
		Meta:      map[string]Meta{"A": {Sector: "Tech", Country: "US"}},
		Benchmark: &bench, RiskFree: 0.02,
	})
	if err != nil {
		t.Fatal(err)
	}
	m := rep.Metrics
	nearPtr(t, "twr", m.TotalReturn, 0.18, 1e-12)
	nearPtr(t, "sharpe", m.Sharpe, 4.12257753455255, 1e-12)
	nearPtr(t, "var95", m.VaR95, 0.135, 1e-12)
	nearPtr(t, "beta", m.Beta, 3.0217758661297727, 1e-12)
	nearPtr(t, "corr", m.Correlation, 0.903346913493043, 1e-12)
	nearPtr(t, "bench twr", rep.Benchmark.TotalReturn, 0.12, 1e-12)
	if rep.Returns != 7 || rep.From != "2021-03-01" || rep.To != "2021-03-08" || len(rep.Series) != 8 {
		t.Fatalf("returns=%d from=%s to=%s points=%d", rep.Returns, rep.From, rep.To, len(rep.Series))
	}
	if d := rep.Drawdown; d == nil || d.Peak != "2021-03-05" || d.Trough != "2021-03-06" || d.Recovered || d.DurationDays != 3 {
		t.Fatalf("drawdown = %+v", rep.Drawdown)
	}
	if len(rep.Sectors) != 1 || rep.Sectors[0].Key != "Tech" || rep.Sectors[0].Weight != 1 {
		t.Fatalf("sectors = %+v", rep.Sectors)
	}
	near(t, "contribution", rep.Holdings[0].ContributionReturn, 0.18, 1e-12)
	nearPtr(t, "risk contribution", rep.Holdings[0].ContributionRisk, 1, 1e-12)
}

// flowInput buys A, later buys B with a fee and sells A above its close.
func flowInput(k float64) Input {
	return Input{
		Series: []PriceSeries{series("A", 10, 11, 12, 11), series("B", 20, 20, 22, 21)},
		Trades: []Trade{
			{Date: on(0), Ticker: "A", Quantity: 10 * k, Price: 10},
			{Date: on(1), Ticker: "B", Quantity: 5 * k, Price: 20, Fee: 1 * k},
			{Date: on(3), Ticker: "A", Quantity: -10 * k, Price: 11.5},
		},
	}
}

func TestAnalyzeFlowsAndContributions(t *testing.T) {
	t.Parallel()
	rep, err := Analyze(flowInput(1))
	if err != nil {
		t.Fatal(err)
	}
	// r = 0.09, 230/210-1, 220/230-1 (hand computed).
	nearPtr(t, "twr", rep.Metrics.TotalReturn, 0.1419047619047622, 1e-12)
	near(t, "net flows", rep.NetFlows, 101-115, 1e-12)
	near(t, "end value", rep.EndValue, 105, 1e-12)
	got := map[string]float64{}
	for _, h := range rep.Holdings {
		got[h.Ticker] = h.ContributionReturn
	}
	near(t, "contribution A", got["A"], 0.12727055882479876, 1e-12)
	near(t, "contribution B", got["B"], 0.01463420307996324, 1e-12)
	if len(rep.Holdings) != 2 || rep.Holdings[0].Quantity != 0 || rep.Holdings[0].ContributionRisk != nil {
		t.Fatalf("closed position A = %+v", rep.Holdings[0])
	}
}

func TestAnalyzeScalingProperty(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 20 {
		base := randomInput(rng, 1)
		k := 0.01 + rng.Float64()*1000
		scaled := base
		scaled.Trades = nil
		for _, tr := range base.Trades {
			tr.Quantity *= k
			tr.Fee *= k
			scaled.Trades = append(scaled.Trades, tr)
		}
		a, errA := Analyze(base)
		b, errB := Analyze(scaled)
		if errA != nil || errB != nil {
			t.Fatalf("trial %d: %v %v", trial, errA, errB)
		}
		nearPtr(t, "twr", b.Metrics.TotalReturn, *a.Metrics.TotalReturn, 1e-9)
		nearPtr(t, "vol", b.Metrics.Volatility, *a.Metrics.Volatility, 1e-9)
		near(t, "value", b.EndValue, a.EndValue*k, 1e-9)
	}
}

// randomInput builds three random-walk tickers and random long trades.
func randomInput(rng *rand.Rand, n int) Input {
	in := Input{}
	for _, tk := range []string{"X", "Y", "Z"} {
		c := []float64{50 + rng.Float64()*50}
		for range 60 {
			c = append(c, c[len(c)-1]*(1+rng.NormFloat64()*0.02))
		}
		in.Series = append(in.Series, series(tk, c...))
	}
	for i := range 10 * n {
		tk := []string{"X", "Y", "Z"}[i%3]
		in.Trades = append(in.Trades, Trade{Date: on(i * 5), Ticker: tk, Quantity: 1 + float64(rng.IntN(20)), Price: 40 + rng.Float64()*60, Fee: rng.Float64()})
	}
	return in
}

func TestAnalyzeLongShortDenominator(t *testing.T) {
	t.Parallel()
	rep, err := Analyze(Input{
		Series: []PriceSeries{series("A", 10, 11), series("B", 10, 10.5)},
		Trades: []Trade{{Date: on(0), Ticker: "A", Quantity: 10, Price: 10}, {Date: on(0), Ticker: "B", Quantity: -10, Price: 10}},
	})
	if err != nil {
		t.Fatal(err)
	}
	// V0 = 0, G0 = 200: r = (5 - 0)/200.
	nearPtr(t, "twr", rep.Metrics.TotalReturn, 0.025, 1e-12)
	if e := rep.Exposure; e.Long != 110 || e.Short != -105 || e.Gross != 215 || e.Net != 5 {
		t.Fatalf("exposure = %+v", e)
	}
}

func TestAnalyzeWindowAndCarryForward(t *testing.T) {
	t.Parallel()
	b := PriceSeries{Ticker: "B", Dates: []time.Time{on(0), on(2), on(3)}, Close: []float64{20, 22, 11}}
	rep, err := Analyze(Input{
		Series: []PriceSeries{series("A", 10, 11, 12, 13), b},
		Trades: []Trade{{Date: on(0), Ticker: "A", Quantity: 1, Price: 10}, {Date: on(0), Ticker: "B", Quantity: 1, Price: 20}},
		From:   on(1), To: on(2),
	})
	if err != nil {
		t.Fatal(err)
	}
	// Day 1: A=11, B carried at 20 -> V=31; day 2: 12+22=34.
	nearPtr(t, "twr", rep.Metrics.TotalReturn, 34.0/31-1, 1e-12)
	if rep.Returns != 1 || rep.StartValue != 31 {
		t.Fatalf("returns=%d start=%v", rep.Returns, rep.StartValue)
	}
}

func TestAnalyzeErrors(t *testing.T) {
	t.Parallel()
	good := series("A", 10, 11)
	tests := []struct {
		name string
		in   Input
		want error
	}{
		{"no series", Input{}, ErrNoHoldings},
		{"no trades", Input{Series: []PriceSeries{good}}, ErrNoHoldings},
		{"nan close", Input{Series: []PriceSeries{series("A", 10, math.NaN())}}, ErrInvalidInput},
		{"zero close", Input{Series: []PriceSeries{series("A", 10, 0)}}, ErrInvalidInput},
		{"mismatched", Input{Series: []PriceSeries{{Ticker: "A", Dates: good.Dates, Close: []float64{1}}}}, ErrInvalidInput},
		{"unsorted", Input{Series: []PriceSeries{{Ticker: "A", Dates: []time.Time{on(1), on(0)}, Close: []float64{1, 2}}}}, ErrInvalidInput},
		{"duplicate", Input{Series: []PriceSeries{good, good}}, ErrInvalidInput},
		{"unknown ticker", Input{Series: []PriceSeries{good}, Trades: []Trade{{Date: on(0), Ticker: "Q", Quantity: 1, Price: 1}}}, ErrInvalidInput},
		{"inf quantity", Input{Series: []PriceSeries{good}, Trades: []Trade{{Date: on(0), Ticker: "A", Quantity: math.Inf(1), Price: 1}}}, ErrInvalidInput},
		{"negative fee", Input{Series: []PriceSeries{good}, Trades: []Trade{{Date: on(0), Ticker: "A", Quantity: 1, Price: 1, Fee: -1}}}, ErrInvalidInput},
		{"bad rf", Input{Series: []PriceSeries{good}, RiskFree: math.NaN()}, ErrInvalidInput},
		{"window before data", Input{Series: []PriceSeries{good}, Trades: []Trade{{Date: on(0), Ticker: "A", Quantity: 1, Price: 1}}, To: on(-5)}, ErrNoHoldings},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Analyze(tc.in); !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
		})
	}
}

func TestReportJSONHasNoNaN(t *testing.T) {
	t.Parallel()
	rep, err := Analyze(Input{Series: []PriceSeries{series("A", 10, 10, 10)}, Trades: []Trade{{Date: on(0), Ticker: "A", Quantity: 1, Price: 10}}})
	if err != nil {
		t.Fatal(err)
	}
	buf, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	if s := string(buf); strings.Contains(s, "NaN") || strings.Contains(s, "sharpe") {
		t.Fatalf("json = %s", s)
	}
}

func TestDownsample(t *testing.T) {
	t.Parallel()
	pts := make([]wire.SeriesPoint, 1000)
	for i := range pts {
		pts[i].Date = on(i).Format(time.DateOnly)
	}
	pts[537].Drawdown = -0.4
	tests := []struct {
		name string
		max  int
		want int
	}{{"cap 500", 500, 500}, {"cap 2", 2, 2}, {"no-op", 2000, 1000}, {"invalid", 1, 1000}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := Downsample(pts, tc.max)
			if len(out) != tc.want || out[0] != pts[0] || out[len(out)-1] != pts[999] {
				t.Fatalf("len %d", len(out))
			}
			if tc.max > 2 && !containsDate(out, pts[537].Date) {
				t.Error("trough dropped")
			}
		})
	}
}

func containsDate(pts []wire.SeriesPoint, d string) bool {
	for _, p := range pts {
		if p.Date == d {
			return true
		}
	}
	return false
}

func TestEqualWeightIndex(t *testing.T) {
	t.Parallel()
	late := PriceSeries{Ticker: "B", Dates: []time.Time{on(1), on(2)}, Close: []float64{50, 55}}
	idx, err := EqualWeightIndex([]PriceSeries{series("A", 10, 11, 12.1), late})
	if err != nil {
		t.Fatal(err)
	}
	// Day 1: only A priced on day 0 -> +10%; day 2: mean(10%, 10%).
	want := []float64{100, 110, 121}
	for i, w := range want {
		near(t, "level", idx.Close[i], w, 1e-12)
	}
	if _, err := EqualWeightIndex(nil); err == nil {
		t.Error("empty set must fail")
	}
}

// TestAnalyzeDividendsOfPeriod: the report's dividends are the income of
// the period whether it leaves the portfolio or is kept as cash.
func TestAnalyzeDividendsOfPeriod(t *testing.T) {
	t.Parallel()
	cash := series("CASH.USD", 1, 1, 1, 1)
	cases := []struct {
		name   string
		trades []Trade
		divs   []Dividend
	}{
		{"paid out", []Trade{{Date: on(0), Ticker: "A", Quantity: 10, Price: 10}},
			[]Dividend{{Date: on(2), Ticker: "A", Amount: 5}}},
		{"kept as cash", []Trade{
			{Date: on(0), Ticker: "CASH.USD", Quantity: 1000, Price: 1},
			{Date: on(0), Ticker: "A", Quantity: 10, Price: 10, Internal: true},
			{Date: on(0), Ticker: "CASH.USD", Quantity: -100, Price: 1, Internal: true},
			{Date: on(2), Ticker: "CASH.USD", Quantity: 5, Price: 1, Internal: true},
		}, []Dividend{{Date: on(2), Ticker: "A", Amount: 5, Settled: true}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep, err := Analyze(Input{Series: []PriceSeries{series("A", 10, 11, 12, 11), cash}, Trades: c.trades, Dividends: c.divs})
			if err != nil {
				t.Fatal(err)
			}
			near(t, "dividends", rep.Dividends, 5, 1e-12)
		})
	}
}
