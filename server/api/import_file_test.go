package api_test

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// importFixture is a user with a portfolio to import into.
type importFixture struct {
	ts    *testServer
	token string
	pid   string
}

func newImportFixture(t *testing.T) *importFixture {
	t.Helper()
	ts := newTestServer(t)
	token, _ := ts.registerAndLogin("importer", "a long enough passphrase")
	return &importFixture{ts: ts, token: token, pid: ts.newPortfolio(token, "Imported")}
}

// newPortfolio creates a portfolio and returns its id.
func (ts *testServer) newPortfolio(token, name string) string {
	ts.t.Helper()
	r := ts.do("POST", "/api/portfolios", token, wire.PortfolioInput{Name: name})
	if r.Status != http.StatusCreated {
		ts.t.Fatalf("create portfolio: %d %s", r.Status, r.Body)
	}
	var p wire.Portfolio
	if err := json.Unmarshal([]byte(r.Body), &p); err != nil {
		ts.t.Fatal(err)
	}
	return p.ID
}

// send posts a file to the preview (write false) or import endpoint.
func (f *importFixture) send(t *testing.T, pid string, req wire.ImportFileRequest, file []byte, write bool) (response, wire.ImportPreview) {
	t.Helper()
	req.File = base64.StdEncoding.EncodeToString(file)
	path := "/api/portfolios/" + pid + "/import/preview"
	if write {
		path = "/api/portfolios/" + pid + "/import/file"
	}
	r := f.ts.do("POST", path, f.token, req)
	var out wire.ImportPreview
	if r.Status == http.StatusOK || r.Status == http.StatusBadRequest && strings.Contains(r.Body, `"rows"`) {
		if err := json.Unmarshal([]byte(r.Body), &out); err != nil {
			t.Fatalf("%s: %v", r.Body, err)
		}
	}
	return r, out
}

func (f *importFixture) transactions(t *testing.T, pid string) []wire.Transaction {
	t.Helper()
	r := f.ts.do("GET", "/api/portfolios/"+pid+"/transactions", f.token, nil)
	if r.Status != http.StatusOK {
		t.Fatalf("list: %d %s", r.Status, r.Body)
	}
	var txs []wire.Transaction
	if err := json.Unmarshal([]byte(r.Body), &txs); err != nil {
		t.Fatal(err)
	}
	return txs
}

func sample(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "importer", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

const bankCSV = "Depot export 2017\n" +
	"Buchungstag;Art;Wertpapier;Stück;Kurs;Gebühr;Betrag;Währung\n" +
	"02.01.2017;Einzahlung;;;;;10.000,00;USD\n" +
	"04.01.2017;Kauf;KO;60;41,75;4,95;;USD\n" +
	"03.04.2017;Dividende;KO;;;;22,20;USD\n" +
	"02.10.2017;Verkauf;KO;20;45,10;4,95;;USD\n"

var bankMapping = &wire.ImportMapping{Columns: map[string]string{"date": "Buchungstag", "kind": "Art", "ticker": "Wertpapier",
	"quantity": "Stück", "price": "Kurs", "fee": "Gebühr", "amount": "Betrag", "currency": "Währung"},
	Kinds: map[string]string{"Einzahlung": "deposit", "Dividende": "dividend"}}

// A custom CSV imported with a saved mapping adds nothing the second time,
// and an overlapping later export adds only its new line.
func TestImportCustomCSVTwiceAddsNothing(t *testing.T) {
	t.Parallel()
	f := newImportFixture(t)
	r, p := f.send(t, f.pid, wire.ImportFileRequest{Format: "custom", Mapping: bankMapping}, []byte(bankCSV), false)
	if r.Status != http.StatusOK || p.New != 4 || p.Present != 0 || len(p.Errors) != 0 || !p.DryRun {
		t.Fatalf("preview: %d %s", r.Status, r.Body)
	}
	if s := p.Settings; s.Delimiter != ";" || !s.DecimalComma || s.DateFormat != "DD.MM.YYYY" || s.HeaderLine != 2 || s.Header[0] != "Buchungstag" {
		t.Fatalf("settings %+v", s)
	}
	if len(f.transactions(t, f.pid)) != 0 {
		t.Fatal("the preview wrote transactions")
	}
	r, p = f.send(t, f.pid, wire.ImportFileRequest{Format: "custom", Mapping: bankMapping, Save: true}, []byte(bankCSV), true)
	if r.Status != http.StatusOK || p.Imported != 4 {
		t.Fatalf("import: %d %s", r.Status, r.Body)
	}
	txs := f.transactions(t, f.pid)
	if len(txs) != 4 {
		t.Fatalf("%d transactions", len(txs))
	}
	// The dividend given as a total is stored as 1 x 22.20; the deposit as an amount.
	var dep, div wire.Transaction
	for _, tx := range txs {
		switch tx.Kind {
		case "deposit":
			dep = tx
		case "dividend":
			div = tx
		}
	}
	if dep.Amount != 10000 || dep.Currency != "USD" || div.Quantity != 1 || div.Price != 22.20 {
		t.Fatalf("deposit %+v dividend %+v", dep, div)
	}
	saved := f.ts.do("GET", "/api/import/mappings", f.token, nil)
	if saved.Status != http.StatusOK || !strings.Contains(saved.Body, `"Buchungstag"`) {
		t.Fatalf("saved: %d %s", saved.Status, saved.Body)
	}
	// Second run, no mapping given: the saved one is used and nothing is new.
	r, p = f.send(t, f.pid, wire.ImportFileRequest{}, []byte(bankCSV), false)
	if r.Status != http.StatusOK || p.Saved == nil || p.New != 0 || p.Present != 4 || p.Format != "custom" {
		t.Fatalf("second preview: %d %s", r.Status, r.Body)
	}
	r, p = f.send(t, f.pid, wire.ImportFileRequest{}, []byte(bankCSV), true)
	if r.Status != http.StatusOK || p.Imported != 0 || len(f.transactions(t, f.pid)) != 4 {
		t.Fatalf("second import: %d %s", r.Status, r.Body)
	}
	later := bankCSV + "15.12.2017;Auszahlung;;;;;1.500,00;USD\n"
	mapping := *bankMapping
	mapping.Kinds = map[string]string{"Einzahlung": "deposit", "Dividende": "dividend", "Auszahlung": "withdrawal"}
	r, p = f.send(t, f.pid, wire.ImportFileRequest{Format: "custom", Mapping: &mapping}, []byte(later), true)
	if r.Status != http.StatusOK || p.Imported != 1 || p.Present != 4 || len(f.transactions(t, f.pid)) != 5 {
		t.Fatalf("overlapping import: %d %s", r.Status, r.Body)
	}
}

// Every preset's sample imports through the API with no line error.
func TestImportPresetSamples(t *testing.T) {
	t.Parallel()
	f := newImportFixture(t)
	for _, tc := range []struct {
		format, file string
		symbols      map[string]string
		want         int
	}{
		{"schwab", "schwab.csv", nil, 12},
		{"fidelity", "fidelity.csv", nil, 11},
		{"vanguard", "vanguard.csv", nil, 9},
		{"ibkr", "ibkr-activity.csv", nil, 10},
		{"ibkr-flex", "ibkr-flex.csv", nil, 4},
		{"degiro", "degiro-transactions.csv", map[string]string{"US2546871060": "DIS", "US4581401001": "INTC"}, 4},
		{"trading212", "trading212.csv", nil, 8},
		{"ghostfolio", "ghostfolio.json", nil, 6},
		{"portfolio-performance", "portfolio-performance.csv", nil, 9},
	} {
		pid := f.ts.newPortfolio(f.token, tc.format)
		r, p := f.send(t, pid, wire.ImportFileRequest{Format: tc.format, Symbols: tc.symbols}, sample(t, tc.file), true)
		if r.Status != http.StatusOK || p.Imported != tc.want {
			t.Errorf("%s: %d %s", tc.format, r.Status, r.Body)
			continue
		}
		if n := len(f.transactions(t, pid)); n != tc.want {
			t.Errorf("%s: %d stored", tc.format, n)
		}
		r, p = f.send(t, pid, wire.ImportFileRequest{Format: tc.format, Symbols: tc.symbols}, sample(t, tc.file), false)
		if p.New != 0 || p.Present != tc.want {
			t.Errorf("%s re-import: %s", tc.format, r.Body)
		}
	}
}

// A row whose broker id was imported with other values is a conflict:
// the preview counts it and the import is refused whole.
func TestImportConflictByBrokerID(t *testing.T) {
	t.Parallel()
	f := newImportFixture(t)
	flex := sample(t, "ibkr-flex.csv")
	if r, p := f.send(t, f.pid, wire.ImportFileRequest{}, flex, true); r.Status != http.StatusOK || p.Imported != 4 {
		t.Fatalf("import: %d %s", r.Status, r.Body)
	}
	changed := strings.Replace(string(flex), `"64.12"`, `"64.20"`, 1)
	changed += `"U1234567","USD","STK","MRK","MERCK & CO. INC.","US58933Y1055","20171201","10","61.00","-1","USD","BUY","8999000001","-611"` + "\n"
	r, p := f.send(t, f.pid, wire.ImportFileRequest{}, []byte(changed), false)
	if r.Status != http.StatusOK || p.Conflicting != 1 || p.Present != 3 || p.New != 1 || len(p.Errors) != 1 || p.Errors[0].Line != 2 {
		t.Fatalf("preview: %d %s", r.Status, r.Body)
	}
	r, p = f.send(t, f.pid, wire.ImportFileRequest{}, []byte(changed), true)
	if r.Status != http.StatusBadRequest || p.Code != "invalid_csv" || p.Imported != 0 || len(f.transactions(t, f.pid)) != 4 {
		t.Fatalf("import: %d %s", r.Status, r.Body)
	}
}

// Hostile requests get a clear 4xx and change nothing.
func TestImportHostileFiles(t *testing.T) {
	t.Parallel()
	f := newImportFixture(t)
	other, _ := f.ts.registerAndLogin("someone-else", "another long passphrase")
	foreign := f.ts.newPortfolio(other, "Theirs")
	utf16 := append([]byte{0xFF, 0xFE}, []byte(strings.Join(strings.Split("date,kind,ticker,quantity,price\n2017-01-04,buy,KO,1,40\n", ""), "\x00")+"\x00")...)
	cases := []struct {
		name   string
		pid    string
		body   any
		status int
		want   string
	}{
		{"binary garbage", f.pid, wire.ImportFileRequest{File: base64.StdEncoding.EncodeToString([]byte("\x89PNG\r\n\x1a\n\x00\x00"))}, 400, "NUL bytes"},
		{"utf-16 without bom", f.pid, wire.ImportFileRequest{File: base64.StdEncoding.EncodeToString(utf16[2:])}, 400, "byte-order mark"},
		{"wrong preset", f.pid, wire.ImportFileRequest{Format: "fidelity", File: base64.StdEncoding.EncodeToString(sample(t, "schwab.csv"))}, 400, "looks like a Charles Schwab export"},
		{"formula cell", f.pid, wire.ImportFileRequest{File: base64.StdEncoding.EncodeToString([]byte("date,kind,ticker,quantity,price,note\n2017-01-04,buy,KO,1,40,=HYPERLINK(\"x\")\n"))}, 400, "formula"},
		{"too many columns", f.pid, wire.ImportFileRequest{File: base64.StdEncoding.EncodeToString([]byte(strings.Repeat("a,", 80) + "a\n"))}, 400, "at most 64"},
		{"bad base64", f.pid, wire.ImportFileRequest{File: "%%%"}, 400, "base64"},
		{"unknown field", f.pid, map[string]any{"file": "", "role": "admin"}, 400, "Unknown field"},
		{"bad format id", f.pid, wire.ImportFileRequest{Format: "../etc", File: ""}, 400, "Unknown import format"},
		{"oversize", f.pid, wire.ImportFileRequest{File: strings.Repeat("A", 3<<20)}, 413, "too large"},
		{"another user's portfolio", foreign, wire.ImportFileRequest{File: base64.StdEncoding.EncodeToString([]byte(bankCSV))}, 404, ""},
	}
	for _, tc := range cases {
		r := f.ts.do("POST", "/api/portfolios/"+tc.pid+"/import/file", f.token, tc.body)
		if r.Status != tc.status || !strings.Contains(r.Body, tc.want) {
			t.Errorf("%s: %d %s", tc.name, r.Status, r.Body)
		}
	}
	// UTF-16 with its byte-order mark is read.
	if r, p := f.send(t, f.pid, wire.ImportFileRequest{}, utf16, false); r.Status != http.StatusOK || p.Settings.Encoding != "utf-16le" || p.New != 1 {
		t.Errorf("utf-16: %d %s", r.Status, r.Body)
	}
	if len(f.transactions(t, f.pid)) != 0 {
		t.Fatal("a refused import wrote transactions")
	}
	formats := f.ts.do("GET", "/api/import/formats", f.token, nil)
	for _, id := range []string{"ibkr", "ibkr-flex", "schwab", "fidelity", "vanguard", "degiro", "trading212", "ghostfolio", "portfolio-performance", "custom"} {
		if !strings.Contains(formats.Body, `"id":"`+id+`"`) {
			t.Errorf("formats lack %s: %s", id, formats.Body)
		}
	}
	if r := f.ts.do("DELETE", "/api/import/mappings/nope", f.token, nil); r.Status != http.StatusNotFound {
		t.Errorf("delete unknown mapping: %d", r.Status)
	}
}
