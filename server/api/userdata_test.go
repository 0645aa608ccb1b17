package api_test

import (
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// TestMissingUserDatabaseIsolatesThatUser: after a restart with one user's
// portfolio database gone, that user gets a clear 503, nothing is
// re-created, admins see a security event and everyone else works.
func TestMissingUserDatabaseIsolatesThatUser(t *testing.T) {
	sqliteOnly(t, "a user's portfolio database file goes missing")
	data := t.TempDir()
	ts := newTestServer(t, testOptions{dev: true, data: data})
	adminTok, _ := ts.registerAndLogin("root", "correct horse battery")
	aliceTok, aliceID := ts.registerAndLogin("alice", "correct horse battery")
	for _, tok := range []string{adminTok, aliceTok} {
		if r := ts.do("POST", "/api/portfolios", tok, wire.PortfolioInput{Name: "Main"}); r.Status != http.StatusCreated {
			t.Fatalf("create: %d %s", r.Status, r.Body)
		}
	}
	ts.Platform.Close()
	db := filepath.Join(data, "users", aliceID, "portfolio.db")
	for _, f := range []string{db, db + "-wal", db + "-shm"} {
		_ = os.Remove(f)
	}
	again := newTestServer(t, testOptions{dev: true, data: data})
	again.runScenarios(t, []scenario{
		{name: "alice list", method: "GET", path: "/api/portfolios", token: aliceTok, wantStatus: http.StatusServiceUnavailable,
			want: []string{`"code":"user_data_missing"`, "administrator has been alerted"}},
		{name: "alice create", method: "POST", path: "/api/portfolios", token: aliceTok, body: wire.PortfolioInput{Name: "New"},
			wantStatus: http.StatusServiceUnavailable, want: []string{"user_data_missing"}},
		{name: "admin unaffected", method: "GET", path: "/api/portfolios", token: adminTok, wantStatus: http.StatusOK, want: []string{`"name":"Main"`}},
		{name: "admin sees the event", method: "GET", path: "/api/admin/security-events?kind=user_data_missing", token: adminTok,
			wantStatus: http.StatusOK, want: []string{aliceID, "restore it from a backup"}},
	})
	if _, err := os.Stat(db); err == nil {
		t.Fatal("alice's database was re-created")
	}
}
