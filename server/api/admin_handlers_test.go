package api_test

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// adminRoutes lists every /api/admin endpoint with a valid request.
func adminRoutes(target string) []scenario {
	return []scenario{
		{name: "list users", method: "GET", path: "/api/admin/users"},
		{name: "reset", method: "POST", path: "/api/admin/users/" + target + "/reset-password"},
		{name: "lock", method: "POST", path: "/api/admin/users/" + target + "/lock"},
		{name: "unlock", method: "POST", path: "/api/admin/users/" + target + "/unlock"},
		{name: "role", method: "PUT", path: "/api/admin/users/" + target + "/role", body: wire.RoleChange{Role: "admin"}},
		{name: "delete", method: "DELETE", path: "/api/admin/users/" + target},
		{name: "export", method: "GET", path: "/api/admin/users/" + target + "/export.json"},
		{name: "audit", method: "GET", path: "/api/admin/audit"},
		{name: "verify", method: "GET", path: "/api/admin/audit/verify"},
		{name: "events", method: "GET", path: "/api/admin/security-events"},
		{name: "backups", method: "GET", path: "/api/admin/backups"},
		{name: "backup now", method: "POST", path: "/api/admin/backups"},
	}
}

func TestAdminRoutesForbidUsers(t *testing.T) {
	f := newAdminFixture(t)
	var table []scenario
	for _, route := range adminRoutes(f.adminID) {
		before := 0
		asUser, signedOut := route, route
		asUser.name, asUser.token, asUser.wantStatus = route.name+" as user", f.userTok, http.StatusForbidden
		asUser.notWant = []string{"admin"} // a 403 reveals no detail
		asUser.before = func(*testing.T, *scenario) { before = len(f.events("forbidden_admin")) }
		asUser.after = func(t *testing.T, _ response) {
			ev := f.events("forbidden_admin")
			if len(ev) != before+1 || ev[0].UserID != f.userID || ev[0].IP == "" {
				t.Fatalf("forbidden_admin event not recorded with user and IP: %+v", ev)
			}
		}
		signedOut.name, signedOut.wantStatus = route.name+" signed out", http.StatusUnauthorized
		table = append(table, asUser, signedOut)
	}
	// Nothing changed: the admin still is, and still logs in.
	table = append(table,
		scenario{name: "admin still admin", method: "GET", path: "/api/admin/users", token: f.adminTok, wantStatus: http.StatusOK},
		scenario{name: "admin still logs in", method: "POST", path: "/api/auth/login", body: wire.Credentials{Username: "root-admin", Password: adminPassword}, wantStatus: http.StatusOK})
	f.runScenarios(t, table)
}

func TestAdminBadInput(t *testing.T) {
	f := newAdminFixture(t)
	tok := f.adminTok
	f.runScenarios(t, []scenario{
		{name: "bad id", method: "POST", path: "/api/admin/users/..%2f..%2fetc/lock", token: tok, wantStatus: 400, want: []string{"Invalid identifier"}},
		{name: "long id", method: "DELETE", path: "/api/admin/users/" + strings.Repeat("a", 65), token: tok, wantStatus: 400, want: []string{"invalid_identifier"}},
		{name: "unknown id", method: "POST", path: "/api/admin/users/nosuchuser/unlock", token: tok, wantStatus: 404},
		{name: "bad role", method: "PUT", path: "/api/admin/users/" + f.userID + "/role", token: tok, body: wire.RoleChange{Role: "root"}, wantStatus: 400},
		{name: "unknown field", method: "PUT", path: "/api/admin/users/" + f.userID + "/role", token: tok, body: `{"role":"admin","id":"x"}`, wantStatus: 400},
		{name: "case-folded field", method: "PUT", path: "/api/admin/users/" + f.userID + "/role", token: tok, body: `{"ROLE":"admin"}`, wantStatus: 400},
		{name: "bad limit", method: "GET", path: "/api/admin/users?limit=1000", token: tok, wantStatus: 400},
		{name: "negative offset", method: "GET", path: "/api/admin/users?offset=-1", token: tok, wantStatus: 400},
		{name: "control chars in search", method: "GET", path: "/api/admin/users?q=%07", token: tok, wantStatus: 400},
		{name: "bad since", method: "GET", path: "/api/admin/audit?since=2024-13-01", token: tok, wantStatus: 400},
		{name: "bad until", method: "GET", path: "/api/admin/audit?until=yesterday", token: tok, wantStatus: 400},
		{name: "reversed range", method: "GET", path: "/api/admin/audit?since=2024-02-01&until=2024-01-01", token: tok, wantStatus: 400},
		{name: "bad action", method: "GET", path: "/api/admin/audit?action=DROP%20TABLE", token: tok, wantStatus: 400},
		{name: "bad user", method: "GET", path: "/api/admin/audit?user=a/b", token: tok, wantStatus: 400},
		{name: "bad audit limit", method: "GET", path: "/api/admin/audit?limit=0", token: tok, wantStatus: 400},
		{name: "bad kind", method: "GET", path: "/api/admin/security-events?kind=%3Cscript%3E", token: tok, wantStatus: 400},
		{name: "bad events limit", method: "GET", path: "/api/admin/security-events?limit=x", token: tok, wantStatus: 400},
		// The user was not promoted by any of the refused requests.
		{name: "user not promoted", method: "GET", path: "/api/admin/users", token: f.userTok, wantStatus: 403},
	})
}

func TestAdminListUsers(t *testing.T) {
	f := newAdminFixture(t)
	f.registerAndLogin("bob_smith", adminPassword)
	f.registerAndLogin("bobby", adminPassword)
	tests := []struct {
		query string
		total int
		names []string
	}{
		{"", 4, []string{"alice", "bob_smith", "bobby", "root-admin"}},
		{"?q=BOB", 2, []string{"bob_smith", "bobby"}},
		{"?q=_", 1, []string{"bob_smith"}},
		{"?q=%25", 0, nil},
		{"?limit=2&offset=1", 4, []string{"bob_smith", "bobby"}},
		{"?offset=10", 4, nil},
	}
	var table []scenario
	for _, tc := range tests {
		table = append(table, scenario{name: tc.query, method: "GET", path: "/api/admin/users" + tc.query, token: f.adminTok,
			wantStatus: http.StatusOK, notWant: []string{"$2a$", "hash"}, // no password hashes in the list
			after: func(t *testing.T, r response) {
				var out wire.AdminUserList
				decode(t, r, &out)
				var names []string
				for _, u := range out.Users {
					names = append(names, u.Username)
				}
				if out.Total != tc.total || strings.Join(names, ",") != strings.Join(tc.names, ",") {
					t.Fatalf("got total %d %v, want %d %v", out.Total, names, tc.total, tc.names)
				}
			}})
	}
	f.runScenarios(t, table)
}

func TestAdminResetPassword(t *testing.T) {
	f := newAdminFixture(t)
	var tp wire.TemporaryPassword
	var tempTok string
	login := func(password *string) func(*testing.T, *scenario) {
		return func(_ *testing.T, sc *scenario) { sc.body = wire.Credentials{Username: "alice", Password: *password} }
	}
	old := adminPassword
	f.runScenarios(t, []scenario{
		{name: "reset", method: "POST", path: "/api/admin/users/" + f.userID + "/reset-password", token: f.adminTok, wantStatus: http.StatusOK,
			after: func(t *testing.T, r response) {
				decode(t, r, &tp)
				if len(tp.Password) < 16 || tp.Username != "alice" {
					t.Fatalf("weak or missing temporary password: %+v", tp)
				}
			}},
		{name: "old token dead", method: "GET", path: "/api/me", token: f.userTok, wantStatus: http.StatusUnauthorized},
		{name: "old password refused", method: "POST", path: "/api/auth/login", before: login(&old), wantStatus: http.StatusUnauthorized},
		{name: "temporary password logs in", method: "POST", path: "/api/auth/login", before: login(&tp.Password),
			wantStatus: http.StatusOK, want: []string{"reset your password"},
			after: func(t *testing.T, r response) {
				var lr wire.LoginResponse
				decode(t, r, &lr)
				if !lr.MustChangePassword {
					t.Fatalf("temporary password does not force a change: %s", r.Body)
				}
				tempTok = lr.Token.Token
			}},
		{name: "temporary session is no admin", method: "GET", path: "/api/admin/users", before: withToken(&tempTok), wantStatus: http.StatusForbidden},
		{name: "change password", method: "POST", path: "/api/auth/change-password", wantStatus: http.StatusOK,
			before: func(_ *testing.T, sc *scenario) {
				sc.token, sc.body = tempTok, wire.ChangePassword{CurrentPassword: tp.Password, NewPassword: "a-brand-new-secret-42"}
			}},
		{name: "temporary password works once", method: "POST", path: "/api/auth/login", before: login(&tp.Password), wantStatus: http.StatusUnauthorized},
	})
	if tp.Password == "" {
		t.Fatal("no temporary password to look for in the audit log")
	}
	assertNotInAudit(t, f, tp.Password)
}

// assertNotInAudit fails when secret appears in any audit file.
func assertNotInAudit(t *testing.T, f *adminFixture, secret string) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(f.DataDir, "audit", "*.jsonl"))
	if len(files) == 0 {
		t.Fatal("no audit files")
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), secret) {
			t.Fatalf("%s holds the secret in clear", name)
		}
	}
}

func TestAdminLockUnlock(t *testing.T) {
	f := newAdminFixture(t)
	alice := func(password string) wire.Credentials { return wire.Credentials{Username: "alice", Password: password} }
	listAlice := func(check func(t *testing.T, u wire.AdminUser)) func(*testing.T, response) {
		return func(t *testing.T, r response) {
			var list wire.AdminUserList
			decode(t, r, &list)
			if len(list.Users) != 1 {
				t.Fatalf("users: %+v", list.Users)
			}
			check(t, list.Users[0])
		}
	}
	f.runScenarios(t, []scenario{
		{name: "wrong password", method: "POST", path: "/api/auth/login", body: alice("wrong-password-1"), wantStatus: http.StatusUnauthorized},
		{name: "lock", method: "POST", path: "/api/admin/users/" + f.userID + "/lock", token: f.adminTok, wantStatus: http.StatusOK},
		{name: "session ended", method: "GET", path: "/api/me", token: f.userTok, wantStatus: http.StatusUnauthorized},
		{name: "locked account: the right password is told why", method: "POST", path: "/api/auth/login", body: alice(adminPassword),
			wantStatus: http.StatusForbidden, want: []string{"locked by an administrator", "account_locked"}, notWant: []string{"token"}},
		{name: "lock shown", method: "GET", path: "/api/admin/users?q=alice", token: f.adminTok, wantStatus: http.StatusOK,
			after: listAlice(func(t *testing.T, u wire.AdminUser) {
				if !u.Locked || !u.AdminLocked || u.FailedAttempts != 1 {
					t.Fatalf("lock not shown: %+v", u)
				}
			})},
		{name: "admin cannot lock self", method: "POST", path: "/api/admin/users/" + f.adminID + "/lock", token: f.adminTok, wantStatus: http.StatusConflict},
		{name: "unlock", method: "POST", path: "/api/admin/users/" + f.userID + "/unlock", token: f.adminTok, wantStatus: http.StatusOK},
		{name: "unlock clears lock and failures", method: "GET", path: "/api/admin/users?q=alice", token: f.adminTok, wantStatus: http.StatusOK,
			after: listAlice(func(t *testing.T, u wire.AdminUser) {
				if u.Locked || u.FailedAttempts != 0 {
					t.Fatalf("unlock did not clear lock and failures: %+v", u)
				}
			})},
		{name: "login notifies lock and unlock", method: "POST", path: "/api/auth/login", body: alice(adminPassword), wantStatus: http.StatusOK,
			want: []string{"locked your account", "unlocked your account"}},
	})
}

func TestAdminRoleAndLastAdmin(t *testing.T) {
	f := newAdminFixture(t)
	role := func(id, to string) scenario {
		return scenario{method: "PUT", path: "/api/admin/users/" + id + "/role", body: wire.RoleChange{Role: to}}
	}
	var aliceTok, rootTok string
	step := func(sc scenario, name string, tok *string, status int) scenario {
		sc.name, sc.before, sc.wantStatus = name, withToken(tok), status
		return sc
	}
	admin := f.adminTok
	f.runScenarios(t, []scenario{
		step(role(f.adminID, "user"), "last admin cannot step down", &admin, http.StatusConflict),
		step(scenario{method: "DELETE", path: "/api/admin/users/" + f.adminID}, "last admin cannot be deleted", &admin, http.StatusConflict),
		step(role(f.userID, "admin"), "promote alice", &admin, http.StatusOK),
		{name: "role change ends alice's session", method: "GET", path: "/api/me", token: f.userTok, wantStatus: http.StatusUnauthorized},
		{name: "alice logs in again", method: "POST", path: "/api/auth/login", body: wire.Credentials{Username: "alice", Password: adminPassword},
			wantStatus: http.StatusOK, after: keepToken(&aliceTok)},
		step(scenario{method: "GET", path: "/api/admin/users"}, "alice is admin", &aliceTok, http.StatusOK),
		step(role(f.adminID, "user"), "alice demotes root", &aliceTok, http.StatusOK),
		step(scenario{method: "GET", path: "/api/admin/users"}, "root's session ended", &admin, http.StatusUnauthorized),
		{name: "root logs in again", method: "POST", path: "/api/auth/login", body: wire.Credentials{Username: "root-admin", Password: adminPassword},
			wantStatus: http.StatusOK, after: keepToken(&rootTok)},
		step(scenario{method: "GET", path: "/api/admin/users"}, "root is no admin", &rootTok, http.StatusForbidden),
		step(role(f.userID, "user"), "alice is now the last admin", &aliceTok, http.StatusConflict),
	})
}

func TestAdminDeleteUser(t *testing.T) {
	f := newAdminFixture(t)
	if err := f.Platform.Store.UserDB(context.Background(), f.userID); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(f.DataDir, "users", f.userID)
	f.runScenarios(t, []scenario{
		{name: "delete", method: "DELETE", path: "/api/admin/users/" + f.userID, token: f.adminTok, wantStatus: http.StatusNoContent,
			before: func(t *testing.T, _ *scenario) {
				if _, err := os.Stat(dir); err != nil && !onPostgres() {
					t.Fatalf("user dir missing before delete: %v", err)
				}
			},
			after: func(t *testing.T, _ response) {
				if _, err := os.Stat(dir); !os.IsNotExist(err) {
					t.Fatalf("user dir still there: %v", err)
				}
			}},
		{name: "session ended", method: "GET", path: "/api/me", token: f.userTok, wantStatus: http.StatusUnauthorized},
		{name: "deleted account refused", method: "POST", path: "/api/auth/login", body: wire.Credentials{Username: "alice", Password: adminPassword}, wantStatus: http.StatusUnauthorized},
		{name: "delete again", method: "DELETE", path: "/api/admin/users/" + f.userID, token: f.adminTok, wantStatus: http.StatusNotFound,
			after: func(t *testing.T, _ response) {
				if _, err := os.Stat(filepath.Join(f.DataDir, "users")); err != nil && !onPostgres() {
					t.Fatalf("users dir removed: %v", err)
				}
			}},
	})
}
