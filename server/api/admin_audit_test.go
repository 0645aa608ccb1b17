package api_test

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fortfolio/fortfolio/server/store/pgtest"
	"github.com/fortfolio/fortfolio/shared/wire"
)

func TestAdminAuditQuery(t *testing.T) {
	f := newAdminFixture(t)
	tests := []struct {
		query   string
		actions []string
	}{
		{"?action=admin.user.lock", []string{"admin.user.lock"}},
		{"?action=admin.*", []string{"admin.user.unlock", "admin.user.lock"}},
		{"?action=admin.*&limit=1&offset=1", []string{"admin.user.lock"}},
		{"?user=" + f.adminID + "&action=admin.user.unlock", []string{"admin.user.unlock"}},
		{"?user=" + f.userID + "&action=admin.*", nil},
		{"?user=root-admin&action=admin.user.lock", []string{"admin.user.lock"}},
		{"?user=nobody.here&action=admin.*", nil},
		{"?action=admin.*&since=2000-01-01&until=2000-01-02", nil},
	}
	table := []scenario{
		{name: "lock", method: "POST", path: "/api/admin/users/" + f.userID + "/lock", token: f.adminTok, wantStatus: http.StatusOK},
		{name: "unlock", method: "POST", path: "/api/admin/users/" + f.userID + "/unlock", token: f.adminTok, wantStatus: http.StatusOK},
	}
	for _, tc := range tests {
		table = append(table, scenario{name: tc.query, method: "GET", path: "/api/admin/audit" + tc.query, token: f.adminTok, wantStatus: http.StatusOK,
			after: func(t *testing.T, r response) {
				var page wire.AuditPage
				decode(t, r, &page)
				var got []string
				for _, e := range page.Entries {
					got = append(got, e.Action)
					if e.Target != f.userID || e.Details["username"] != "alice" {
						t.Errorf("entry lacks target or username: %+v", e)
					}
					if e.ActorName != "root-admin" || e.TargetName != "alice" {
						t.Errorf("entry names actor %q and target %q, want root-admin and alice", e.ActorName, e.TargetName)
					}
				}
				if strings.Join(got, ",") != strings.Join(tc.actions, ",") {
					t.Fatalf("actions %v, want %v", got, tc.actions)
				}
			}})
	}
	f.runScenarios(t, table)
}

// TestAdminAuditVerify checks the chain through the API, then breaks it by
// editing, deleting and reordering lines.
func TestAdminAuditVerify(t *testing.T) {
	sqliteOnly(t, "on PostgreSQL the panel verifies the shared audit table (TestAdminAuditVerifySharedTable)")
	tamper := map[string]func(lines []string) []string{
		"edit":    func(l []string) []string { l[1] = strings.Replace(l[1], "auth.", "admin.", 1); return l },
		"delete":  func(l []string) []string { return append(l[:1], l[2:]...) },
		"reorder": func(l []string) []string { l[1], l[2] = l[2], l[1]; return l },
	}
	verify := func(check func(t *testing.T, v wire.AuditVerify)) func(*testing.T, response) {
		return func(t *testing.T, r response) {
			var v wire.AuditVerify
			decode(t, r, &v)
			check(t, v)
		}
	}
	for name, fn := range tamper {
		t.Run(name, func(t *testing.T) {
			f := newAdminFixture(t)
			var file string
			f.runScenarios(t, []scenario{
				{name: "fresh chain verifies", method: "GET", path: "/api/admin/audit/verify", token: f.adminTok, wantStatus: http.StatusOK,
					after: verify(func(t *testing.T, v wire.AuditVerify) {
						if !v.OK || v.Entries < 4 {
							t.Fatalf("fresh chain does not verify: %+v", v)
						}
					})},
				{name: "tampered chain is caught at line 2", method: "GET", path: "/api/admin/audit/verify", token: f.adminTok, wantStatus: http.StatusOK,
					before: func(t *testing.T, _ *scenario) {
						files, _ := filepath.Glob(filepath.Join(f.DataDir, "audit", "*.jsonl"))
						if len(files) == 0 {
							t.Fatal("no audit file")
						}
						file = files[0]
						b, err := os.ReadFile(file)
						if err != nil {
							t.Fatal(err)
						}
						lines := fn(strings.Split(strings.TrimSuffix(string(b), "\n"), "\n"))
						if err := os.WriteFile(file, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
							t.Fatal(err)
						}
					},
					after: verify(func(t *testing.T, v wire.AuditVerify) {
						if v.OK || v.BrokenLine != 2 || v.BrokenFile != filepath.Base(file) {
							t.Fatalf("tampering (%s) not detected at line 2: %+v", name, v)
						}
					})},
			})
		})
	}
}

func TestAdminSecurityEvents(t *testing.T) {
	f := newAdminFixture(t)
	wrong := wire.Credentials{Username: "alice", Password: "wrong-password-1"}
	var table []scenario
	for i := range 3 {
		table = append(table, scenario{name: fmt.Sprintf("failed login %d", i+1), method: "POST", path: "/api/auth/login", body: wrong, wantStatus: http.StatusUnauthorized})
	}
	table = append(table,
		scenario{name: "forbidden admin call", method: "GET", path: "/api/admin/users", token: f.userTok, wantStatus: http.StatusForbidden},
		scenario{name: "events", method: "GET", path: "/api/admin/security-events?kind=login_failure&limit=2", token: f.adminTok, wantStatus: http.StatusOK,
			after: func(t *testing.T, r response) {
				var out wire.SecurityEvents
				decode(t, r, &out)
				if len(out.Events) != 2 || out.Events[0].Kind != "login_failure" {
					t.Fatalf("events: %+v", out.Events)
				}
				// The account is named as in the audit viewer, not by id alone.
				if e := out.Events[0]; e.UserID == "" || e.UserName != "alice" {
					t.Fatalf("event account: id %q name %q", e.UserID, e.UserName)
				}
				if out.Counts24["login_failure"] != 3 || out.Counts7d["forbidden_admin"] != 1 {
					t.Fatalf("counts: 24h %v 7d %v", out.Counts24, out.Counts7d)
				}
			}})
	f.runScenarios(t, table)
}

// TestServerErrorEvent makes the audit directory unreadable so verify
// fails with a 500: the client gets a generic message with the request id
// and admins get a server_error event with the same id.
func TestServerErrorEvent(t *testing.T) {
	f := newAdminFixture(t)
	dir := filepath.Join(f.DataDir, "audit")
	if err := os.Rename(dir, dir+".moved"); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dir, []byte("not a directory"), 0o600); err != nil {
		t.Fatal(err)
	}
	if f.Database != "" { // the panel verifies the shared table there
		if err := pgtest.AsSuperuser(t, f.Database, `ALTER TABLE audit_outbox RENAME TO audit_outbox_moved`); err != nil {
			t.Fatal(err)
		}
	}
	f.runScenarios(t, []scenario{
		{name: "verify fails", method: "GET", path: "/api/admin/audit/verify", token: f.adminTok, wantStatus: http.StatusInternalServerError,
			notWant: []string{"not a directory", f.DataDir},
			after: func(t *testing.T, r response) {
				id := r.Header.Get("X-Request-Id")
				if id == "" || !strings.Contains(r.Body, id) {
					t.Fatalf("500 body: %s (request id %q)", r.Body, id)
				}
				ev := f.events("server_error")
				if len(ev) != 1 || ev[0].RequestID != id || ev[0].UserID != f.adminID || !strings.Contains(ev[0].Detail, "/api/admin/audit/verify") {
					t.Fatalf("server_error event: %+v", ev)
				}
			}},
	})
}
