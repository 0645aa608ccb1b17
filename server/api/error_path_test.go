package api_test

import (
	"testing"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// The optimiser refuses a single holding with a clear 400, synchronously
// and as a job, never with a 500.
func TestOptimizeSingleHoldingIsBadInput(t *testing.T) {
	f := newAnalyticsFixture(t, "Main")
	single := f.createPortfolio(f.alice, "Single", fixtureTxs[:1])
	path := "/api/portfolios/" + single + "/optimize"
	f.ts.runScenarios(t, []scenario{
		{name: "one holding", method: "POST", path: path, token: f.alice, body: wire.OptimizeRequest{Objective: "min_variance"},
			wantStatus: 400, want: []string{`"code":"bad_request"`, "The request cannot be computed: the optimiser needs at least two holdings: invalid input."}},
	})
}

// Every error answer has the one error shape, and the 500 names the
// request id without internals.
func TestErrorAnswersShareOneShape(t *testing.T) {
	f := newAnalyticsFixture(t, "Main")
	f.ts.runScenarios(t, []scenario{
		{name: "unknown api path", method: "GET", path: "/api/nothing-here", token: f.alice, wantStatus: 404, want: []string{`{"error":"Not found.","code":"not_found"}`}},
		{name: "no token", method: "GET", path: "/api/portfolios", wantStatus: 401, want: []string{`"code":"unauthorized"`, "Please log in."}},
		{name: "field errors", method: "POST", path: "/api/portfolios/" + f.folio + "/transactions", token: f.alice,
			body:       wire.TransactionInput{Date: "2010-01-04", Kind: "buy", Ticker: "AAPL", Quantity: -1, Price: 1},
			wantStatus: 400, want: []string{`"code":"invalid_transaction"`, `"fields":{"quantity":`}},
		{name: "stress set", method: "POST", path: "/api/stress/sets", token: f.alice, body: wire.StressSet{Name: "", MarketShock: 0.1},
			wantStatus: 400, want: []string{"Invalid stress set: stress set name: must be 1..80 characters: invalid input."}},
	})
}
