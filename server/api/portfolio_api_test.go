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

// csv posts a CSV body to the import endpoint.
func (f *pfFixture) csv(t *testing.T, token, id, query, body string) response {
	t.Helper()
	req, err := http.NewRequest("POST", f.ts.URL+"/api/portfolios/"+id+"/import"+query, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "text/csv")
	req.Header.Set(wire.TokenHeader, token)
	return f.ts.send(req)
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
		{"list needs login", "GET", "/api/portfolios", "", nil, 401, nil, nil},
		{"list", "GET", "/api/portfolios", f.alice, nil, 200, []string{`"name":"Main"`, `"transactions":2`}, nil},
		{"get", "GET", base, f.alice, nil, 200, []string{`"note":"long term"`, `"currency":"USD"`}, nil},
		{"empty name", "POST", "/api/portfolios", f.alice, wire.PortfolioInput{Name: "  "}, 400, []string{"Name must not be empty"}, nil},
		{"long name", "POST", "/api/portfolios", f.alice, wire.PortfolioInput{Name: strings.Repeat("n", 81)}, 400, []string{"too long"}, nil},
		{"control name", "POST", "/api/portfolios", f.alice, wire.PortfolioInput{Name: "a\u0007b"}, 400, []string{"control"}, nil},
		{"long note", "POST", "/api/portfolios", f.alice, wire.PortfolioInput{Name: "x", Note: strings.Repeat("n", 2001)}, 400, []string{"too long"}, nil},
		{"privileged field", "POST", "/api/portfolios", f.alice, map[string]string{"name": "x", "owner": "bob"}, 400, []string{"Unknown field"}, nil},
		{"rename", "PUT", base, f.alice, wire.PortfolioInput{Name: "Renamed", Note: "n2"}, 200, []string{`"name":"Renamed"`}, nil},
		{"list tx", "GET", base + "/transactions", f.alice, nil, 200, []string{`"ticker":"AAPL"`}, nil},
		{"holdings", "GET", base + "/holdings", f.alice, nil, 200, []string{`"ticker":"AAPL"`, `"quantity":40`, `"gross_exposure"`, `"name":"Apple Inc."`}, nil},
		{"unknown ticker", "POST", base + "/transactions", f.alice, tx(func(i *wire.TransactionInput) { i.Ticker = "ZZZZ" }), 400, []string{"not in the market data"}, nil},
		{"future date", "POST", base + "/transactions", f.alice, tx(func(i *wire.TransactionInput) { i.Date = "2099-01-01" }), 400, []string{"future"}, nil},
		{"before data", "POST", base + "/transactions", f.alice, tx(func(i *wire.TransactionInput) { i.Date = "2001-01-02" }), 400, []string{"market data starts"}, nil},
		{"negative qty", "POST", base + "/transactions", f.alice, tx(func(i *wire.TransactionInput) { i.Quantity = -1 }), 400, []string{"Quantity must be greater than zero", `"fields"`}, nil},
		{"zero price", "POST", base + "/transactions", f.alice, tx(func(i *wire.TransactionInput) { i.Price = 0 }), 400, []string{"Price"}, nil},
		{"bad kind", "POST", base + "/transactions", f.alice, tx(func(i *wire.TransactionInput) { i.Kind = "gift" }), 400, []string{"Kind must be"}, nil},
		{"oversell", "POST", base + "/transactions", f.alice, tx(func(i *wire.TransactionInput) {
			i.Kind, i.Ticker, i.Quantity, i.Date = "sell", "AAPL", 41, "2013-01-03"
		}), 409, []string{"hold only 40"}, nil},
		{"earlier sell breaks a later one", "POST", base + "/transactions", f.alice, tx(func(i *wire.TransactionInput) { i.Kind, i.Ticker, i.Quantity = "sell", "AAPL", 41 }), 409, []string{"2012-01-04", "hold only 59"}, nil},
		{"sell before buy", "POST", base + "/transactions", f.alice, tx(func(i *wire.TransactionInput) { i.Kind, i.Ticker, i.Date = "sell", "AAPL", "2009-01-05" }), 409, []string{"hold only 0"}, nil},
		{"short ok", "POST", base + "/transactions", f.alice, tx(func(i *wire.TransactionInput) { i.Kind = "short" }), 201, []string{`"kind":"short"`}, nil},
		{"over cover", "POST", base + "/transactions", f.alice, tx(func(i *wire.TransactionInput) { i.Kind, i.Date, i.Quantity = "cover", "2011-02-01", 11 }), 409, []string{"short only 10"}, nil},
		{"delete needed buy", "DELETE", base + "/transactions/" + f.buyID, f.alice, nil, 409, []string{"cannot be deleted", "later one depends"}, nil},
		{"edit buy too small", "PUT", base + "/transactions/" + f.buyID, f.alice, wire.TransactionInput{Date: "2010-01-04", Kind: "buy", Ticker: "AAPL", Quantity: 50, Price: 30}, 409, []string{"impossible", "hold only 50"}, nil},
		{"edit buy ok", "PUT", base + "/transactions/" + f.buyID, f.alice, wire.TransactionInput{Date: "2010-01-04", Kind: "buy", Ticker: "AAPL", Quantity: 120, Price: 30}, 200, []string{`"quantity":120`}, nil},
		{"delete sell", "DELETE", base + "/transactions/" + f.sellID, f.alice, nil, 204, nil, nil},
		{"export csv", "GET", base + "/export.csv", f.alice, nil, 200, []string{"date,kind,ticker,quantity,price,fee,note", "AAPL"}, nil},
		{"export json", "GET", "/api/export.json", f.alice, nil, 200, []string{`"format":"fortfolio-export-v1"`, `"username":"alice"`, `"transactions"`}, []string{"password", "hash"}},
		{"symbols", "GET", "/api/market/symbols?q=app", f.alice, nil, 200, []string{`"ticker":"AAPL"`}, nil},
		{"symbols control", "GET", "/api/market/symbols?q=%07", f.alice, nil, 400, nil, nil},
		{"history", "GET", "/api/market/history/AAPL?from=2010-01-04&to=2010-01-08", f.alice, nil, 200, []string{`"date":"2010-01-04"`, `"date":"2010-01-08"`}, nil},
		{"history reversed", "GET", "/api/market/history/AAPL?from=2011-01-04&to=2010-01-08", f.alice, nil, 400, nil, nil},
		{"history bad date", "GET", "/api/market/history/AAPL?from=2010-1-4", f.alice, nil, 400, nil, nil},
		{"history unknown", "GET", "/api/market/history/ZZZZ", f.alice, nil, 404, []string{"not in the market data"}, nil},
		{"history bad ticker", "GET", "/api/market/history/A..B", f.alice, nil, 400, nil, nil},
		{"history traversal", "GET", "/api/market/history/..%2f..%2fetc", f.alice, nil, 400, nil, nil},
		{"quote", "GET", "/api/market/quote/msft", f.alice, nil, 200, []string{`"ticker":"MSFT"`, `"date":"2017-12-29"`}, nil},
		{"market needs login", "GET", "/api/market/quote/MSFT", "", nil, 401, nil, nil},
		{"delete portfolio", "DELETE", base, f.alice, nil, 204, nil, nil},
		{"gone", "GET", base, f.alice, nil, 404, nil, nil},
	})
}

func TestExamplePortfolio(t *testing.T) {
	f := newPFFixture(t)
	r := f.ts.do("POST", "/api/portfolios/example", f.bob, nil)
	expectStatus(t, r, http.StatusCreated)
	var p wire.Portfolio
	mustJSON(t, r.Body, &p)
	if p.Transactions != 10 {
		t.Fatalf("example has %d transactions", p.Transactions)
	}
	r = f.ts.do("GET", "/api/portfolios/"+p.ID+"/holdings", f.bob, nil)
	expectStatus(t, r, http.StatusOK)
	var h wire.Holdings
	mustJSON(t, r.Body, &h)
	if len(h.Positions) != 9 || h.GrossExposure <= 0 || h.AsOf != "2017-12-29" || h.RealisedPL == 0 {
		t.Fatalf("example holdings: %+v", h)
	}
	r = f.ts.do("GET", "/api/portfolios/"+p.ID+"/transactions", f.bob, nil)
	if !strings.Contains(r.Body, `"price":30.57`) { // AAPL's real close on 2010-01-04
		t.Fatalf("example not at real closes: %s", r.Body)
	}
}
