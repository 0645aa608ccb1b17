package api_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// TestHostilePortfolioInputs sends malicious numbers, strings and shapes to
// the portfolio and transaction endpoints: each is a clear 4xx and the
// user's data is byte-for-byte unchanged afterwards.
func TestHostilePortfolioInputs(t *testing.T) {
	f := newPFFixture(t)
	before := f.ts.do("GET", "/api/export.json", f.alice, nil).Body
	tx := "/api/portfolios/" + f.folio + "/transactions"
	one := func(field, value string) string {
		fields := map[string]string{"date": `"2011-03-01"`, "kind": `"buy"`, "ticker": `"MSFT"`, "quantity": `10`, "price": `25.5`, "fee": `0`, "note": `""`}
		fields[field] = value
		parts := make([]string, 0, len(fields))
		for k, v := range fields {
			parts = append(parts, `"`+k+`":`+v)
		}
		return "{" + strings.Join(parts, ",") + "}"
	}
	f.ts.runScenarios(t, []scenario{
		{name: "NaN quantity", method: "POST", path: tx, token: f.alice, body: one("quantity", "NaN"), wantStatus: 400},
		{name: "Infinity price", method: "POST", path: tx, token: f.alice, body: one("price", "Infinity"), wantStatus: 400},
		{name: "overflowing number", method: "POST", path: tx, token: f.alice, body: one("quantity", "1e309"), wantStatus: 400},
		{name: "huge quantity", method: "POST", path: tx, token: f.alice, body: one("quantity", "1e300"), wantStatus: 400},
		{name: "dividend past the analytics' bound", method: "POST", path: tx, token: f.alice, body: strings.Replace(strings.Replace(one("quantity", "1e9"), `"buy"`, `"dividend"`, 1), `25.5`, `1e9`, 1), wantStatus: 400, want: []string{"at most"}},
		{name: "subnormal quantity", method: "POST", path: tx, token: f.alice, body: one("quantity", "5e-324"), wantStatus: 400, want: []string{"at least"}},
		{name: "negative quantity", method: "POST", path: tx, token: f.alice, body: one("quantity", "-10"), wantStatus: 400},
		{name: "zero price", method: "POST", path: tx, token: f.alice, body: one("price", "0"), wantStatus: 400},
		{name: "negative fee", method: "POST", path: tx, token: f.alice, body: one("fee", "-1"), wantStatus: 400},
		{name: "quantity as string", method: "POST", path: tx, token: f.alice, body: one("quantity", `"10"`), wantStatus: 400},
		{name: "future date", method: "POST", path: tx, token: f.alice, body: one("date", `"2999-01-01"`), wantStatus: 400},
		{name: "date injection", method: "POST", path: tx, token: f.alice, body: one("date", `"2011-03-01' OR 1=1 --"`), wantStatus: 400},
		{name: "ticker traversal", method: "POST", path: tx, token: f.alice, body: one("ticker", `"../../etc/passwd"`), wantStatus: 400},
		{name: "ticker SQL", method: "POST", path: tx, token: f.alice, body: one("ticker", `"AAPL'; DROP TABLE transactions; --"`), wantStatus: 400},
		{name: "unknown kind", method: "POST", path: tx, token: f.alice, body: one("kind", `"gift"`), wantStatus: 400},
		{name: "CRLF in note", method: "POST", path: tx, token: f.alice, body: one("note", `"a\r\nSet-Cookie: x=1"`), wantStatus: 400},
		{name: "oversell", method: "POST", path: tx, token: f.alice, body: `{"date":"2013-01-02","kind":"sell","ticker":"AAPL","quantity":1000,"price":70,"fee":0,"note":""}`, wantStatus: 409},
		{name: "privileged field", method: "POST", path: tx, token: f.alice, body: strings.Replace(one("note", `""`), "{", `{"portfolio_id":"other",`, 1), wantStatus: 400},
		{name: "huge array", method: "POST", path: tx, token: f.alice, body: `[` + strings.Repeat(`{},`, 100000) + `{}]`, wantStatus: 400},
		{name: "name with NUL", method: "POST", path: "/api/portfolios", token: f.alice, body: `{"name":"a\u0000b","note":""}`, wantStatus: 400},
		{name: "name too long", method: "POST", path: "/api/portfolios", token: f.alice, body: `{"name":"` + strings.Repeat("n", 81) + `","note":""}`, wantStatus: 400},
		{name: "note too long", method: "PUT", path: "/api/portfolios/" + f.folio, token: f.alice, body: `{"name":"Main","note":"` + strings.Repeat("n", 2001) + `"}`, wantStatus: 400},
		{name: "duplicate keys", method: "PUT", path: "/api/portfolios/" + f.folio, token: f.alice, body: `{"name":"Main","name":"Other","note":""}`, wantStatus: 400},
		{name: "wrong content type import", method: "POST", path: "/api/portfolios/" + f.folio + "/import", token: f.alice, body: "\x00\x01binary", wantStatus: 415},
		{name: "data unchanged", method: "GET", path: "/api/export.json", token: f.alice, wantStatus: 200,
			after: func(t *testing.T, r response) {
				if stripExportTime(r.Body) != stripExportTime(before) {
					t.Fatalf("hostile requests changed the data:\nbefore %s\nafter  %s", before, r.Body)
				}
			}},
	})
}

// TestHostileSplitRuns records runs of extreme split ratios after an
// as-traded buy: the split that would restate the buy past the bounds the
// analytics compute with is refused with 409 and changes nothing, and the
// holdings stay a JSON answer (an endless run once overflowed the
// quantity to +Inf, which answered 200 with an empty body).
func TestHostileSplitRuns(t *testing.T) {
	for _, tc := range []struct {
		name  string
		ratio float64
	}{
		{"forward 1000-for-1", 1000},
		{"reverse 1-for-1000", 0.001},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newPFFixture(t)
			f.addTx(t, wire.TransactionInput{Date: "2010-01-04", Kind: "buy", Ticker: "MSFT", Quantity: 1e9, Price: 1, Basis: "as_traded"})
			tx := "/api/portfolios/" + f.folio + "/transactions"
			day := time.Date(2010, 2, 1, 0, 0, 0, 0, time.UTC)
			var refused response
			var before string
			for i := 0; i < 110 && refused.Status == 0; i++ {
				before = f.ts.do("GET", "/api/export.json", f.alice, nil).Body
				in := wire.TransactionInput{Date: day.AddDate(0, 0, i).Format(time.DateOnly), Kind: "split", Ticker: "MSFT", Ratio: tc.ratio}
				if r := f.ts.do("POST", tx, f.alice, in); r.Status != http.StatusCreated {
					refused = r
				}
			}
			if refused.Status != http.StatusConflict || !strings.Contains(refused.Body, "position_conflict") {
				t.Fatalf("no split of the run was refused with 409 (last answer %d %s)", refused.Status, refused.Body)
			}
			if after := f.ts.do("GET", "/api/export.json", f.alice, nil).Body; stripExportTime(after) != stripExportTime(before) {
				t.Fatal("the refused split changed the data")
			}
			r := f.ts.do("GET", "/api/portfolios/"+f.folio+"/holdings", f.alice, nil)
			expectStatus(t, r, http.StatusOK)
			var h wire.Holdings
			mustJSON(t, r.Body, &h)
		})
	}
}

// TestHostileAssetCloses gives a custom asset closes that swing between
// the smallest and the largest accepted close every day: each endpoint
// that computes with them still answers JSON, and the simulation, whose
// compounded paths leave the range of numbers, is a 400 (it once answered
// 200 with an empty body). A denormal close is refused outright.
func TestHostileAssetCloses(t *testing.T) {
	f := newPFFixture(t)
	r := f.ts.do("POST", "/api/assets", f.alice, wire.AssetInput{Symbol: "SWING", Name: "Swing", Currency: "USD", Kind: "stock"})
	expectStatus(t, r, http.StatusCreated)
	var asset wire.Asset
	mustJSON(t, r.Body, &asset)
	prices := "/api/assets/" + asset.ID + "/prices"
	tiny := wire.AssetPrices{Prices: []wire.AssetPrice{{Date: "2017-01-03", Close: 5e-324}, {Date: "2017-01-04", Close: 1}}}
	expectStatus(t, f.ts.do("PUT", prices, f.alice, tiny), http.StatusBadRequest)
	var swing wire.AssetPrices
	for d := time.Date(2017, 1, 2, 0, 0, 0, 0, time.UTC); len(swing.Prices) < 120; d = d.AddDate(0, 0, 1) {
		if d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
			continue
		}
		swing.Prices = append(swing.Prices, wire.AssetPrice{Date: d.Format(time.DateOnly), Close: [2]float64{1e-6, 1e9}[len(swing.Prices)%2]})
	}
	expectStatus(t, f.ts.do("PUT", prices, f.alice, swing), http.StatusOK)
	f.addTx(t, wire.TransactionInput{Date: swing.Prices[0].Date, Kind: "buy", Ticker: "SWING", Quantity: 1e9, Price: 1e-6})
	folio := "/api/portfolios/" + f.folio
	for _, tc := range []struct {
		path       string
		wantStatus int
	}{
		{folio + "/forecast", http.StatusBadRequest},
		{folio + "/holdings", http.StatusOK},
		{folio + "/analytics?benchmark=SWING", http.StatusOK},
	} {
		r := f.ts.do("GET", tc.path, f.alice, nil)
		if r.Status != tc.wantStatus || !json.Valid([]byte(r.Body)) {
			t.Errorf("GET %s: %d %q, want %d with JSON", tc.path, r.Status, r.Body, tc.wantStatus)
		}
	}
}
