package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// TestPortfolioCurrency: the base currency is chosen at creation (USD
// when absent), may be changed, and anything outside the list is a 400
// that changes nothing.
func TestPortfolioCurrency(t *testing.T) {
	f := newPFFixture(t)
	var eur wire.Portfolio
	f.ts.runScenarios(t, []scenario{
		{name: "default usd", method: "GET", path: "/api/portfolios/" + f.folio, token: f.alice, wantStatus: 200, want: []string{`"currency":"USD"`}},
		{name: "eur at creation", method: "POST", path: "/api/portfolios", token: f.alice, body: `{"name":"Euro","note":"","currency":"eur"}`,
			wantStatus: 201, want: []string{`"currency":"EUR"`}, after: func(t *testing.T, r response) { mustJSON(t, r.Body, &eur) }},
		{name: "unknown currency", method: "POST", path: "/api/portfolios", token: f.alice, body: `{"name":"Gold","note":"","currency":"XAU"}`, wantStatus: 400, want: []string{"Currency must be one of"}},
		{name: "currency not a string", method: "POST", path: "/api/portfolios", token: f.alice, body: `{"name":"X","note":"","currency":7}`, wantStatus: 400},
		{name: "currency injection", method: "POST", path: "/api/portfolios", token: f.alice, body: `{"name":"X","note":"","currency":"USD' --"}`, wantStatus: 400},
		{name: "put keeps currency when absent", method: "PUT", path: "/api/portfolios/" + f.folio, token: f.alice, body: `{"name":"Main","note":""}`, wantStatus: 200, want: []string{`"currency":"USD"`}},
		{name: "put changes currency", method: "PUT", path: "/api/portfolios/" + f.folio, token: f.alice, body: `{"name":"Main","note":"","currency":"CHF"}`, wantStatus: 200, want: []string{`"currency":"CHF"`}},
		{name: "put unknown currency", method: "PUT", path: "/api/portfolios/" + f.folio, token: f.alice, body: `{"name":"Main","note":"","currency":"ABC"}`, wantStatus: 400},
		{name: "list shows currencies", method: "GET", path: "/api/portfolios", token: f.alice, wantStatus: 200, want: []string{`"currency":"EUR"`, `"currency":"CHF"`}, notWant: []string{"ABC", "XAU"}},
	})
}

// TestLedgerTransactionFields: the new kinds and fields are stored and
// returned; bad combinations are 400s that change nothing.
func TestLedgerTransactionFields(t *testing.T) {
	f := newPFFixture(t)
	tx := "/api/portfolios/" + f.folio + "/transactions"
	var before string
	f.ts.runScenarios(t, []scenario{
		{name: "deposit", method: "POST", path: tx, token: f.alice, body: `{"date":"2010-01-04","kind":"deposit","amount":5000,"currency":"usd"}`,
			wantStatus: 201, want: []string{`"kind":"deposit"`, `"amount":5000`, `"currency":"USD"`}, notWant: []string{`"basis"`}},
		{name: "split", method: "POST", path: tx, token: f.alice, body: `{"date":"2014-06-09","kind":"split","ticker":"msft","ratio":2}`,
			wantStatus: 201, want: []string{`"kind":"split"`, `"ratio":2`, `"ticker":"MSFT"`}},
		{name: "buy defaults to adjusted", method: "POST", path: tx, token: f.alice, body: `{"date":"2011-01-03","kind":"buy","ticker":"MSFT","quantity":1,"price":28}`,
			wantStatus: 201, want: []string{`"basis":"adjusted"`}},
		{name: "buy as traded", method: "POST", path: tx, token: f.alice, body: `{"date":"2011-01-03","kind":"buy","ticker":"MSFT","quantity":1,"price":28,"basis":"as_traded"}`,
			wantStatus: 201, want: []string{`"basis":"as_traded"`}},
		{name: "snapshot", method: "GET", path: "/api/export.json", token: f.alice, wantStatus: 200, after: func(t *testing.T, r response) { before = r.Body }},
		{name: "amount on a buy", method: "POST", path: tx, token: f.alice, body: `{"date":"2011-01-03","kind":"buy","ticker":"MSFT","quantity":1,"price":28,"amount":5}`, wantStatus: 400, want: []string{"Amount must be empty"}},
		{name: "unknown currency", method: "POST", path: tx, token: f.alice, body: `{"date":"2011-01-03","kind":"deposit","amount":5,"currency":"DOGE"}`, wantStatus: 400, want: []string{"Currency must be one of"}},
		{name: "deposit without currency", method: "POST", path: tx, token: f.alice, body: `{"date":"2011-01-03","kind":"deposit","amount":5}`, wantStatus: 400},
		{name: "deposit with ticker", method: "POST", path: tx, token: f.alice, body: `{"date":"2011-01-03","kind":"deposit","ticker":"AAPL","amount":5,"currency":"USD"}`, wantStatus: 400},
		{name: "negative amount", method: "POST", path: tx, token: f.alice, body: `{"date":"2011-01-03","kind":"interest","amount":-5,"currency":"USD"}`, wantStatus: 400},
		{name: "ratio zero", method: "POST", path: tx, token: f.alice, body: `{"date":"2014-06-09","kind":"split","ticker":"MSFT","ratio":0}`, wantStatus: 400},
		{name: "ratio negative", method: "POST", path: tx, token: f.alice, body: `{"date":"2014-06-09","kind":"split","ticker":"MSFT","ratio":-7}`, wantStatus: 400},
		{name: "ratio NaN", method: "POST", path: tx, token: f.alice, body: `{"date":"2014-06-09","kind":"split","ticker":"MSFT","ratio":NaN}`, wantStatus: 400},
		{name: "ratio huge", method: "POST", path: tx, token: f.alice, body: `{"date":"2014-06-09","kind":"split","ticker":"MSFT","ratio":1e300}`, wantStatus: 400},
		{name: "ratio overflow", method: "POST", path: tx, token: f.alice, body: `{"date":"2014-06-09","kind":"split","ticker":"MSFT","ratio":1e400}`, wantStatus: 400},
		{name: "split unknown ticker", method: "POST", path: tx, token: f.alice, body: `{"date":"2014-06-09","kind":"split","ticker":"ZZZZ","ratio":2}`, wantStatus: 400},
		{name: "unknown basis", method: "POST", path: tx, token: f.alice, body: `{"date":"2011-01-03","kind":"buy","ticker":"MSFT","quantity":1,"price":28,"basis":"raw"}`, wantStatus: 400},
		{name: "basis on a deposit", method: "POST", path: tx, token: f.alice, body: `{"date":"2011-01-03","kind":"deposit","amount":5,"currency":"USD","basis":"adjusted"}`, wantStatus: 400},
		{name: "data unchanged", method: "GET", path: "/api/export.json", token: f.alice, wantStatus: 200,
			after: func(t *testing.T, r response) {
				if stripExportTime(r.Body) != stripExportTime(before) {
					t.Fatalf("refused requests changed the data")
				}
				for _, w := range []string{`"kind":"deposit"`, `"ratio":2`, `"basis":"as_traded"`} {
					if !strings.Contains(r.Body, w) {
						t.Errorf("export lacks %s", w)
					}
				}
			}},
	})
	r := f.ts.do("GET", "/api/portfolios/"+f.folio+"/export.csv", f.alice, nil)
	expectStatus(t, r, http.StatusOK)
	if !strings.HasPrefix(r.Body, "date,kind,ticker,quantity,price,fee,note,amount,currency,basis,ratio\n") ||
		!strings.Contains(r.Body, "2010-01-04,deposit,,0,0,0,,5000,USD,,") {
		t.Fatalf("export.csv:\n%s", r.Body)
	}
}

// TestLedgerCSVRoundTrip: a history with cash, a split and an as-traded
// trade exports in the ledger layout, imports into a fresh portfolio and
// exports again byte for byte (apart from nothing: the CSV holds no ids).
func TestLedgerCSVRoundTrip(t *testing.T) {
	f := newPFFixture(t)
	tx := "/api/portfolios/" + f.folio + "/transactions"
	for _, body := range []string{
		`{"date":"2010-01-04","kind":"deposit","amount":5000.25,"currency":"USD","note":"salary, january"}`,
		`{"date":"2011-02-01","kind":"buy","ticker":"NKE","quantity":10,"price":84.5,"fee":1,"basis":"as_traded"}`,
		`{"date":"2011-03-01","kind":"tax","ticker":"NKE","amount":1.5,"currency":"USD"}`,
		`{"date":"2011-04-01","kind":"interest","amount":2,"currency":"EUR"}`,
		`{"date":"2013-01-02","kind":"split","ticker":"MSFT","ratio":2}`,
		`{"date":"2013-02-01","kind":"withdrawal","amount":100,"currency":"USD"}`,
	} {
		r := f.ts.do("POST", tx, f.alice, body)
		expectStatus(t, r, http.StatusCreated)
	}
	first := f.ts.do("GET", "/api/portfolios/"+f.folio+"/export.csv", f.alice, nil)
	expectStatus(t, first, http.StatusOK)
	r := f.ts.do("POST", "/api/portfolios", f.alice, wire.PortfolioInput{Name: "Copy"})
	expectStatus(t, r, http.StatusCreated)
	var p wire.Portfolio
	mustJSON(t, r.Body, &p)
	imp := f.ts.doHeaders("POST", "/api/portfolios/"+p.ID+"/import", f.alice, map[string]string{"Content-Type": "text/csv"}, first.Body)
	expectStatus(t, imp, http.StatusOK)
	again := f.ts.do("GET", "/api/portfolios/"+p.ID+"/export.csv", f.alice, nil)
	if again.Body != first.Body {
		t.Fatalf("round trip changed the file:\n%s\n---\n%s", first.Body, again.Body)
	}
	for _, want := range []string{",deposit,,0,0,0,\"salary, january\",5000.25,USD,,", ",buy,NKE,10,84.5,1,,,USD,as_traded,", ",split,MSFT,0,0,0,,,,,2"} {
		if !strings.Contains(first.Body, want) {
			t.Errorf("export lacks %q:\n%s", want, first.Body)
		}
	}
}
