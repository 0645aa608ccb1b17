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
	cases := []struct {
		method, path string
		body         any
	}{
		{"GET", base, nil},
		{"PUT", base, wire.PortfolioInput{Name: "pwned"}},
		{"DELETE", base, nil},
		{"GET", base + "/transactions", nil},
		{"POST", base + "/transactions", txIn},
		{"PUT", base + "/transactions/" + f.buyID, txIn},
		{"DELETE", base + "/transactions/" + f.sellID, nil},
		{"GET", base + "/holdings", nil},
		{"GET", base + "/export.csv", nil},
	}
	for _, c := range cases {
		t.Run(c.method+" "+strings.TrimPrefix(c.path, base), func(t *testing.T) {
			r := f.ts.do(c.method, c.path, f.bob, c.body)
			if r.Status != http.StatusNotFound || !strings.Contains(r.Body, `"code":"not_found"`) {
				t.Fatalf("status %d body %s, want 404", r.Status, r.Body)
			}
		})
	}
	if r := f.csv(t, f.bob, f.folio, "", "date,kind,ticker,quantity,price,fee,note\n2011-01-03,buy,MSFT,1,28,0,\n"); r.Status != http.StatusNotFound {
		t.Fatalf("import into alice's portfolio: %d %s", r.Status, r.Body)
	}
	// Alice's own transaction ids under bob's own portfolio are 404 too.
	r := f.ts.do("POST", "/api/portfolios", f.bob, wire.PortfolioInput{Name: "Bob"})
	var bp wire.Portfolio
	mustJSON(t, r.Body, &bp)
	if r := f.ts.do("DELETE", "/api/portfolios/"+bp.ID+"/transactions/"+f.buyID, f.bob, nil); r.Status != http.StatusNotFound {
		t.Fatalf("alice's tx under bob's portfolio: %d", r.Status)
	}
	if r := f.ts.do("GET", "/api/portfolios", f.bob, nil); strings.Contains(r.Body, f.folio) {
		t.Fatalf("bob's list shows alice's portfolio: %s", r.Body)
	}
	after := f.ts.do("GET", "/api/export.json", f.alice, nil)
	if stripExportTime(before.Body) != stripExportTime(after.Body) {
		t.Fatalf("alice's data changed:\n%s\n%s", before.Body, after.Body)
	}
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
	before := f.ts.do("GET", "/api/portfolios/"+f.folio+"/transactions", f.alice, nil).Body
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			dry := f.csv(t, f.alice, f.folio, "?dry_run=1", c.body)
			if dry.Status != 200 || !strings.Contains(dry.Body, c.want) || !strings.Contains(dry.Body, `"errors":[{`) {
				t.Fatalf("dry run: %d %.300s", dry.Status, dry.Body)
			}
			r := f.csv(t, f.alice, f.folio, "", c.body)
			if r.Status != 400 || !strings.Contains(r.Body, "nothing was imported") {
				t.Fatalf("import: %d %.300s", r.Status, r.Body)
			}
		})
	}
	if r := f.csv(t, f.alice, f.folio, "", head+strings.Repeat("x", 1<<20)); r.Status != http.StatusRequestEntityTooLarge {
		t.Fatalf("over 1 MiB: %d", r.Status)
	}
	if r := f.ts.do("POST", "/api/portfolios/"+f.folio+"/import", f.alice, "{}"); r.Status != http.StatusUnsupportedMediaType {
		t.Fatalf("JSON body: %d", r.Status)
	}
	if after := f.ts.do("GET", "/api/portfolios/"+f.folio+"/transactions", f.alice, nil).Body; after != before {
		t.Fatalf("a refused import changed data")
	}
	good := head + "2011-01-03,buy,MSFT,10,28,1,'=escaped\n2011-02-01,sell,MSFT,4,27.5,,\n"
	dry := f.csv(t, f.alice, f.folio, "?dry_run=1", good)
	if dry.Status != 200 || !strings.Contains(dry.Body, `"errors":[]`) || !strings.Contains(dry.Body, `"imported":0`) {
		t.Fatalf("good dry run: %d %s", dry.Status, dry.Body)
	}
	if after := f.ts.do("GET", "/api/portfolios/"+f.folio+"/transactions", f.alice, nil).Body; after != before {
		t.Fatalf("dry run wrote data")
	}
	r := f.csv(t, f.alice, f.folio, "", good)
	if r.Status != 200 || !strings.Contains(r.Body, `"imported":2`) {
		t.Fatalf("import: %d %s", r.Status, r.Body)
	}
	exp := f.ts.do("GET", "/api/portfolios/"+f.folio+"/export.csv", f.alice, nil)
	if !strings.Contains(exp.Body, "'=escaped") || !strings.HasPrefix(exp.Header.Get("Content-Type"), "text/csv") ||
		!strings.Contains(exp.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("export: %v %s", exp.Header, exp.Body)
	}
}
