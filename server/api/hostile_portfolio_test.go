package api_test

import (
	"strings"
	"testing"
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
