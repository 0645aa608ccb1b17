package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// pfFixture is a server with alice (one portfolio with a buy and a sell)
// and bob (no data).
type pfFixture struct {
	ts            *testServer
	alice, bob    string
	folio         string
	buyID, sellID string
}

func newPFFixture(t *testing.T) *pfFixture {
	t.Helper()
	f := &pfFixture{ts: newTestServer(t)}
	f.alice, _ = f.ts.registerAndLogin("alice", "correct horse battery")
	f.bob, _ = f.ts.registerAndLogin("bob", "another long passphrase")
	r := f.ts.do("POST", "/api/portfolios", f.alice, wire.PortfolioInput{Name: "Main", Note: "long term"})
	expectStatus(t, r, http.StatusCreated)
	var p wire.Portfolio
	mustJSON(t, r.Body, &p)
	f.folio = p.ID
	f.buyID = f.addTx(t, wire.TransactionInput{Date: "2010-01-04", Kind: "buy", Ticker: "aapl", Quantity: 100, Price: 30.57, Fee: 5})
	f.sellID = f.addTx(t, wire.TransactionInput{Date: "2012-01-04", Kind: "sell", Ticker: "AAPL", Quantity: 60, Price: 58.7})
	return f
}

func (f *pfFixture) addTx(t *testing.T, in wire.TransactionInput) string {
	t.Helper()
	r := f.ts.do("POST", "/api/portfolios/"+f.folio+"/transactions", f.alice, in)
	expectStatus(t, r, http.StatusCreated)
	var tx wire.Transaction
	mustJSON(t, r.Body, &tx)
	return tx.ID
}

func expectStatus(t *testing.T, r response, want int) {
	t.Helper()
	if r.Status != want {
		t.Fatalf("status %d, want %d: %s", r.Status, want, r.Body)
	}
}

func TestPortfolioAPIScenarios(t *testing.T) {
	f := newPFFixture(t)
	base := "/api/portfolios/" + f.folio
	tx := func(m func(*wire.TransactionInput)) wire.TransactionInput {
		in := wire.TransactionInput{Date: "2011-01-03", Kind: "buy", Ticker: "MSFT", Quantity: 10, Price: 28}
		m(&in)
		return in
	}
	f.ts.runScenarios(t, []scenario{
		{name: "list needs login", method: "GET", path: "/api/portfolios", wantStatus: 401},
		{name: "list", method: "GET", path: "/api/portfolios", token: f.alice, wantStatus: 200, want: []string{`"name":"Main"`, `"transactions":2`}},
		{name: "get", method: "GET", path: base, token: f.alice, wantStatus: 200, want: []string{`"note":"long term"`, `"currency":"USD"`}},
		{name: "empty name", method: "POST", path: "/api/portfolios", token: f.alice, body: wire.PortfolioInput{Name: "  "}, wantStatus: 400, want: []string{"Name must not be empty"}},
		{name: "long name", method: "POST", path: "/api/portfolios", token: f.alice, body: wire.PortfolioInput{Name: strings.Repeat("n", 81)}, wantStatus: 400, want: []string{"too long"}},
		{name: "lone surrogate in name", method: "POST", path: "/api/portfolios", token: f.alice, body: `{"name":"a\ud800b"}`, wantStatus: 400, want: []string{"surrogate"}},
		{name: "lone surrogate in note", method: "PUT", path: base, token: f.alice, body: `{"name":"Main","note":"x\udc00"}`, wantStatus: 400, want: []string{"surrogate"}},
		{name: "nothing stored", method: "GET", path: "/api/portfolios", token: f.alice, wantStatus: 200, want: []string{`"note":"long term"`}, notWant: []string{"\ufffd", `\ufffd`, `"name":"a`}},
		{name: "surrogate pair", method: "POST", path: "/api/portfolios", token: f.alice, body: `{"name":"\ud83d\ude00 fund"}`, wantStatus: 201, want: []string{"\U0001F600 fund"}},
		{name: "control name", method: "POST", path: "/api/portfolios", token: f.alice, body: wire.PortfolioInput{Name: "a\u0007b"}, wantStatus: 400, want: []string{"control"}},
		{name: "long note", method: "POST", path: "/api/portfolios", token: f.alice, body: wire.PortfolioInput{Name: "x", Note: strings.Repeat("n", 2001)}, wantStatus: 400, want: []string{"too long"}},
		{name: "privileged field", method: "POST", path: "/api/portfolios", token: f.alice, body: map[string]string{"name": "x", "owner": "bob"}, wantStatus: 400, want: []string{"Unknown field"}},
		{name: "rename", method: "PUT", path: base, token: f.alice, body: wire.PortfolioInput{Name: "Renamed", Note: "n2"}, wantStatus: 200, want: []string{`"name":"Renamed"`}},
		{name: "list tx", method: "GET", path: base + "/transactions", token: f.alice, wantStatus: 200, want: []string{`"ticker":"AAPL"`}},
		{name: "holdings", method: "GET", path: base + "/holdings", token: f.alice, wantStatus: 200, want: []string{`"ticker":"AAPL"`, `"quantity":40`, `"gross_exposure"`, `"name":"Apple Inc."`}},
		{name: "unknown ticker", method: "POST", path: base + "/transactions", token: f.alice, body: tx(func(i *wire.TransactionInput) { i.Ticker = "ZZZZ" }), wantStatus: 400, want: []string{"not in the market data"}},
		{name: "future date", method: "POST", path: base + "/transactions", token: f.alice, body: tx(func(i *wire.TransactionInput) { i.Date = "2099-01-01" }), wantStatus: 400, want: []string{"future"}},
		{name: "before data", method: "POST", path: base + "/transactions", token: f.alice, body: tx(func(i *wire.TransactionInput) { i.Date = "2001-01-02" }), wantStatus: 400, want: []string{"market data starts"}},
		{name: "negative qty", method: "POST", path: base + "/transactions", token: f.alice, body: tx(func(i *wire.TransactionInput) { i.Quantity = -1 }), wantStatus: 400, want: []string{"Quantity must be greater than zero", `"fields"`}},
		{name: "zero price", method: "POST", path: base + "/transactions", token: f.alice, body: tx(func(i *wire.TransactionInput) { i.Price = 0 }), wantStatus: 400, want: []string{"Price"}},
		{name: "bad kind", method: "POST", path: base + "/transactions", token: f.alice, body: tx(func(i *wire.TransactionInput) { i.Kind = "gift" }), wantStatus: 400, want: []string{"Kind must be"}},
		{name: "oversell", method: "POST", path: base + "/transactions", token: f.alice, body: tx(func(i *wire.TransactionInput) {
			i.Kind, i.Ticker, i.Quantity, i.Date = "sell", "AAPL", 41, "2013-01-03"
		}), wantStatus: 409, want: []string{"hold only 40"}},
		{name: "earlier sell breaks a later one", method: "POST", path: base + "/transactions", token: f.alice, body: tx(func(i *wire.TransactionInput) { i.Kind, i.Ticker, i.Quantity = "sell", "AAPL", 41 }), wantStatus: 409, want: []string{"2012-01-04", "hold only 59"}},
		{name: "sell before buy", method: "POST", path: base + "/transactions", token: f.alice, body: tx(func(i *wire.TransactionInput) { i.Kind, i.Ticker, i.Date = "sell", "AAPL", "2009-01-05" }), wantStatus: 409, want: []string{"hold only 0"}},
		{name: "short ok", method: "POST", path: base + "/transactions", token: f.alice, body: tx(func(i *wire.TransactionInput) { i.Kind = "short" }), wantStatus: 201, want: []string{`"kind":"short"`}},
		{name: "over cover", method: "POST", path: base + "/transactions", token: f.alice, body: tx(func(i *wire.TransactionInput) { i.Kind, i.Date, i.Quantity = "cover", "2011-02-01", 11 }), wantStatus: 409, want: []string{"short only 10"}},
		{name: "delete needed buy", method: "DELETE", path: base + "/transactions/" + f.buyID, token: f.alice, wantStatus: 409, want: []string{"cannot be deleted", "later one depends"}},
		{name: "edit buy too small", method: "PUT", path: base + "/transactions/" + f.buyID, token: f.alice, body: wire.TransactionInput{Date: "2010-01-04", Kind: "buy", Ticker: "AAPL", Quantity: 50, Price: 30}, wantStatus: 409, want: []string{"impossible", "hold only 50"}},
		{name: "edit buy ok", method: "PUT", path: base + "/transactions/" + f.buyID, token: f.alice, body: wire.TransactionInput{Date: "2010-01-04", Kind: "buy", Ticker: "AAPL", Quantity: 120, Price: 30}, wantStatus: 200, want: []string{`"quantity":120`}},
		{name: "delete sell", method: "DELETE", path: base + "/transactions/" + f.sellID, token: f.alice, wantStatus: 204},
		{name: "export csv", method: "GET", path: base + "/export.csv", token: f.alice, wantStatus: 200, want: []string{"date,kind,ticker,quantity,price,fee,note", "AAPL"}},
		{name: "export json", method: "GET", path: "/api/export.json", token: f.alice, wantStatus: 200, want: []string{`"format":"fortfolio-export-v1"`, `"username":"alice"`, `"transactions"`}, notWant: []string{"password", "hash"}},
		{name: "symbols", method: "GET", path: "/api/market/symbols?q=app", token: f.alice, wantStatus: 200, want: []string{`"ticker":"AAPL"`}},
		{name: "symbols control", method: "GET", path: "/api/market/symbols?q=%07", token: f.alice, wantStatus: 400},
		{name: "history", method: "GET", path: "/api/market/history/AAPL?from=2010-01-04&to=2010-01-08", token: f.alice, wantStatus: 200, want: []string{`"date":"2010-01-04"`, `"date":"2010-01-08"`}},
		{name: "history reversed", method: "GET", path: "/api/market/history/AAPL?from=2011-01-04&to=2010-01-08", token: f.alice, wantStatus: 400},
		{name: "history bad date", method: "GET", path: "/api/market/history/AAPL?from=2010-1-4", token: f.alice, wantStatus: 400},
		{name: "history unknown", method: "GET", path: "/api/market/history/ZZZZ", token: f.alice, wantStatus: 404, want: []string{"not in the market data"}},
		{name: "history bad ticker", method: "GET", path: "/api/market/history/A..B", token: f.alice, wantStatus: 400},
		{name: "history traversal", method: "GET", path: "/api/market/history/..%2f..%2fetc", token: f.alice, wantStatus: 400},
		{name: "quote", method: "GET", path: "/api/market/quote/msft", token: f.alice, wantStatus: 200, want: []string{`"ticker":"MSFT"`, `"date":"2017-12-29"`}},
		{name: "market needs login", method: "GET", path: "/api/market/quote/MSFT", wantStatus: 401},
		{name: "delete portfolio", method: "DELETE", path: base, token: f.alice, wantStatus: 204},
		{name: "gone", method: "GET", path: base, token: f.alice, wantStatus: 404},
	})
}

func TestExamplePortfolio(t *testing.T) {
	f := newPFFixture(t)
	var p wire.Portfolio
	inExample := func(suffix string) func(*testing.T, *scenario) {
		return func(_ *testing.T, sc *scenario) { sc.path = "/api/portfolios/" + p.ID + suffix }
	}
	f.ts.runScenarios(t, []scenario{
		{name: "create the example", method: "POST", path: "/api/portfolios/example", token: f.bob, wantStatus: http.StatusCreated,
			after: func(t *testing.T, r response) {
				mustJSON(t, r.Body, &p)
				if p.Transactions != 10 {
					t.Fatalf("example has %d transactions", p.Transactions)
				}
			}},
		{name: "holdings", method: "GET", token: f.bob, before: inExample("/holdings"), wantStatus: http.StatusOK,
			after: func(t *testing.T, r response) {
				var h wire.Holdings
				mustJSON(t, r.Body, &h)
				if len(h.Positions) != 9 || h.GrossExposure <= 0 || h.AsOf != "2017-12-29" || h.RealisedPL == 0 {
					t.Fatalf("example holdings: %+v", h)
				}
			}},
		// AAPL's real close on 2010-01-04: the example is at real closes.
		{name: "real closes", method: "GET", token: f.bob, before: inExample("/transactions"), wantStatus: http.StatusOK,
			want: []string{`"price":30.57`}},
	})
}
