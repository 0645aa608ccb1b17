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
	for _, sc := range adminRoutes(f.adminID) {
		t.Run(sc.name, func(t *testing.T) {
			before := len(f.events("forbidden_admin"))
			r := f.do(sc.method, sc.path, f.userTok, sc.body)
			expect(t, r, http.StatusForbidden)
			if strings.Contains(r.Body, "admin") {
				t.Errorf("403 body reveals detail: %s", r.Body)
			}
			ev := f.events("forbidden_admin")
			if len(ev) != before+1 || ev[0].UserID != f.userID || ev[0].IP == "" {
				t.Fatalf("forbidden_admin event not recorded with user and IP: %+v", ev)
			}
			expect(t, f.do(sc.method, sc.path, "", sc.body), http.StatusUnauthorized)
		})
	}
	// Nothing changed: the admin still is, the target still logs in.
	expect(t, f.do("GET", "/api/admin/users", f.adminTok, nil), http.StatusOK)
	if s := f.loginStatus("root-admin", adminPassword); s != http.StatusOK {
		t.Fatalf("admin login after forbidden attempts: %d", s)
	}
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
	})
	// The user was not promoted by any of the refused requests.
	expect(t, f.do("GET", "/api/admin/users", f.userTok, nil), http.StatusForbidden)
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
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			r := f.do("GET", "/api/admin/users"+tc.query, f.adminTok, nil)
			expect(t, r, http.StatusOK)
			if strings.Contains(r.Body, "$2a$") || strings.Contains(r.Body, "hash") {
				t.Fatalf("user list leaks hashes: %s", r.Body)
			}
			var out wire.AdminUserList
			decode(t, r, &out)
			var names []string
			for _, u := range out.Users {
				names = append(names, u.Username)
			}
			if out.Total != tc.total || strings.Join(names, ",") != strings.Join(tc.names, ",") {
				t.Fatalf("got total %d %v, want %d %v", out.Total, names, tc.total, tc.names)
			}
		})
	}
}

func TestAdminResetPassword(t *testing.T) {
	f := newAdminFixture(t)
	r := f.do("POST", "/api/admin/users/"+f.userID+"/reset-password", f.adminTok, nil)
	expect(t, r, http.StatusOK)
	var tp wire.TemporaryPassword
	decode(t, r, &tp)
	if len(tp.Password) < 16 || tp.Username != "alice" {
		t.Fatalf("weak or missing temporary password: %+v", tp)
	}
	expect(t, f.do("GET", "/api/me", f.userTok, nil), http.StatusUnauthorized)
	if s := f.loginStatus("alice", adminPassword); s != http.StatusUnauthorized {
		t.Fatalf("old password still works: %d", s)
	}
	lr := f.do("POST", "/api/auth/login", "", wire.Credentials{Username: "alice", Password: tp.Password})
	expect(t, lr, http.StatusOK)
	var login wire.LoginResponse
	decode(t, lr, &login)
	if !login.MustChangePassword || !strings.Contains(lr.Body, "reset your password") {
		t.Fatalf("temporary password does not force a change or notify: %s", lr.Body)
	}
	expect(t, f.do("GET", "/api/admin/users", login.Token.Token, nil), http.StatusForbidden)
	change := wire.ChangePassword{CurrentPassword: tp.Password, NewPassword: "a-brand-new-secret-42"}
	expect(t, f.do("POST", "/api/auth/change-password", login.Token.Token, change), http.StatusOK)
	if s := f.loginStatus("alice", tp.Password); s != http.StatusUnauthorized {
		t.Fatalf("temporary password works twice: %d", s)
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
	if s := f.loginStatus("alice", "wrong-password-1"); s != http.StatusUnauthorized {
		t.Fatalf("wrong password: %d", s)
	}
	expect(t, f.do("POST", "/api/admin/users/"+f.userID+"/lock", f.adminTok, nil), http.StatusOK)
	expect(t, f.do("GET", "/api/me", f.userTok, nil), http.StatusUnauthorized)
	if s := f.loginStatus("alice", adminPassword); s != http.StatusUnauthorized {
		t.Fatalf("locked account logged in: %d", s)
	}
	var list wire.AdminUserList
	decode(t, f.do("GET", "/api/admin/users?q=alice", f.adminTok, nil), &list)
	if len(list.Users) != 1 || !list.Users[0].Locked || !list.Users[0].AdminLocked || list.Users[0].FailedAttempts != 1 {
		t.Fatalf("lock not shown: %+v", list.Users)
	}
	expect(t, f.do("POST", "/api/admin/users/"+f.adminID+"/lock", f.adminTok, nil), http.StatusConflict)
	expect(t, f.do("POST", "/api/admin/users/"+f.userID+"/unlock", f.adminTok, nil), http.StatusOK)
	decode(t, f.do("GET", "/api/admin/users?q=alice", f.adminTok, nil), &list)
	if list.Users[0].Locked || list.Users[0].FailedAttempts != 0 {
		t.Fatalf("unlock did not clear lock and failures: %+v", list.Users[0])
	}
	lr := f.do("POST", "/api/auth/login", "", wire.Credentials{Username: "alice", Password: adminPassword})
	expect(t, lr, http.StatusOK)
	for _, want := range []string{"locked your account", "unlocked your account"} {
		if !strings.Contains(lr.Body, want) {
			t.Errorf("login notifications lack %q: %s", want, lr.Body)
		}
	}
}

func TestAdminRoleAndLastAdmin(t *testing.T) {
	f := newAdminFixture(t)
	role := func(tok, id, to string) response {
		return f.do("PUT", "/api/admin/users/"+id+"/role", tok, wire.RoleChange{Role: to})
	}
	expect(t, role(f.adminTok, f.adminID, "user"), http.StatusConflict)
	expect(t, f.do("DELETE", "/api/admin/users/"+f.adminID, f.adminTok, nil), http.StatusConflict)
	expect(t, role(f.adminTok, f.userID, "admin"), http.StatusOK)
	expect(t, f.do("GET", "/api/me", f.userTok, nil), http.StatusUnauthorized)
	aliceTok, _ := f.login("alice", adminPassword)
	expect(t, f.do("GET", "/api/admin/users", aliceTok, nil), http.StatusOK)
	expect(t, role(aliceTok, f.adminID, "user"), http.StatusOK)
	expect(t, f.do("GET", "/api/admin/users", f.adminTok, nil), http.StatusUnauthorized)
	rootTok, _ := f.login("root-admin", adminPassword)
	expect(t, f.do("GET", "/api/admin/users", rootTok, nil), http.StatusForbidden)
	expect(t, role(aliceTok, f.userID, "user"), http.StatusConflict)
}

func TestAdminDeleteUser(t *testing.T) {
	f := newAdminFixture(t)
	if _, err := f.Platform.Store.UserDB(context.Background(), f.userID); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(f.DataDir, "users", f.userID)
	if _, err := os.Stat(dir); err != nil {
		t.Fatalf("user dir missing before delete: %v", err)
	}
	expect(t, f.do("DELETE", "/api/admin/users/"+f.userID, f.adminTok, nil), http.StatusNoContent)
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatalf("user dir still there: %v", err)
	}
	expect(t, f.do("GET", "/api/me", f.userTok, nil), http.StatusUnauthorized)
	if s := f.loginStatus("alice", adminPassword); s != http.StatusUnauthorized {
		t.Fatalf("deleted account logged in: %d", s)
	}
	expect(t, f.do("DELETE", "/api/admin/users/"+f.userID, f.adminTok, nil), http.StatusNotFound)
	if _, err := os.Stat(filepath.Join(f.DataDir, "users")); err != nil {
		t.Fatalf("users dir removed: %v", err)
	}
}
