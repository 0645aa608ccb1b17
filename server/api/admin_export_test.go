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

	own := f.do("GET", "/api/export.json", f.userTok, nil)
	adm := f.do("GET", path, f.adminTok, nil)
	var a, b wire.ExportData
	decode(t, own, &a)
	decode(t, adm, &b)
	if len(a.Portfolios) != 1 || len(b.Portfolios) != 1 || len(b.Portfolios[0].Transactions) != 1 ||
		a.User.ID != b.User.ID || a.User.Username != b.User.Username || a.Portfolios[0].Portfolio.ID != b.Portfolios[0].Portfolio.ID {
		t.Fatalf("admin export differs from the user's own:\n%+v\n%+v", a, b)
	}
	if adm.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("Cache-Control = %q", adm.Header.Get("Cache-Control"))
	}

	al := f.do("GET", "/api/admin/audit?action=admin.user.export", f.adminTok, nil)
	expect(t, al, http.StatusOK)
	for _, want := range []string{`"actor":"` + f.adminID + `"`, `"target":"` + f.userID + `"`, `"username":"alice"`} {
		if !strings.Contains(al.Body, want) {
			t.Errorf("audit lacks %s: %s", want, al.Body)
		}
	}
}
