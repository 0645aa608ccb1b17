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
				for _, want := range []string{"Realised gains 2016 (FIFO, United States rules)", "Total: proceeds 2360.00, cost 2256.00, fees 10.00, gain 94.00 USD",
					"Short-term 19.00, long-term 75.00, losses -215.00, wash-sale losses -215.00", "2015-01-02", "1005.00", "290.00", "long W"} {
					if !strings.Contains(text, want) {
						t.Errorf("pdf text lacks %q:\n%s", want, text)
					}
				}
			}},
		{name: "csv bad method", method: "GET", path: base + ".csv?method=x", token: f.alice, wantStatus: 400},
		// The PDF's section follows the same choices as the page.
		{name: "pdf section hifo", method: "GET", path: "/api/portfolios/" + taxable + "/report.pdf?year=2016&method=hifo", token: f.alice, wantStatus: 200,
			after: pdfHas("Realised gains 2016 (HIFO, United States rules)", "gain -152.50 USD", "Short-term -7.50, long-term -145.00")},
		{name: "pdf section in Germany", method: "POST", path: "/api/portfolios/" + taxable + "/report?method=lifo&country=DE", token: f.alice,
			body: wire.ReportRequest{Note: "DE"}, wantStatus: 200, after: pdfHas("Realised gains 2016 (LIFO, Germany rules)", "gain -101.00 USD", "none")},
		{name: "pdf section of a year without sales", method: "GET", path: "/api/portfolios/" + taxable + "/report.pdf?year=2015", token: f.alice, wantStatus: 200,
			after: pdfHas("No sales in 2015.")},
		{name: "pdf bad year", method: "GET", path: "/api/portfolios/" + taxable + "/report.pdf?year=16", token: f.alice, wantStatus: 400, want: []string{"year"}},
		{name: "pdf bad method", method: "POST", path: "/api/portfolios/" + taxable + "/report?method=avg", token: f.alice, body: wire.ReportRequest{}, wantStatus: 400, want: []string{"fifo, lifo or hifo"}},
		{name: "pdf bad country", method: "GET", path: "/api/portfolios/" + taxable + "/report.pdf?country=XX", token: f.alice, wantStatus: 400},
	}...)
	f.ts.runScenarios(t, scenarios)
}

// pdfHas checks a PDF answer's text holds every want.
func pdfHas(want ...string) func(*testing.T, response) {
	return func(t *testing.T, r response) {
		t.Helper()
		text := pdfText(t, r.Body)
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("pdf text lacks %q:\n%s", w, text)
			}
		}
	}
}

// lotIDs returns the ids of a portfolio's transactions in ledger order.
func lotIDs(t *testing.T, f *analyticsFixture, folio string) []string {
	t.Helper()
	var txs []wire.Transaction
	mustJSON(t, f.ts.do("GET", "/api/portfolios/"+folio+"/transactions", f.alice, nil).Body, &txs)
	ids := make([]string, len(txs))
	for i, tx := range txs {
		ids[i] = tx.ID
	}
	return ids
}

// TestSpecificLots sells naming lots: the report honours them whatever
// the method, and a sale naming a lot it cannot close is refused with a
// clear 4xx that stores nothing.
func TestSpecificLots(t *testing.T) {
	f := newAnalyticsFixture(t, "Main")
	folio := f.createPortfolio(f.alice, "Picks", gainsTxs[:6]) // the buys, one dividend; no sale yet
	second := f.createPortfolio(f.alice, "Second", iraTxs)
	ids := lotIDs(t, f, folio)
	b1, b2, b3 := ids[0], ids[2], ids[3]
	bB, otherLot := ids[1], lotIDs(t, f, second)[0]
	bobLot := lotIDs(t, &analyticsFixture{ts: f.ts, alice: f.bob}, f.other)[0]
	txPath := "/api/portfolios/" + folio + "/transactions"
	sale := func(picks ...wire.LotPick) wire.TransactionInput {
		q := 0.0
		for _, p := range picks {
			q += p.Quantity
		}
		return wire.TransactionInput{Date: "2016-01-04", Kind: "sell", Ticker: "AAPL", Quantity: q, Price: 130, Fee: 6, Lots: picks}
	}
	var scenarios []scenario
	for _, c := range []struct {
		name   string
		body   any
		status int
		want   string
	}{
		{"lot of another portfolio", sale(wire.LotPick{Lot: otherLot, Quantity: 1}), 409, "not an open AAPL lot of this portfolio"},
		{"lot of another user", sale(wire.LotPick{Lot: bobLot, Quantity: 1}), 409, "not an open AAPL lot"},
		{"lot of another ticker", sale(wire.LotPick{Lot: bB, Quantity: 1}), 409, "not an open AAPL lot"},
		{"more than the lot holds", sale(wire.LotPick{Lot: b2, Quantity: 6}), 409, "holds only 5"},
		{"picks do not add up", wire.TransactionInput{Date: "2016-01-04", Kind: "sell", Ticker: "AAPL", Quantity: 12, Price: 130,
			Lots: []wire.LotPick{{Lot: b3, Quantity: 5}}}, 400, "add up to 5 shares but the sale is of 12"},
		{"lot named twice", sale(wire.LotPick{Lot: b3, Quantity: 2}, wire.LotPick{Lot: b3, Quantity: 2}), 400, "named twice"},
		{"bad lot id", sale(wire.LotPick{Lot: "../x", Quantity: 1}), 400, "id of its buy transaction"},
		{"zero quantity", `{"date":"2016-01-04","kind":"sell","ticker":"AAPL","quantity":1,"price":1,"lots":[{"lot":"` + b3 + `","quantity":0},{"lot":"` + b1 + `","quantity":1}]}`, 400, "positive number"},
		{"buy naming lots", wire.TransactionInput{Date: "2016-01-04", Kind: "buy", Ticker: "AAPL", Quantity: 1, Price: 1, Lots: []wire.LotPick{{Lot: b1, Quantity: 1}}}, 400, "Only a sell"},
		{"unknown pick field", `{"date":"2016-01-04","kind":"sell","ticker":"AAPL","quantity":1,"price":1,"lots":[{"lot":"` + b1 + `","quantity":1,"owner":"x"}]}`, 400, ""},
	} {
		scenarios = append(scenarios, scenario{name: c.name, method: "POST", path: txPath, token: f.alice, body: c.body, wantStatus: c.status, want: []string{c.want}})
	}
	scenarios = append(scenarios, []scenario{
		{name: "nothing was stored", method: "GET", path: txPath, token: f.alice, wantStatus: 200, notWant: []string{`"kind":"sell"`}},
		// s1 names b3 (5) and b1 (7): testdata/lots.py's "specific" rows.
		{name: "sale naming lots", method: "POST", path: txPath, token: f.alice, body: sale(wire.LotPick{Lot: b3, Quantity: 5}, wire.LotPick{Lot: b1, Quantity: 7}),
			wantStatus: 201, want: []string{`"lots":[{"lot":"` + b3 + `","quantity":5},{"lot":"` + b1 + `","quantity":7}]`}},
		{name: "second sale by method", method: "POST", path: txPath, token: f.alice, body: gainsTxs[7], wantStatus: 201},
		{name: "closed lot", method: "POST", path: txPath, token: f.alice, wantStatus: 409, want: []string{"not an open AAPL lot"},
			body: wire.TransactionInput{Date: "2016-05-02", Kind: "sell", Ticker: "AAPL", Quantity: 1, Price: 90, Lots: []wire.LotPick{{Lot: b3, Quantity: 1}}}},
		{name: "deleting a named lot's buy", method: "DELETE", path: txPath + "/" + b3, token: f.alice, wantStatus: 409},
		// fifo s2 after s1: b1 3 (cost 301.5) and b2 5 (600): 196.5 + 203 -
		// 63 - 202.5 = 134; b3 and b1 sold 2016-01-04 are short (bought
		// 2015-03-02) and long (2015-01-02); s2's lots are long.
		{name: "report honours the named lots", method: "GET", path: "/api/portfolios/" + folio + "/realised-gains?year=2016&method=hifo", token: f.alice, wantStatus: 200,
			after: func(t *testing.T, r response) {
				var rep wire.RealisedGains
				mustJSON(t, r.Body, &rep)
				if len(rep.Lots) < 2 || rep.Lots[0].LotID != b3 || !rep.Lots[0].Specific || !near(rep.Lots[0].Gain, 196.5) || !near(rep.Lots[1].Gain, 203) {
					t.Fatalf("named lots %+v", rep.Lots)
				}
			}},
		{name: "fifo after the named sale", method: "GET", path: "/api/portfolios/" + folio + "/realised-gains?year=2016", token: f.alice, wantStatus: 200,
			after: checkTotals(2016, 196.5+203-63-202.5, 196.5, 203-63-202.5, 0)}, // no AAPL buy within 30 days of s2 here
		{name: "holdings realised P&L honours the named lots", method: "GET", path: "/api/portfolios/" + folio + "/holdings", token: f.alice, wantStatus: 200,
			after: func(t *testing.T, r response) {
				var h wire.Holdings
				mustJSON(t, r.Body, &h)
				for _, p := range h.Positions {
					if p.Ticker == "AAPL" && !near(p.RealisedPL, 196.5+203-63-202.5) {
						t.Errorf("AAPL realised %v", p.RealisedPL)
					}
				}
			}},
	}...)
	f.ts.runScenarios(t, scenarios)
}

func TestOpenLots(t *testing.T) {
	f := newAnalyticsFixture(t, "Main")
	folio := f.createPortfolio(f.alice, "Lots", gainsTxs)
	ids := lotIDs(t, f, folio)
	base := "/api/portfolios/" + folio + "/lots"
	f.ts.runScenarios(t, []scenario{
		{name: "other user", method: "GET", path: "/api/portfolios/" + f.other + "/lots", token: f.alice, wantStatus: 404},
		{name: "bad ticker", method: "GET", path: base + "?ticker=%3Cb%3E", token: f.alice, wantStatus: 400},
		{name: "no login", method: "GET", path: base, wantStatus: 401},
		{name: "none of a ticker sold out", method: "GET", path: base + "?ticker=ko", token: f.alice, wantStatus: 200, want: []string{"[]"}},
		// fifo after both sales: b4 (10 at 120) and b5 (3 at 85) are open.
		{name: "open AAPL lots", method: "GET", path: base + "?ticker=AAPL", token: f.alice, wantStatus: 200,
			after: func(t *testing.T, r response) {
				var lots []wire.OpenLot
				mustJSON(t, r.Body, &lots)
				if len(lots) != 2 || lots[0].LotID != ids[5] || lots[0].Quantity != 10 || lots[0].CostPerShare != 120 ||
					lots[1].Quantity != 3 || lots[1].Acquired != "2016-04-20" || lots[0].Currency != "USD" {
					t.Errorf("lots %+v", lots)
				}
			}},
		// The one rule: a sale dated after the last price date (2017-12-29)
		// is counted by no report until prices reach it; the ledger (and
		// the lots a new sale can name) already have it.
		{name: "sale after the last price date", method: "POST", path: "/api/portfolios/" + folio + "/transactions", token: f.alice, wantStatus: 201,
			body: wire.TransactionInput{Date: "2018-01-05", Kind: "sell", Ticker: "AAPL", Quantity: 1, Price: 170}},
		{name: "not in the realised gains yet", method: "GET", path: "/api/portfolios/" + folio + "/realised-gains?year=2018", token: f.alice, wantStatus: 200,
			want: []string{`"lots":[]`, `"years":[2016]`, `"pending":1`}},
		{name: "not in the income yet", method: "GET", path: "/api/portfolios/" + folio + "/income", token: f.alice, wantStatus: 200, want: []string{`"pending":1`}},
		{name: "already in the open lots", method: "GET", path: base + "?ticker=AAPL", token: f.alice, wantStatus: 200, want: []string{`"quantity":9`}},
	})
}

// TestNamedLotsAcrossASplit: as-traded AAPL trades around the 7-for-1
// split of 2014-06-09. A sale names lots in the shares of its own day; the
// report and the holdings restate both in today's shares.
func TestNamedLotsAcrossASplit(t *testing.T) {
	f := newAnalyticsFixture(t, "Main")
	folio := f.createPortfolio(f.alice, "Split", []wire.TransactionInput{
		{Date: "2014-01-02", Kind: "buy", Ticker: "AAPL", Quantity: 10, Price: 553, Basis: "as_traded"},
		{Date: "2014-03-03", Kind: "buy", Ticker: "AAPL", Quantity: 5, Price: 527, Basis: "as_traded"},
	})
	ids := lotIDs(t, f, folio)
	b1, b2 := ids[0], ids[1]
	txPath := "/api/portfolios/" + folio + "/transactions"
	lotsOf := func(path string, want [2][2]float64) func(*testing.T, response) {
		return func(t *testing.T, r response) {
			var lots []wire.OpenLot
			mustJSON(t, r.Body, &lots)
			if len(lots) != 2 || !near(lots[0].Quantity, want[0][0]) || !near(lots[0].CostPerShare, want[0][1]) ||
				!near(lots[1].Quantity, want[1][0]) || !near(lots[1].CostPerShare, want[1][1]) {
				t.Errorf("%s: lots %+v, want %v", path, lots, want)
			}
		}
	}
	f.ts.runScenarios(t, []scenario{
		{name: "pre-split sale naming 3 shares of b2", method: "POST", path: txPath, token: f.alice, wantStatus: 201,
			body: wire.TransactionInput{Date: "2014-05-01", Kind: "sell", Ticker: "AAPL", Quantity: 3, Price: 590, Basis: "as_traded",
				Lots: []wire.LotPick{{Lot: b2, Quantity: 3}}}},
		{name: "too many pre-split shares", method: "POST", path: txPath, token: f.alice, wantStatus: 409, want: []string{"holds only"},
			body: wire.TransactionInput{Date: "2014-05-02", Kind: "sell", Ticker: "AAPL", Quantity: 3, Price: 590, Basis: "as_traded",
				Lots: []wire.LotPick{{Lot: b2, Quantity: 3}}}},
		// Today's shares: b1 10 x 7 = 70 at 553/7 = 79; b2 2 x 7 = 14 at 527/7.
		{name: "open lots in today's shares", method: "GET", path: "/api/portfolios/" + folio + "/lots?ticker=AAPL", token: f.alice, wantStatus: 200,
			after: lotsOf("adjusted", [2][2]float64{{70, 79}, {14, 527.0 / 7}})},
		{name: "open lots in the shares of a pre-split day", method: "GET", path: "/api/portfolios/" + folio + "/lots?ticker=AAPL&as_traded_on=2014-05-01", token: f.alice, wantStatus: 200,
			after: lotsOf("as traded", [2][2]float64{{10, 553}, {2, 527}})},
		{name: "as_traded_on needs a ticker", method: "GET", path: "/api/portfolios/" + folio + "/lots?as_traded_on=2014-05-01", token: f.alice, wantStatus: 400},
		{name: "post-split sale naming 14 shares of b1", method: "POST", path: txPath, token: f.alice, wantStatus: 201,
			body: wire.TransactionInput{Date: "2015-01-02", Kind: "sell", Ticker: "AAPL", Quantity: 14, Price: 110, Basis: "as_traded",
				Lots: []wire.LotPick{{Lot: b1, Quantity: 14}}}},
		// 2014: 21 of today's shares of b2: proceeds 3 x 590 = 1770, cost
		// 3 x 527 = 1581, gain 189 (short-term).
		{name: "2014 gains", method: "GET", path: "/api/portfolios/" + folio + "/realised-gains?year=2014&method=lifo", token: f.alice, wantStatus: 200,
			after: func(t *testing.T, r response) {
				var rep wire.RealisedGains
				mustJSON(t, r.Body, &rep)
				if len(rep.Lots) != 1 || rep.Lots[0].LotID != b2 || !near(rep.Lots[0].Quantity, 21) || !near(rep.Lots[0].Gain, 189) || !rep.Lots[0].Specific {
					t.Errorf("2014 lots %+v", rep.Lots)
				}
			}},
		// 2015: b1 14 at 553/7: cost 1106, proceeds 1540, gain 434; sold on
		// the purchase's anniversary, so still short-term.
		{name: "2015 gains", method: "GET", path: "/api/portfolios/" + folio + "/realised-gains?year=2015", token: f.alice, wantStatus: 200,
			after: checkTotals(2015, 434, 434, 0, 0)},
	})
}
