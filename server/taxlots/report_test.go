package taxlots

import (
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/server/analytics"
)

func usRule(t *testing.T) analytics.HoldingRule {
	t.Helper()
	r, err := analytics.RuleFor("US")
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// otherBuys are purchases in a second portfolio "p2": B 22 days before
// the B sale (a wash buy) and A 61 days after the A sale (outside the
// 30-day window).
var otherBuys = []PortfolioBuy{
	{PortfolioID: "p2", Portfolio: "Second", ID: "x1", Ticker: "B", Date: day("2021-03-10"), Quantity: 1},
	{PortfolioID: "p2", Portfolio: "Second", ID: "x2", Ticker: "A", Date: day("2021-06-01"), Quantity: 1},
}

// ownBuys are the buys of the sequence as portfolio "p1".
func ownBuys() []PortfolioBuy {
	var out []PortfolioBuy
	for _, e := range sequence() {
		if e.Kind == Buy {
			out = append(out, PortfolioBuy{PortfolioID: "p1", Portfolio: "First", ID: e.ID, Ticker: e.Ticker, Date: e.Date, Quantity: e.Quantity})
		}
	}
	return out
}

func TestGainsReport(t *testing.T) {
	res, err := Run(sequence(), FIFO)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Gains(GainsInput{PortfolioID: "p1", Currency: "USD", Year: 2021, Method: FIFO, Matches: res.Matches,
		Rule: usRule(t), ToBase: Identity, Buys: append(ownBuys(), otherBuys...)})
	if err != nil {
		t.Fatal(err)
	}
	// FIFO rows of the sequence: b2 -> s1 held 2020-03-02..2021-01-04 (a
	// year or less: short, 19); the rest were sold after the purchase's
	// first anniversary (long): 290 - 121.5 - 53.5 - 40 = 75.
	// Proceeds 1300+260+240+400+160 = 2360, fees 5+1+1.5+2.5 = 10, cost
	// 1005+240+360+451+200 = 2256, gain 2360-10-2256 = 94.
	tot := rep.Totals
	for name, g := range map[string][2]float64{"proceeds": {tot.Proceeds, 2360}, "fees": {tot.Fees, 10}, "cost": {tot.Cost, 2256},
		"gain": {tot.Gain, 94}, "long": {tot.LongTerm, 75}, "short": {tot.ShortTerm, 19}, "losses": {tot.Losses, -215},
		"wash": {tot.WashLoss, -215}, "none": {tot.NoTerm, 0}} {
		if !near(g[0], g[1]) {
			t.Errorf("%s = %v, want %v", name, g[0], g[1])
		}
	}
	terms := []string{"long", "short", "long", "long", "long"}
	wash := []string{"", "", "2021-04-20", "2021-04-20", "2021-03-10"}
	for i, l := range rep.Lots {
		if l.Term != terms[i] {
			t.Errorf("lot %d term %s, want %s", i, l.Term, terms[i])
		}
		got := ""
		if len(l.WashBuys) == 1 {
			got = l.WashBuys[0].Date
		}
		if got != wash[i] || l.WashSale != (wash[i] != "") || len(l.WashBuys) > 1 {
			t.Errorf("lot %d wash buys %+v, want %q", i, l.WashBuys, wash[i])
		}
	}
	if rep.Lots[4].WashBuys[0].Portfolio != "Second" || rep.Lots[0].HoldingDays != 368 {
		t.Errorf("lots = %+v", rep.Lots)
	}
	if len(rep.Years) != 1 || rep.Years[0] != 2021 {
		t.Errorf("years = %v", rep.Years)
	}
}

func TestGainsOtherYearAndConversion(t *testing.T) {
	res, err := Run(sequence(), FIFO)
	if err != nil {
		t.Fatal(err)
	}
	empty, err := Gains(GainsInput{Year: 2020, Method: FIFO, Matches: res.Matches, Rule: usRule(t), ToBase: Identity})
	if err != nil || len(empty.Lots) != 0 || empty.Totals.Gain != 0 {
		t.Fatalf("2020 report = %+v, %v", empty, err)
	}
	// A base currency worth 2 units of the instrument's in 2021 and 1 in
	// 2020: proceeds and fees convert at the sale date, cost at the
	// purchase date. b1 -> s1: 1300/2 - 5/2 - 1005 = -357.5.
	half := func(v float64, _ string, d time.Time) (float64, error) {
		if d.Year() == 2021 {
			return v / 2, nil
		}
		return v, nil
	}
	rep, err := Gains(GainsInput{Year: 2021, Method: FIFO, Matches: res.Matches, Rule: usRule(t), ToBase: half})
	if err != nil {
		t.Fatal(err)
	}
	if l := rep.Lots[0]; !near(l.Gain, -357.5) || !near(l.Proceeds, 650) || !near(l.Cost, 1005) {
		t.Errorf("converted lot = %+v", l)
	}
}
