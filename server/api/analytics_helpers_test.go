package api_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// analyticsFixture is a server with two users; alice owns a portfolio
// with a few buys, a sale, a dividend and a fee.
type analyticsFixture struct {
	ts           *testServer
	alice, bob   string
	aliceID      string
	folio, other string // alice's portfolio, bob's portfolio
}

// fixtureTxs are alice's transactions (embedded data 2006-2017).
var fixtureTxs = []wire.TransactionInput{
	{Date: "2010-01-04", Kind: "buy", Ticker: "AAPL", Quantity: 100, Price: 30.57, Fee: 5},
	{Date: "2010-01-04", Kind: "buy", Ticker: "KO", Quantity: 200, Price: 28.52, Fee: 5},
	{Date: "2011-06-01", Kind: "buy", Ticker: "GE", Quantity: 300, Price: 18.5, Fee: 5},
	{Date: "2013-03-01", Kind: "sell", Ticker: "AAPL", Quantity: 40, Price: 61.5, Fee: 5},
	{Date: "2014-06-02", Kind: "dividend", Ticker: "KO", Quantity: 200, Price: 0.305},
	{Date: "2015-01-05", Kind: "fee", Ticker: "KO", Quantity: 1, Price: 10},
	{Date: "2017-10-02", Kind: "buy", Ticker: "GE", Quantity: 100, Price: 24.2, Fee: 5},
}

func newAnalyticsFixture(t *testing.T, name string) *analyticsFixture {
	t.Helper()
	f := &analyticsFixture{ts: newTestServer(t)}
	f.alice, f.aliceID = f.ts.registerAndLogin("alice", "correct horse battery")
	f.bob, _ = f.ts.registerAndLogin("bob", "another long passphrase")
	f.folio = f.createPortfolio(f.alice, name, fixtureTxs)
	f.other = f.createPortfolio(f.bob, "Bob's", fixtureTxs[:2])
	return f
}

// createPortfolio creates a portfolio with transactions through the API.
func (f *analyticsFixture) createPortfolio(token, name string, txs []wire.TransactionInput) string {
	f.ts.t.Helper()
	r := f.ts.do("POST", "/api/portfolios", token, wire.PortfolioInput{Name: name})
	if r.Status != http.StatusCreated {
		f.ts.t.Fatalf("create portfolio: %d %s", r.Status, r.Body)
	}
	var p wire.Portfolio
	mustJSON(f.ts.t, r.Body, &p)
	for _, tx := range txs {
		if r := f.ts.do("POST", "/api/portfolios/"+p.ID+"/transactions", token, tx); r.Status != http.StatusCreated {
			f.ts.t.Fatalf("create transaction %+v: %d %s", tx, r.Status, r.Body)
		}
	}
	return p.ID
}

// mustJSON decodes strictly: unknown fields fail, so the shared client
// types stay in step with the server's JSON.
func mustJSON(t *testing.T, body string, v any) {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("decode %T: %v\n%s", v, err, body)
	}
}
