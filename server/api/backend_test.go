package api_test

import (
	"database/sql"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/fortfolio/fortfolio/server/store/pgtest"
	"github.com/fortfolio/fortfolio/server/store/storetest"
)

// The API suite runs on SQLite by default and on PostgreSQL when
// FORTFOLIO_TEST_BACKEND=postgres (make test runs both).
func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// databases maps a test's data directory to its PostgreSQL database, so a
// server restarted on the same directory finds the same data.
var databases sync.Map

// testDatabase returns the --database URL for a test server on dataDir:
// on the PostgreSQL run the directory's database (a fresh one the first
// time), else "".
func testDatabase(t *testing.T, dataDir string) string {
	t.Helper()
	if !onPostgres() {
		return ""
	}
	if u, ok := databases.Load(dataDir); ok {
		return u.(string)
	}
	u := pgtest.URL(t)
	databases.Store(dataDir, u)
	return u
}

func onPostgres() bool { return os.Getenv("FORTFOLIO_TEST_BACKEND") == "postgres" }

// sqliteOnly skips a test about SQLite's files on the PostgreSQL run.
func sqliteOnly(t *testing.T, why string) {
	t.Helper()
	if onPostgres() {
		t.Skip("SQLite only: " + why)
	}
}

// accountsDB opens the test server's accounts tables directly (read-only
// on SQLite), for tests that check what is stored.
func accountsDB(t *testing.T, ts *testServer) *sql.DB {
	t.Helper()
	driver, dsn := "sqlite", "file:"+filepath.Join(ts.DataDir, "fortfolio.db")+"?mode=ro"
	if ts.Database != "" {
		driver, dsn = "pgx", ts.Database
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// scanAccounts looks for needles in every cell of the accounts tables.
func scanAccounts(t *testing.T, ts *testServer, needles ...string) storetest.Scan {
	t.Helper()
	if ts.Database != "" {
		return storetest.ScanPostgres(t, ts.Database, needles...)
	}
	return storetest.ScanDB(t, filepath.Join(ts.DataDir, "fortfolio.db"), needles...)
}
