package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// TestAdminExportUser checks the admin's final export before a delete: the
// same document the user downloads, audited, and the usual id rules.
func TestAdminExportUser(t *testing.T) {
	f := newAdminFixture(t)
	r := f.do("POST", "/api/portfolios", f.userTok, wire.PortfolioInput{Name: "Alice <b>pension</b>"})
	expect(t, r, http.StatusCreated)
	var p wire.Portfolio
	decode(t, r, &p)
	tx := wire.TransactionInput{Date: "2010-01-04", Kind: "buy", Ticker: "AAPL", Quantity: 10, Price: 30}
	expect(t, f.do("POST", "/api/portfolios/"+p.ID+"/transactions", f.userTok, tx), http.StatusCreated)

	path := "/api/admin/users/" + f.userID + "/export.json"
	f.runScenarios(t, []scenario{
		{name: "user's own export", method: "GET", path: "/api/export.json", token: f.userTok, wantStatus: 200,
			want: []string{`"format":"fortfolio-export-v1"`, `"username":"alice"`}},
		{name: "admin export", method: "GET", path: path, token: f.adminTok, wantStatus: 200,
			want:    []string{`"format":"fortfolio-export-v1"`, `"username":"alice"`, `"ticker":"AAPL"`, `Alice \u003cb\u003epension`},
			notWant: []string{"root-admin", "password", "hash", "<b>"}},
		{name: "not for users", method: "GET", path: "/api/admin/users/" + f.adminID + "/export.json", token: f.userTok, wantStatus: 403},
		{name: "no token", method: "GET", path: path, wantStatus: 401},
		{name: "unknown id", method: "GET", path: "/api/admin/users/nosuchuser/export.json", token: f.adminTok, wantStatus: 404},
		{name: "bad id", method: "GET", path: "/api/admin/users/a.b/export.json", token: f.adminTok, wantStatus: 400, want: []string{"invalid_identifier"}},
		{name: "long id", method: "GET", path: "/api/admin/users/" + strings.Repeat("x", 65) + "/export.json", token: f.adminTok, wantStatus: 400},
	})

	var own wire.ExportData
	f.runScenarios(t, []scenario{
		{name: "the user's document", method: "GET", path: "/api/export.json", token: f.userTok, wantStatus: 200,
			after: func(t *testing.T, r response) { decode(t, r, &own) }},
		{name: "the admin gets the same document", method: "GET", path: path, token: f.adminTok, wantStatus: 200,
			wantHeader: map[string]string{"Cache-Control": "no-store"},
			after: func(t *testing.T, r response) {
				var adm wire.ExportData
				decode(t, r, &adm)
				if len(own.Portfolios) != 1 || len(adm.Portfolios) != 1 || len(adm.Portfolios[0].Transactions) != 1 ||
					own.User.ID != adm.User.ID || own.User.Username != adm.User.Username || own.Portfolios[0].Portfolio.ID != adm.Portfolios[0].Portfolio.ID {
					t.Fatalf("admin export differs from the user's own:\n%+v\n%+v", own, adm)
				}
			}},
		{name: "audited", method: "GET", path: "/api/admin/audit?action=admin.user.export", token: f.adminTok, wantStatus: http.StatusOK,
			want: []string{`"actor":"` + f.adminID + `"`, `"target":"` + f.userID + `"`, `"username":"alice"`}},
	})
}
