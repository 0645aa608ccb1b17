package income

import (
	"encoding/json"
	"errors"
	"math"
	"os/exec"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/shared/wire"
)

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

// fixture is the data of testdata/income.py.
func fixture(by string) Input {
	e := func(d, kind, tk string, v float64) Entry {
		return Entry{Date: day(d), Kind: kind, Ticker: tk, Amount: v}
	}
	return Input{PortfolioID: "p", Currency: "USD", By: by, AsOf: day("2017-12-29"),
		Holdings: []Holding{{Ticker: "A", Quantity: 10, MarketValue: 1500, CostBasis: 1000}, {Ticker: "B", Quantity: 20, MarketValue: 800, CostBasis: 1000}},
		Entries: []Entry{
			e("2016-11-15", Dividend, "A", 10), e("2016-12-29", Dividend, "A", 11), e("2017-01-15", Dividend, "A", 12),
			e("2017-01-15", Tax, "A", 1.8), e("2017-03-01", Interest, "", 2.5), e("2017-03-20", Dividend, "B", 8),
			e("2017-06-15", Dividend, "A", 12), e("2017-12-29", Dividend, "C", 5),
		}}
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-12*math.Max(1, math.Abs(b)) }

// The trailing year is (2016-12-29, 2017-12-29]: the 2016-12-29 dividend is
// out, the 2017-12-29 one (of C, sold since) in. A: 12 + 12 = 24, yield
// 24/1500 = 1.6%, on cost 24/1000 = 2.4%; B: 8 -> 1%, 0.8%. Portfolio:
// 24 + 8 + 5 dividends + 2.5 interest = 39.5; 39.5/2300 and 39.5/2000.
var (
	wantHoldings  = map[string][3]float64{"A": {24, 0.016, 0.024}, "B": {8, 0.01, 0.008}}
	wantPortfolio = [3]float64{39.5, 39.5 / 2300, 0.01975}
	wantYears     = []wire.IncomePeriod{{Period: "2016", Dividends: 21, Net: 21}, {Period: "2017", Dividends: 37, Interest: 2.5, Tax: 1.8, Net: 37.7}}
	wantMonths    = map[string]wire.IncomePeriod{
		"2016-11": {Dividends: 10, Net: 10}, "2016-12": {Dividends: 11, Net: 11}, "2017-01": {Dividends: 12, Tax: 1.8, Net: 10.2},
		"2017-03": {Dividends: 8, Interest: 2.5, Net: 10.5}, "2017-06": {Dividends: 12, Net: 12}, "2017-12": {Dividends: 5, Net: 5},
	}
)

func samePeriod(a, b wire.IncomePeriod) bool {
	return near(a.Dividends, b.Dividends) && near(a.Interest, b.Interest) && near(a.Tax, b.Tax) && near(a.Net, b.Net)
}

func TestByYear(t *testing.T) {
	rep := Report(fixture(ByYear))
	if len(rep.Periods) != 2 {
		t.Fatalf("periods = %+v", rep.Periods)
	}
	for i, w := range wantYears {
		if rep.Periods[i].Period != w.Period || !samePeriod(rep.Periods[i], w) {
			t.Errorf("period %d = %+v, want %+v", i, rep.Periods[i], w)
		}
	}
	if !samePeriod(rep.Totals, wire.IncomePeriod{Dividends: 58, Interest: 2.5, Tax: 1.8, Net: 58.7}) {
		t.Errorf("totals = %+v", rep.Totals)
	}
}

func TestByMonthFillsGaps(t *testing.T) {
	rep := Report(fixture(ByMonth))
	if len(rep.Periods) != 14 || rep.Periods[0].Period != "2016-11" || rep.Periods[13].Period != "2017-12" {
		t.Fatalf("periods = %+v", rep.Periods)
	}
	for _, p := range rep.Periods {
		if !samePeriod(p, wantMonths[p.Period]) {
			t.Errorf("%s = %+v, want %+v", p.Period, p, wantMonths[p.Period])
		}
	}
}

func TestYields(t *testing.T) {
	rep := Report(fixture(ByMonth))
	for _, h := range rep.Holdings {
		w := wantHoldings[h.Ticker]
		if !near(h.Income12m, w[0]) || !near(*h.Yield, w[1]) || !near(*h.YieldOnCost, w[2]) {
			t.Errorf("%s = %v %v %v, want %v", h.Ticker, h.Income12m, *h.Yield, *h.YieldOnCost, w)
		}
	}
	if rep.Holdings[0].Tax12m != 1.8 || rep.Holdings[1].Tax12m != 0 {
		t.Errorf("holding taxes %v %v, want 1.8 and 0", rep.Holdings[0].Tax12m, rep.Holdings[1].Tax12m)
	}
	if !near(rep.Income12m, wantPortfolio[0]) || !near(*rep.Yield, wantPortfolio[1]) || !near(*rep.YieldOnCost, wantPortfolio[2]) || !near(rep.Tax12m, 1.8) {
		t.Errorf("portfolio = %v %v %v tax %v", rep.Income12m, *rep.Yield, *rep.YieldOnCost, rep.Tax12m)
	}
	empty := Report(Input{By: ByMonth, AsOf: day("2017-12-29"), Holdings: []Holding{{Ticker: "A", Quantity: 1}}})
	if empty.Yield != nil || empty.Holdings[0].YieldOnCost != nil || len(empty.Periods) != 0 {
		t.Errorf("zero denominators give %+v", empty)
	}
}

// TestReferenceScript checks the constants against testdata/income.py.
func TestReferenceScript(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not installed")
	}
	out, err := exec.Command(py, "testdata/income.py").Output() // #nosec G204 -- fixed script path
	if err != nil {
		t.Fatal(err)
	}
	type sums struct{ Dividend, Interest, Tax, Net float64 }
	var ref struct {
		Years, Months map[string]sums
		Holdings      map[string][3]float64
		Portfolio     [3]float64
		Tax12m        float64            `json:"tax_12m"`
		HoldingTax    map[string]float64 `json:"holding_tax"`
	}
	if err := json.Unmarshal(out, &ref); err != nil {
		t.Fatal(err)
	}
	conv := func(s sums) wire.IncomePeriod {
		return wire.IncomePeriod{Dividends: s.Dividend, Interest: s.Interest, Tax: s.Tax, Net: s.Net}
	}
	for _, w := range wantYears {
		if !samePeriod(conv(ref.Years[w.Period]), w) {
			t.Errorf("script year %s = %+v, want %+v", w.Period, ref.Years[w.Period], w)
		}
	}
	if len(ref.Months) != len(wantMonths) {
		t.Errorf("script months = %v", ref.Months)
	}
	for k, w := range wantMonths {
		if !samePeriod(conv(ref.Months[k]), w) {
			t.Errorf("script month %s = %+v, want %+v", k, ref.Months[k], w)
		}
	}
	for tk, w := range wantHoldings {
		for i := range w {
			if !near(ref.Holdings[tk][i], w[i]) {
				t.Errorf("script %s[%d] = %v, want %v", tk, i, ref.Holdings[tk][i], w[i])
			}
		}
	}
	for i := range wantPortfolio {
		if !near(ref.Portfolio[i], wantPortfolio[i]) {
			t.Errorf("script portfolio[%d] = %v, want %v", i, ref.Portfolio[i], wantPortfolio[i])
		}
	}
	if ref.HoldingTax["A"] != 1.8 || ref.HoldingTax["B"] != 0 {
		t.Errorf("script holding taxes = %v", ref.HoldingTax)
	}
	if !near(ref.Tax12m, 1.8) {
		t.Errorf("script tax = %v", ref.Tax12m)
	}
}

func TestParseBy(t *testing.T) {
	for in, want := range map[string]string{"": ByMonth, "month": ByMonth, "year": ByYear} {
		if got, err := ParseBy(in); err != nil || got != want {
			t.Errorf("ParseBy(%q) = %q, %v", in, got, err)
		}
	}
	for _, in := range []string{"week", "Month", "year;"} {
		if _, err := ParseBy(in); !errors.Is(err, ErrBy) {
			t.Errorf("ParseBy(%q) err = %v", in, err)
		}
	}
}
