package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// TestPortfolioCrossUserMatrix: bob tries every portfolio endpoint with
// alice's ids; all answer 404 and alice's data is unchanged.
func TestPortfolioCrossUserMatrix(t *testing.T) {
	f := newPFFixture(t)
	before := f.ts.do("GET", "/api/export.json", f.alice, nil)
	base := "/api/portfolios/" + f.folio
	txIn := wire.TransactionInput{Date: "2011-01-03", Kind: "buy", Ticker: "MSFT", Quantity: 1, Price: 28}
	notFound := []string{`"code":"not_found"`}
	var bobFolio string
	f.ts.runScenarios(t, []scenario{
		{name: "GET", method: "GET", path: base, token: f.bob, wantStatus: 404, want: notFound},
		{name: "PUT", method: "PUT", path: base, token: f.bob, body: wire.PortfolioInput{Name: "pwned"}, wantStatus: 404, want: notFound},
		{name: "DELETE", method: "DELETE", path: base, token: f.bob, wantStatus: 404, want: notFound},
		{name: "GET /transactions", method: "GET", path: base + "/transactions", token: f.bob, wantStatus: 404, want: notFound},
		{name: "POST /transactions", method: "POST", path: base + "/transactions", token: f.bob, body: txIn, wantStatus: 404, want: notFound},
		{name: "PUT /transactions/buy", method: "PUT", path: base + "/transactions/" + f.buyID, token: f.bob, body: txIn, wantStatus: 404, want: notFound},
		{name: "DELETE /transactions/sell", method: "DELETE", path: base + "/transactions/" + f.sellID, token: f.bob, wantStatus: 404, want: notFound},
		{name: "GET /holdings", method: "GET", path: base + "/holdings", token: f.bob, wantStatus: 404, want: notFound},
		{name: "GET /export.csv", method: "GET", path: base + "/export.csv", token: f.bob, wantStatus: 404, want: notFound},
		{name: "import", method: "POST", path: base + "/import", token: f.bob, headers: map[string]string{"Content-Type": "text/csv"},
			body: "date,kind,ticker,quantity,price,fee,note\n2011-01-03,buy,MSFT,1,28,0,\n", wantStatus: 404},
		// Alice's own transaction ids under bob's own portfolio are 404 too.
		{name: "bob's portfolio", method: "POST", path: "/api/portfolios", token: f.bob, body: wire.PortfolioInput{Name: "Bob"}, wantStatus: 201,
			after: func(t *testing.T, r response) {
				var bp wire.Portfolio
				mustJSON(t, r.Body, &bp)
				bobFolio = bp.ID
			}},
		{name: "alice's tx under bob's portfolio", method: "DELETE", wantStatus: 404,
			before: func(_ *testing.T, sc *scenario) {
				sc.path, sc.token = "/api/portfolios/"+bobFolio+"/transactions/"+f.buyID, f.bob
			}},
		{name: "bob's list", method: "GET", path: "/api/portfolios", token: f.bob, wantStatus: 200, want: []string{`"name":"Bob"`}, notWant: []string{f.folio}},
		{name: "alice's data unchanged", method: "GET", path: "/api/export.json", token: f.alice, wantStatus: 200,
			after: func(t *testing.T, after response) {
				if stripExportTime(before.Body) != stripExportTime(after.Body) {
					t.Fatalf("alice's data changed:\n%s\n%s", before.Body, after.Body)
				}
			}},
	})
}

func stripExportTime(s string) string {
	i := strings.Index(s, `"exported_at"`)
	j := strings.Index(s, `"user"`)
	if i < 0 || j < i {
		return s
	}
	return s[:i] + s[j:]
}

func TestPortfolioOddIdentifiers(t *testing.T) {
	f := newPFFixture(t)
	ids := []string{"../x", "%2e%2e%2f", "a%00b", strings.Repeat("a", 65), "a%20b", "%2F", "a.b", "..", "%252e"}
	for _, id := range ids {
		paths := []string{"/api/portfolios/" + id, "/api/portfolios/" + id + "/holdings"}
		if id != ".." { // ".." after a real id is URL dot-segment syntax for the parent resource
			paths = append(paths, "/api/portfolios/"+f.folio+"/transactions/"+id)
		}
		for _, p := range paths {
			for _, m := range []string{"GET", "PUT", "DELETE"} {
				r := f.ts.do(m, p, f.alice, nil)
				if r.Status >= 500 || (r.Status != 400 && r.Status != 404 && r.Status != 405 && r.Status != 307 && r.Status != 301) {
					t.Errorf("%s %s: status %d %s", m, p, r.Status, r.Body)
				}
				if r.Status == 400 && !strings.Contains(r.Body, "Invalid identifier") {
					t.Errorf("%s %s: 400 without the identifier message: %s", m, p, r.Body)
				}
			}
		}
	}
	if r := f.ts.do("GET", "/api/portfolios/"+strings.Repeat("a", 65), f.alice, nil); r.Status != 400 {
		t.Fatalf("65-char id: %d", r.Status)
	}
}

func TestImportCSV(t *testing.T) {
	f := newPFFixture(t)
	const head = "date,kind,ticker,quantity,price,fee,note\n"
	bad := []struct{ name, body, want string }{
		{"bad header", "when,what\n2010-01-04,buy,AAPL,1,1,0,\n", "header"},
		{"bad date", head + "2010-13-01,buy,AAPL,1,1,0,\n", "Date"},
		{"future date", head + "2099-01-04,buy,AAPL,1,1,0,\n", "future"},
		{"unknown ticker", head + "2010-01-04,buy,ZZZZ,1,1,0,\n", "not in the market data"},
		{"negative qty", head + "2010-01-04,buy,AAPL,-1,1,0,\n", "Quantity"},
		{"oversell", head + "2010-01-04,sell,KO,5,1,0,\n", "hold only 0"},
		{"oversell existing", head + "2010-01-05,sell,AAPL,50,1,0,\n", "impossible"},
		{"formula", head + "2010-01-04,buy,AAPL,1,1,0,=1+1\n", "formula"},
		{"binary", "\x00\x01\x02\xff", "UTF-8"},
		{"empty", head, "no transactions"},
		{"mixed good and bad", head + "2010-01-04,buy,AAPL,1,1,0,\nbad,buy,AAPL,1,1,0,\n", `"line":3`},
		{"too many rows", head + strings.Repeat("2010-01-04,buy,AAPL,1,1,0,\n", 5001), "more than 5000"},
	}
	imp := "/api/portfolios/" + f.folio + "/import"
	csv := map[string]string{"Content-Type": "text/csv"}
	txs := "/api/portfolios/" + f.folio + "/transactions"
	before := f.ts.do("GET", txs, f.alice, nil).Body
	unchanged := func(what string) scenario {
		return scenario{name: what + " changed nothing", method: "GET", path: txs, token: f.alice, wantStatus: 200,
			after: func(t *testing.T, r response) {
				if r.Body != before {
					t.Fatalf("%s changed data", what)
				}
			}}
	}
	var table []scenario
	for _, c := range bad {
		table = append(table,
			scenario{name: c.name + " dry run", method: "POST", path: imp + "?dry_run=1", token: f.alice, headers: csv, body: c.body,
				wantStatus: 200, want: []string{c.want, `"errors":[{`}},
			scenario{name: c.name + " import", method: "POST", path: imp, token: f.alice, headers: csv, body: c.body,
				wantStatus: 400, want: []string{"nothing was imported"}})
	}
	good := head + "2011-01-03,buy,MSFT,10,28,1,'=escaped\n2011-02-01,sell,MSFT,4,27.5,,\n"
	table = append(table,
		scenario{name: "over 1 MiB", method: "POST", path: imp, token: f.alice, headers: csv, body: head + strings.Repeat("x", 1<<20), wantStatus: http.StatusRequestEntityTooLarge},
		scenario{name: "JSON body", method: "POST", path: imp, token: f.alice, body: "{}", wantStatus: http.StatusUnsupportedMediaType},
		unchanged("a refused import"),
		scenario{name: "good dry run", method: "POST", path: imp + "?dry_run=1", token: f.alice, headers: csv, body: good,
			wantStatus: 200, want: []string{`"errors":[]`, `"imported":0`}},
		unchanged("the dry run"),
		// A preview must never turn into a write: only 0 and 1 are accepted.
		scenario{name: "dry_run=true", method: "POST", path: imp + "?dry_run=true", token: f.alice, headers: csv, body: good,
			wantStatus: 400, want: []string{"dry_run must be 0 or 1"}},
		scenario{name: "dry_run twice", method: "POST", path: imp + "?dry_run=1&dry_run=0", token: f.alice, headers: csv, body: good,
			wantStatus: 400, want: []string{"dry_run must be 0 or 1"}},
		unchanged("a bad dry_run"),
		scenario{name: "good import", method: "POST", path: imp, token: f.alice, headers: csv, body: good, wantStatus: 200, want: []string{`"imported":2`}},
		scenario{name: "export", method: "GET", path: "/api/portfolios/" + f.folio + "/export.csv", token: f.alice, wantStatus: 200, want: []string{"'=escaped"},
			after: func(t *testing.T, r response) {
				if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") || !strings.Contains(r.Header.Get("Content-Disposition"), "attachment") {
					t.Fatalf("export headers: %v", r.Header)
				}
			}})
	f.ts.runScenarios(t, table)
}
