package api_test

import (
	"encoding/csv"
	"math"
	"strings"
	"testing"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// gainsTxs is the lot sequence of server/taxlots/testdata/lots.py on real
// tickers (A = AAPL, B = KO) one year later; amounts and matches are the
// script's, so its hand-checked FIFO totals hold: proceeds 2360, fees 10,
// cost 2256, gain 94 (long-term 75, short-term 19).
var gainsTxs = []wire.TransactionInput{
	{Date: "2015-01-02", Kind: "buy", Ticker: "AAPL", Quantity: 10, Price: 100, Fee: 5},
	{Date: "2015-02-03", Kind: "buy", Ticker: "KO", Quantity: 4, Price: 50},
	{Date: "2015-03-02", Kind: "buy", Ticker: "AAPL", Quantity: 5, Price: 120},
	{Date: "2015-03-02", Kind: "buy", Ticker: "AAPL", Quantity: 5, Price: 90, Fee: 1},
	{Date: "2015-04-01", Kind: "dividend", Ticker: "KO", Quantity: 4, Price: 0.33, Fee: 0.1},
	{Date: "2015-06-01", Kind: "buy", Ticker: "AAPL", Quantity: 10, Price: 120},
	{Date: "2016-01-04", Kind: "sell", Ticker: "AAPL", Quantity: 12, Price: 130, Fee: 6},
	{Date: "2016-04-01", Kind: "sell", Ticker: "AAPL", Quantity: 8, Price: 80, Fee: 4},
	{Date: "2016-04-01", Kind: "sell", Ticker: "KO", Quantity: 4, Price: 40},
	{Date: "2016-04-20", Kind: "buy", Ticker: "AAPL", Quantity: 3, Price: 85},
	{Date: "2016-05-12", Kind: "dividend", Ticker: "AAPL", Quantity: 13, Price: 0.57},
	{Date: "2017-02-16", Kind: "dividend", Ticker: "AAPL", Quantity: 13, Price: 0.57},
}

// iraTxs is alice's second portfolio: KO bought 22 days before the KO
// loss sale (a wash sale across portfolios), AAPL 61 days after the AAPL
// sale (outside the 30-day window).
var iraTxs = []wire.TransactionInput{
	{Date: "2016-03-10", Kind: "buy", Ticker: "KO", Quantity: 1, Price: 42},
	{Date: "2016-06-01", Kind: "buy", Ticker: "AAPL", Quantity: 1, Price: 98},
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

// checkTotals decodes a report and checks its year and totals.
func checkTotals(year int, gain, short, long, wash float64) func(*testing.T, response) {
	return func(t *testing.T, r response) {
		var rep wire.RealisedGains
		mustJSON(t, r.Body, &rep)
		tot := rep.Totals
		if rep.Year != year || !near(tot.Gain, gain) || !near(tot.ShortTerm, short) || !near(tot.LongTerm, long) || !near(tot.WashLoss, wash) {
			t.Fatalf("year %d totals %+v, want gain %v short %v long %v wash %v", rep.Year, tot, gain, short, long, wash)
		}
		sum := 0.0
		for _, l := range rep.Lots {
			sum += l.Gain
		}
		if !near(sum, tot.Gain) || !near(tot.Proceeds-tot.Fees-tot.Cost, tot.Gain) {
			t.Errorf("lots sum %v, totals %+v", sum, tot)
		}
	}
}

func TestRealisedGains(t *testing.T) {
	f := newAnalyticsFixture(t, "Main")
	taxable := f.createPortfolio(f.alice, "Taxable", gainsTxs)
	ira := f.createPortfolio(f.alice, "IRA", iraTxs)
	base := "/api/portfolios/" + taxable + "/realised-gains"
	var scenarios []scenario
	for _, bad := range []string{"abc", "16", "20166", "1899", "2101", "", "2016.0", "-2016", "%202016"} {
		scenarios = append(scenarios, scenario{name: "bad year " + bad, method: "GET", path: base + "?year=" + bad, token: f.alice, wantStatus: 400, want: []string{"year"}})
	}
	for _, bad := range []string{"avg", "specific", "fifo%00", "fifo,lifo"} {
		scenarios = append(scenarios, scenario{name: "bad method " + bad, method: "GET", path: base + "?method=" + bad, token: f.alice, wantStatus: 400, want: []string{"fifo, lifo or hifo"}})
	}
	scenarios = append(scenarios, []scenario{
		{name: "bad country", method: "GET", path: base + "?country=XX", token: f.alice, wantStatus: 400},
		{name: "bad id", method: "GET", path: "/api/portfolios/..%2Fx/realised-gains", token: f.alice, wantStatus: 400, want: []string{"Invalid identifier"}},
		{name: "other user", method: "GET", path: "/api/portfolios/" + f.other + "/realised-gains?year=2016", token: f.alice, wantStatus: 404},
		{name: "other user csv", method: "GET", path: "/api/portfolios/" + f.other + "/realised-gains.csv", token: f.alice, wantStatus: 404},
		{name: "no login", method: "GET", path: base, wantStatus: 401},
		{name: "fifo 2016", method: "GET", path: base + "?year=2016&method=fifo", token: f.alice, wantStatus: 200,
			wantHeader: map[string]string{"Cache-Control": "no-store"},
			after: func(t *testing.T, r response) {
				checkTotals(2016, 94, 19, 75, -215)(t, r)
				var rep wire.RealisedGains
				mustJSON(t, r.Body, &rep)
				if len(rep.Lots) != 5 || !near(rep.Totals.Proceeds, 2360) || !near(rep.Totals.Cost, 2256) || !near(rep.Totals.Fees, 10) {
					t.Fatalf("report %+v", rep)
				}
				ko := rep.Lots[4]
				if ko.Ticker != "KO" || !ko.WashSale || len(ko.WashBuys) != 1 || ko.WashBuys[0].PortfolioID != ira || ko.WashBuys[0].Date != "2016-03-10" {
					t.Errorf("KO lot %+v: want a wash sale through the IRA", ko)
				}
				for _, l := range rep.Lots[2:4] {
					if len(l.WashBuys) != 1 || l.WashBuys[0].Date != "2016-04-20" {
						t.Errorf("AAPL loss %+v: want the 2016-04-20 buy only", l)
					}
				}
			}},
		// LIFO: 95 + 78.6 - 32.1 - 202.5 - 40 = -101 (all short but the KO
		// lot and the 2015-03-02 AAPL lots sold 2016-04-01: long).
		{name: "lifo 2016", method: "GET", path: base + "?year=2016&method=lifo", token: f.alice, wantStatus: 200,
			after: checkTotals(2016, -101, 95+78.6, -32.1-202.5-40, -32.1-202.5-40)},
		// HIFO: 47.5 + 66.5 - 121.5 - 105 - 40 = -152.5; b2 and b4 sold
		// within a year are short (47.5 + 66.5 - 121.5 = -7.5), b1 and KO
		// long (-145). Every loss has a buy within 30 days (-266.5).
		{name: "hifo 2016", method: "GET", path: base + "?year=2016&method=HIFO", token: f.alice, wantStatus: 200,
			after: checkTotals(2016, -152.5, -7.5, -145, -266.5)},
		{name: "default year is the latest with sales", method: "GET", path: base, token: f.alice, wantStatus: 200,
			after: checkTotals(2016, 94, 19, 75, -215)},
		{name: "year without sales", method: "GET", path: base + "?year=2015", token: f.alice, wantStatus: 200, want: []string{`"lots":[]`, `"years":[2016]`}},
		{name: "no term in Germany", method: "GET", path: base + "?year=2016&country=DE", token: f.alice, wantStatus: 200,
			after: func(t *testing.T, r response) {
				var rep wire.RealisedGains
				mustJSON(t, r.Body, &rep)
				if !near(rep.Totals.NoTerm, 94) || rep.Totals.WashLoss != 0 || rep.Lots[0].Term != "none" {
					t.Errorf("DE totals %+v", rep.Totals)
				}
			}},
		{name: "csv", method: "GET", path: base + ".csv?year=2016", token: f.alice, wantStatus: 200,
			wantHeader: map[string]string{"Content-Type": "text/csv; charset=utf-8", "Cache-Control": "no-store"},
			after: func(t *testing.T, r response) {
				recs, err := csv.NewReader(strings.NewReader(r.Body)).ReadAll()
				if err != nil || len(recs) != 7 {
					t.Fatalf("csv %v: %q", err, r.Body)
				}
				if strings.Join(recs[0][:4], ",") != "ticker,lot_id,sale_id,acquired" || strings.Join(recs[6], ",") != "total,,,,,,,,2360,2256,10,94,USD,," {
					t.Errorf("csv = %q", recs)
				}
				if d := r.Header.Get("Content-Disposition"); !strings.HasPrefix(d, "attachment; filename=Taxable-realised-gains-2016.csv") {
					t.Errorf("Content-Disposition = %q", d)
				}
			}},
		{name: "pdf section", method: "GET", path: "/api/portfolios/" + taxable + "/report.pdf", token: f.alice, wantStatus: 200,
			after: func(t *testing.T, r response) {
				text := pdfText(t, r.Body)
				for _, want := range []string{"Realised gains 2016 (FIFO)", "Total: proceeds 2360.00, cost 2256.00, fees 10.00, gain 94.00 USD",
					"Short-term 19.00, long-term 75.00, losses -215.00, wash-sale losses -215.00", "2015-01-02", "1005.00", "290.00", "long W"} {
					if !strings.Contains(text, want) {
						t.Errorf("pdf text lacks %q:\n%s", want, text)
					}
				}
			}},
		{name: "csv bad method", method: "GET", path: base + ".csv?method=x", token: f.alice, wantStatus: 400},
	}...)
	f.ts.runScenarios(t, scenarios)
}
