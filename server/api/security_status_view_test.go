package api_test

import (
	"net/http"
	"testing"
)

// operational are the JSON members only administrators see.
var operational = []string{`"build"`, `"go_version"`, `"modules"`, `"entries"`, `"last_entry_at"`, `"last_success"`, `"count"`, `"broken_at"`}

// TestSecurityStatusViews: without an admin token the status holds the
// security facts only; an administrator sees the operational details.
func TestSecurityStatusViews(t *testing.T) {
	t.Parallel()
	f := newAdminFixture(t)
	if r := f.do("POST", "/api/admin/backups", f.adminTok, nil); r.Status >= 300 {
		t.Fatalf("backup: %d %s", r.Status, r.Body)
	}
	facts := []string{`"detailed":false`, `"headers"`, `"Content-Security-Policy"`, `"min_version":"TLS 1.2"`,
		`"token_lifetime":"15 minutes"`, `"bcrypt_cost"`, `"schedule"`, `"state":"verified"`, `"ok":true`, `"common_password_rule":"the UK NCSC`}
	f.runScenarios(t, []scenario{
		{name: "no token", method: "GET", path: "/api/security/status", wantStatus: http.StatusOK, want: facts, notWant: operational},
		{name: "user token", method: "GET", path: "/api/security/status", token: f.userTok, wantStatus: http.StatusOK, want: facts, notWant: operational},
		{name: "bad token", method: "GET", path: "/api/security/status", token: "not.a.token", wantStatus: http.StatusOK, want: facts, notWant: operational},
		{name: "admin token", method: "GET", path: "/api/security/status", token: f.adminTok, wantStatus: http.StatusOK,
			want: []string{`"detailed":true`, `"go_version":"go`, `"modules"`, `"entries":`, `"last_entry_at"`, `"last_success"`, `"count":1`}},
	})
}
