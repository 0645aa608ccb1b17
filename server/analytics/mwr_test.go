package analytics

import (
	"math"
	"testing"
	"time"
)

func days(ds ...string) []int64 {
	out := make([]int64, len(ds))
	for i, s := range ds {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			panic(err)
		}
		out[i] = dayNum(d)
	}
	return out
}

// TestXIRR checks the rates against testdata/xirr.py, an independent
// Newton solver (its output is pasted below). The spreadsheet case is the
// documented XIRR example (37.34%); "one year" is 1100/1000 - 1 by hand.
func TestXIRR(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		days    []int64
		amounts []float64
		want    float64
	}{
		{"spreadsheet", days("2008-01-01", "2008-03-01", "2008-10-30", "2009-02-15", "2009-04-01"),
			[]float64{-10000, 2750, 4250, 3250, 2750}, 0.37336253351883147},
		{"one year", days("2013-01-01", "2014-01-01"), []float64{-1000, 1100}, 0.10000000000000001},
		{"two deposits", days("2014-01-02", "2014-07-02", "2015-01-02"), []float64{-1000, -1000, 2300}, 0.20255688923261264},
		{"withdrawal", days("2014-01-02", "2014-06-02", "2016-01-04"), []float64{-5000, 1000, 3500}, -0.061306701299665492},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := XIRR(c.days, c.amounts)
			if !ok || math.Abs(got-c.want) > 1e-12 {
				t.Fatalf("XIRR = %v, %v; want %v", got, ok, c.want)
			}
		})
	}
}

func TestXIRRUndefined(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		days    []int64
		amounts []float64
	}{
		"one flow":        {days("2014-01-02"), []float64{-1}},
		"same day":        {days("2014-01-02", "2014-01-02"), []float64{-1, 2}},
		"all paid in":     {days("2014-01-02", "2015-01-02"), []float64{-1, -2}},
		"all taken out":   {days("2014-01-02", "2015-01-02"), []float64{1, 2}},
		"total loss":      {days("2014-01-02", "2015-01-02"), []float64{-1, 0}},
		"length mismatch": {days("2014-01-02", "2015-01-02"), []float64{-1}},
	}
	for name, c := range cases {
		if r, ok := XIRR(c.days, c.amounts); ok {
			t.Errorf("%s: XIRR = %v, want undefined", name, r)
		}
	}
}

// TestFlowLeavesTWRUnchanged: a deposit of cash (an external trade of a
// constant cash series) on day 2 changes neither the daily returns nor the
// TWR, while the MWR is the XIRR of the flows. Hand check: 100 shares at
// 10, 11, 12.1 (+10% a day); 1000 cash deposited on day 2.
// Returns: day 1 (1100-1000)/1000 = 0.1; day 2 (1210+1000-1100-1000)/1100
// = 0.1. TWR = 1.1^2 - 1 = 0.21.
func TestFlowLeavesTWRUnchanged(t *testing.T) {
	t.Parallel()
	d := func(s string) time.Time { x, _ := time.Parse(time.DateOnly, s); return x }
	dates := []time.Time{d("2014-01-02"), d("2014-01-03"), d("2014-01-06")}
	stock := PriceSeries{Ticker: "S", Dates: dates, Close: []float64{10, 11, 12.1}}
	cash := PriceSeries{Ticker: "CASH.USD", Dates: dates, Close: []float64{1, 1, 1}}
	base := Input{Series: []PriceSeries{stock, cash}, Trades: []Trade{{Date: dates[0], Ticker: "S", Quantity: 100, Price: 10}}}
	withFlow := base
	withFlow.Trades = append(append([]Trade(nil), base.Trades...), Trade{Date: dates[2], Ticker: "CASH.USD", Quantity: 1000, Price: 1})
	r1, err := Analyze(base)
	if err != nil {
		t.Fatal(err)
	}
	r2, err := Analyze(withFlow)
	if err != nil {
		t.Fatal(err)
	}
	if *r1.Metrics.TotalReturn != *r2.Metrics.TotalReturn || math.Abs(*r2.Metrics.TotalReturn-0.21) > 1e-15 {
		t.Fatalf("TWR %v vs %v, want 0.21 both", *r1.Metrics.TotalReturn, *r2.Metrics.TotalReturn)
	}
	// MWR: -1000 on day 0, -1000 on day 4, +2210 on day 4.
	want, _ := XIRR([]int64{dayNum(dates[0]), dayNum(dates[2]), dayNum(dates[2])}, []float64{-1000, -1000, 2210})
	if r2.MWR == nil || *r2.MWR != want {
		t.Fatalf("MWR %v, want %v", r2.MWR, want)
	}
}
