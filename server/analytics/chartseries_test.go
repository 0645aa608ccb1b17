package analytics

import (
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/shared/wire"
)

func TestChartSeriesHandVector(t *testing.T) {
	t.Parallel()
	bench := series("BM", 50, 52, 51, 53, 54, 52, 55, 56)
	rep, err := Analyze(Input{
		Series:    []PriceSeries{series("A", 100, 110, 99, 105, 120, 102, 115, 118)},
		Trades:    []Trade{{Date: on(0), Ticker: "A", Quantity: 1, Price: 100}},
		Benchmark: &bench,
	})
	if err != nil {
		t.Fatal(err)
	}
	// One share bought at the first close: the TWR index is close/100,
	// the benchmark index close/50.
	wantIdx := []float64{1, 1.1, 0.99, 1.05, 1.2, 1.02, 1.15, 1.18}
	wantBench := []float64{1, 1.04, 1.02, 1.06, 1.08, 1.04, 1.1, 1.12}
	for i, p := range rep.Series {
		near(t, "index "+p.Date, p.Index, wantIdx[i], 1e-12)
		nearPtr(t, "benchmark "+p.Date, p.Benchmark, wantBench[i], 1e-12)
	}
	// The last points are the reported total returns.
	near(t, "twr", rep.Series[7].Index-1, *rep.Metrics.TotalReturn, 1e-12)
	near(t, "bench", *rep.Series[7].Benchmark-1, *rep.Benchmark.TotalReturn, 1e-12)
	// New highs 1.1 (day 1) and 1.2 (day 4) split two drawdowns:
	// 1.2 -> 1.02 = -15%, not regained by the end (day 7, 3 days);
	// 1.1 -> 0.99 = -10%, regained on day 4 (1.2 >= 1.1), 3 days.
	rec := "2021-03-05"
	want := []wire.Drawdown{
		{Depth: 1.02/1.2 - 1, Peak: "2021-03-05", Trough: "2021-03-06", DurationDays: 3},
		{Depth: 0.99/1.1 - 1, Peak: "2021-03-02", Trough: "2021-03-03", Recovery: &rec, Recovered: true, DurationDays: 3},
	}
	if len(rep.Drawdowns) != len(want) {
		t.Fatalf("drawdowns = %+v", rep.Drawdowns)
	}
	for i := range want {
		near(t, "depth", rep.Drawdowns[i].Depth, want[i].Depth, 1e-12)
		want[i].Depth = rep.Drawdowns[i].Depth
	}
	if !reflect.DeepEqual(rep.Drawdowns, want) {
		t.Fatalf("drawdowns = %+v, want %+v", rep.Drawdowns, want)
	}
	if !reflect.DeepEqual(rep.Drawdowns[0], *rep.Drawdown) {
		t.Fatalf("first period %+v is not the maximum drawdown %+v", rep.Drawdowns[0], *rep.Drawdown)
	}
	if rep.Flows != nil {
		t.Fatalf("the first day's purchase is the start value, not a flow: %+v", rep.Flows)
	}
}

func TestBenchmarkIndexStartsLate(t *testing.T) {
	t.Parallel()
	late := PriceSeries{Ticker: "BM", Dates: []time.Time{on(2), on(3)}, Close: []float64{40, 44}}
	rep, err := Analyze(Input{
		Series: []PriceSeries{series("A", 10, 11, 12, 11)},
		Trades: []Trade{{Date: on(0), Ticker: "A", Quantity: 1, Price: 10}}, Benchmark: &late,
	})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Series[0].Benchmark != nil || rep.Series[1].Benchmark != nil {
		t.Fatal("no benchmark value before its first close")
	}
	nearPtr(t, "day 2", rep.Series[2].Benchmark, 1, 0)
	nearPtr(t, "day 3", rep.Series[3].Benchmark, 1.1, 1e-12)
}

func TestFlowPoints(t *testing.T) {
	t.Parallel()
	rep, err := Analyze(flowInput(1))
	if err != nil {
		t.Fatal(err)
	}
	// day 1: buy 5 B at 20 + fee 1 = 101 in; day 3: sell 10 A at 11.5 = 115 out.
	want := []wire.FlowPoint{{Date: "2021-03-02", Amount: 101}, {Date: "2021-03-04", Amount: -115}}
	if !reflect.DeepEqual(rep.Flows, want) {
		t.Fatalf("flows = %+v, want %+v", rep.Flows, want)
	}
	near(t, "sum is net flows", rep.Flows[0].Amount+rep.Flows[1].Amount, rep.NetFlows, 1e-12)
	// Over the limit, the largest flows are kept, in date order.
	in := flowInput(1)
	in.Trades = append(in.Trades, Trade{Date: on(2), Ticker: "B", Quantity: 1, Price: 22})
	in.MaxPoints = 2
	rep, err = Analyze(in)
	if err != nil {
		t.Fatal(err)
	}
	if want := []wire.FlowPoint{{Date: "2021-03-02", Amount: 101}, {Date: "2021-03-04", Amount: -115}}; !reflect.DeepEqual(rep.Flows, want) {
		t.Fatalf("capped flows = %+v, want %+v", rep.Flows, want)
	}
}

// TestDrawdownPeriodsMatchMaximum holds the deepest period to the maximum
// drawdown on random walks, flat stretches included, and checks the
// periods are disjoint and sorted.
func TestDrawdownPeriodsMatchMaximum(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(7, 11))
	for n := range 300 {
		w := make([]float64, 2+rng.IntN(60))
		days := make([]int64, len(w))
		w[0] = 1
		for i := 1; i < len(w); i++ {
			days[i] = int64(i)
			switch rng.IntN(5) {
			case 0:
				w[i] = w[i-1] // flat, ties with the peak
			default:
				w[i] = w[i-1] * (1 + rng.NormFloat64()*0.05)
			}
		}
		got := drawdownPeriods(w, days, 100)
		max := drawdownReport(drawdownOf(w), days)
		if max == nil {
			if len(got) != 0 {
				t.Fatalf("walk %d: periods %+v without a drawdown", n, got)
			}
			continue
		}
		if !reflect.DeepEqual(got[0], *max) {
			t.Fatalf("walk %d: deepest %+v, maximum %+v", n, got[0], *max)
		}
		for i := 1; i < len(got); i++ {
			if got[i].Depth < got[i-1].Depth {
				t.Fatalf("walk %d: not sorted %+v", n, got)
			}
		}
	}
}

func TestAllocationByCurrencyAndKind(t *testing.T) {
	t.Parallel()
	rep, err := Analyze(Input{
		Series: []PriceSeries{series("A", 10, 10), series("B", 20, 20), series("C", 5, 5)},
		Trades: []Trade{{Date: on(0), Ticker: "A", Quantity: 3, Price: 10}, {Date: on(0), Ticker: "B", Quantity: 1, Price: 20},
			{Date: on(0), Ticker: "C", Quantity: 2, Price: 5}},
		Meta: map[string]Meta{"A": {Currency: "USD", Kind: "Stock"}, "B": {Currency: "EUR", Kind: "Stock"}, "C": {}},
	})
	if err != nil {
		t.Fatal(err)
	}
	// values 30 (USD), 20 (EUR), 10 (no currency) of 60
	wantCur := []wire.Allocation{{Key: "USD", Value: 30, Weight: 0.5}, {Key: "EUR", Value: 20, Weight: 20.0 / 60}, {Key: "Unknown", Value: 10, Weight: 10.0 / 60}}
	wantKind := []wire.Allocation{{Key: "Stock", Value: 50, Weight: 50.0 / 60}, {Key: "Unknown", Value: 10, Weight: 10.0 / 60}}
	if !reflect.DeepEqual(rep.Currencies, wantCur) || !reflect.DeepEqual(rep.AssetKinds, wantKind) {
		t.Fatalf("currencies %+v, kinds %+v", rep.Currencies, rep.AssetKinds)
	}
}
