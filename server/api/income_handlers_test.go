package api_test

import (
	"testing"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// lastClose returns a holding's last close in its own currency from the
// holdings endpoint.
func lastClose(t *testing.T, f *analyticsFixture, folio, ticker string) (float64, string) {
	t.Helper()
	var h wire.Holdings
	mustJSON(t, f.ts.do("GET", "/api/portfolios/"+folio+"/holdings", f.alice, nil).Body, &h)
	for _, p := range h.Positions {
		if p.Ticker == ticker && p.LastCloseLocal != 0 { // a portfolio in another currency
			return p.LastCloseLocal, p.LastDate
		}
		if p.Ticker == ticker {
			return p.LastClose, p.LastDate
		}
	}
	t.Fatalf("no %s holding", ticker)
	return 0, ""
}

func TestIncome(t *testing.T) {
	f := newAnalyticsFixture(t, "Main")
	taxable := f.createPortfolio(f.alice, "Taxable", gainsTxs)
	base := "/api/portfolios/" + taxable + "/income"
	closeAAPL, asOf := lastClose(t, f, taxable, "AAPL")
	f.ts.runScenarios(t, []scenario{
		{name: "bad by", method: "GET", path: base + "?by=week", token: f.alice, wantStatus: 400, want: []string{"month or year"}},
		{name: "bad id", method: "GET", path: "/api/portfolios/a%20b/income", token: f.alice, wantStatus: 400},
		{name: "other user", method: "GET", path: "/api/portfolios/" + f.other + "/income", token: f.alice, wantStatus: 404},
		{name: "no login", method: "GET", path: base, wantStatus: 401},
		// Dividends: KO 4 x 0.33 - 0.1 = 1.22 (2015-04), AAPL 13 x 0.57 =
		// 7.41 (2016-05 and 2017-02).
		{name: "by year", method: "GET", path: base + "?by=year", token: f.alice, wantStatus: 200,
			wantHeader: map[string]string{"Cache-Control": "no-store"},
			after: func(t *testing.T, r response) {
				var rep wire.IncomeReport
				mustJSON(t, r.Body, &rep)
				want := []float64{1.22, 7.41, 7.41}
				if len(rep.Periods) != 3 || rep.Periods[0].Period != "2015" || rep.By != "year" {
					t.Fatalf("periods %+v", rep.Periods)
				}
				for i, w := range want {
					if !near(rep.Periods[i].Dividends, w) || !near(rep.Periods[i].Net, w) {
						t.Errorf("period %+v, want %v", rep.Periods[i], w)
					}
				}
				if !near(rep.Totals.Dividends, 1.22+7.41+7.41) {
					t.Errorf("totals %+v", rep.Totals)
				}
			}},
		// At the last price date only the 2017-02 dividend is in the trailing
		// year. Open AAPL lots (fifo): b4 10 x 120 + b5 3 x 85 = 1455 cost.
		{name: "by month with yields", method: "GET", path: base, token: f.alice, wantStatus: 200,
			after: func(t *testing.T, r response) {
				var rep wire.IncomeReport
				mustJSON(t, r.Body, &rep)
				if rep.By != "month" || len(rep.Periods) != 23 || rep.Periods[0].Period != "2015-04" || rep.Periods[22].Period != "2017-02" || rep.AsOf != asOf {
					t.Fatalf("periods %d from %+v, as of %s", len(rep.Periods), rep.Periods[0], rep.AsOf)
				}
				if len(rep.Holdings) != 1 {
					t.Fatalf("holdings %+v", rep.Holdings)
				}
				h, mv := rep.Holdings[0], 13*closeAAPL
				if h.Ticker != "AAPL" || h.Quantity != 13 || !near(h.CostBasis, 1455) || !near(h.MarketValue, mv) || !near(h.Income12m, 7.41) ||
					!near(*h.Yield, 7.41/mv) || !near(*h.YieldOnCost, 7.41/1455) {
					t.Errorf("AAPL %+v (yield %v, on cost %v)", h, *h.Yield, *h.YieldOnCost)
				}
				if !near(rep.Income12m, 7.41) || !near(*rep.Yield, 7.41/mv) || !near(*rep.YieldOnCost, 7.41/1455) {
					t.Errorf("portfolio %+v", rep)
				}
			}},
	})
}

// TestHarvestWashAcrossPortfolios checks a buy in another portfolio of the
// user inside the 30 days before the sale date flags a wash-sale risk.
func TestHarvestWashAcrossPortfolios(t *testing.T) {
	f := newAnalyticsFixture(t, "Main")
	path := "/api/portfolios/" + f.folio + "/tax-harvest?country=US"
	geRisk := func(want bool, portfolio string) func(*testing.T, response) {
		return func(t *testing.T, r response) {
			var rep wire.HarvestReport
			mustJSON(t, r.Body, &rep)
			for _, c := range rep.Candidates {
				if c.Ticker != "GE" {
					continue
				}
				if c.WashRisk != want || (want && (len(c.OtherBuys) != 1 || c.OtherBuys[0].Portfolio != portfolio || c.OtherBuys[0].Date != "2017-12-15")) {
					t.Errorf("GE candidate %+v, want wash risk %v", c, want)
				}
			}
		}
	}
	f.ts.runScenarios(t, []scenario{
		{name: "one portfolio: no risk", method: "GET", path: path, token: f.alice, wantStatus: 200, after: geRisk(false, "")},
		{name: "buy in a second portfolio", method: "GET", path: path, token: f.alice, wantStatus: 200,
			before: func(*testing.T, *scenario) {
				f.createPortfolio(f.alice, "IRA", []wire.TransactionInput{{Date: "2017-12-15", Kind: "buy", Ticker: "GE", Quantity: 5, Price: 17.9}})
			},
			after: geRisk(true, "IRA"), want: []string{`in your portfolio \"IRA\"`}},
		{name: "another user's buy does not count", method: "GET", token: f.bob, wantStatus: 200,
			before: func(_ *testing.T, sc *scenario) {
				bobGE := f.createPortfolio(f.bob, "Bob GE", []wire.TransactionInput{{Date: "2016-06-01", Kind: "buy", Ticker: "GE", Quantity: 5, Price: 30}})
				sc.path = "/api/portfolios/" + bobGE + "/tax-harvest?country=US"
			},
			want: []string{`"ticker":"GE"`}, notWant: []string{"other_buys"}, after: geRisk(false, "")},
	})
}

// TestEuroPortfolio checks a EUR-based portfolio holding a USD stock:
// every amount is converted at the ECB reference rate of its own date
// (EURUSD 1.2043 on 2015-01-02, 1.0898 on 2016-01-04, 1.1389 on
// 2016-05-12, 1.0652 on 2017-02-16, 1.1993 on 2017-12-29, from
// ../shared/data/fx), so a USD amount is amount / EURUSD.
func TestEuroPortfolio(t *testing.T) {
	f := newAnalyticsFixture(t, "Main")
	r := f.ts.do("POST", "/api/portfolios", f.alice, wire.PortfolioInput{Name: "Euro", Currency: "EUR"})
	var p wire.Portfolio
	mustJSON(t, r.Body, &p)
	for _, tx := range []wire.TransactionInput{
		{Date: "2015-01-02", Kind: "buy", Ticker: "AAPL", Quantity: 10, Price: 100, Fee: 5},
		{Date: "2016-01-04", Kind: "sell", Ticker: "AAPL", Quantity: 4, Price: 130, Fee: 2},
		{Date: "2016-05-12", Kind: "dividend", Ticker: "AAPL", Quantity: 6, Price: 0.57},
		{Date: "2017-02-16", Kind: "interest", Amount: 2.5, Currency: "EUR"},
		{Date: "2017-02-16", Kind: "tax", Ticker: "AAPL", Amount: 0.5, Currency: "USD"},
	} {
		if r := f.ts.do("POST", "/api/portfolios/"+p.ID+"/transactions", f.alice, tx); r.Status != 201 {
			t.Fatalf("add %+v: %d %s", tx, r.Status, r.Body)
		}
	}
	closeAAPL, _ := lastClose(t, f, p.ID, "AAPL")
	const r15, r16, rDiv, rTax, rEnd = 1.2043, 1.0898, 1.1389, 1.0652, 1.1993
	f.ts.runScenarios(t, []scenario{
		// Proceeds 4 x 130 and the fee 2 at the sale's rate, the cost 4 x
		// (1000 + 5)/10 = 402 at the purchase's rate.
		{name: "gains in EUR", method: "GET", path: "/api/portfolios/" + p.ID + "/realised-gains?year=2016", token: f.alice, wantStatus: 200,
			after: func(t *testing.T, r response) {
				var rep wire.RealisedGains
				mustJSON(t, r.Body, &rep)
				l := rep.Lots[0]
				if rep.Currency != "EUR" || !near(l.Proceeds, 520/r16) || !near(l.Fees, 2/r16) || !near(l.Cost, 402/r15) ||
					!near(l.Gain, 518/r16-402/r15) || !near(rep.Totals.Gain, 518/r16-402/r15) {
					t.Errorf("EUR report %+v", rep)
				}
			}},
		{name: "income in EUR", method: "GET", path: "/api/portfolios/" + p.ID + "/income?by=year", token: f.alice, wantStatus: 200,
			after: func(t *testing.T, r response) {
				var rep wire.IncomeReport
				mustJSON(t, r.Body, &rep)
				if len(rep.Periods) != 2 || !near(rep.Periods[0].Dividends, 3.42/rDiv) || !near(rep.Periods[1].Interest, 2.5) ||
					!near(rep.Periods[1].Tax, 0.5/rTax) || !near(rep.Periods[1].Net, 2.5-0.5/rTax) {
					t.Fatalf("periods %+v", rep.Periods)
				}
				mv, cost := 6*closeAAPL/rEnd, 6*100.5/r15
				h := rep.Holdings[0]
				if !near(h.MarketValue, mv) || !near(h.CostBasis, cost) || !near(rep.Income12m, 2.5) || !near(*rep.Yield, 2.5/mv) ||
					!near(*rep.YieldOnCost, 2.5/cost) || !near(rep.Tax12m, 0.5/rTax) || h.Yield == nil || *h.Yield != 0 {
					t.Errorf("holding %+v, report %+v", h, rep)
				}
			}},
	})
}
