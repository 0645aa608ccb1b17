package backup

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/server/store"
	"github.com/fortfolio/fortfolio/server/store/pgtest"
	"github.com/jackc/pgx/v5"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// TestRunPostgres backs up a node whose store is in PostgreSQL: the
// archive holds a pg_dump that pg_restore reads (with the users' rows),
// the node's audit log and its files (the node id among them, which keys its
// audit checkpoint in the database), and none of the SQLite files
// left in its data directory.
func TestRunPostgres(t *testing.T) {
	ctx := t.Context()
	url := pgtest.URL(t)
	data := makeDataDir(t)
	st, err := store.Open(ctx, data, store.WithDatabase(url))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.CreatePortfolio(ctx, "alice", "Alice's pension", "", time.Now()); err != nil {
		t.Fatal(err)
	}
	info, err := Run(ctx, Options{DataDir: data, Database: pgtest.BackupURL(t, url), Now: fixed(t0)})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	var dumped []byte
	for _, e := range readArchive(t, info.Path) {
		names = append(names, e.hdr.Name)
		if e.hdr.Name == PGDumpName {
			dumped = e.body
		}
	}
	want := []string{"manifest.json", "audit/audit-2025-05-01.jsonl", "audit/audit-2025-05-02.jsonl",
		PGDumpName, "node-id", "pepper", "secret", "settings.json"}
	if !slices.Equal(names, want) {
		t.Fatalf("entries\n got %v\nwant %v", names, want)
	}
	list := pgRestoreList(t, dumped)
	for _, w := range []string{"TABLE DATA public portfolios", "TABLE DATA public users", "POLICY public portfolios portfolios_owner"} {
		if !strings.Contains(list, w) {
			t.Errorf("pg_restore --list lacks %q:\n%s", w, list)
		}
	}
}

// pgRestoreList returns pg_restore --list of a custom-format dump.
func pgRestoreList(t *testing.T, dump []byte) string {
	t.Helper()
	bin, err := PGTool("pg_restore")
	if err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(t.TempDir(), PGDumpName)
	if err := os.WriteFile(f, dump, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "--list", f).CombinedOutput()
	if err != nil {
		t.Fatalf("pg_restore --list: %v: %s", err, out)
	}
	return string(out)
}

// TestRunPostgresRefused: a role that row-level security limits, or a
// database that cannot be reached, fails the backup saying why, without
// the URL's password, and leaves no archive.
func TestRunPostgresRefused(t *testing.T) {
	const secret = "s3cret-Passw0rd"
	appURL := pgtest.URL(t)
	if _, err := store.Open(t.Context(), t.TempDir(), store.WithDatabase(appURL)); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, url, want string
	}{
		{"application role", appURL, "row-level security"},
		{"unreachable, password in user info", "postgres://fortfolio_app:" + secret + "@/nodb?host=/nonexistent&sslmode=disable", "connect to PostgreSQL"},
		{"unreachable, password parameter", "postgres:///nodb?host=/nonexistent&sslmode=disable&password=" + secret, "connect to PostgreSQL"},
		{"not a URL", "postgres://x:" + secret + "@[::1", "not valid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := makeDataDir(t)
			_, err := Run(t.Context(), Options{DataDir: data, Database: tt.url, Now: fixed(t0)})
			if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), secret) {
				t.Fatalf("err = %v, want %q without the password", err, tt.want)
			}
			if l, err := List(t.Context(), filepath.Join(data, "backups")); err != nil || len(l) != 0 {
				t.Fatalf("archives after a failed backup: %v %v", l, err)
			}
		})
	}
}

// TestSplitPassword: pg_dump gets the URL without its password, which
// travels in PGPASSWORD instead.
func TestSplitPassword(t *testing.T) {
	tests := []struct{ in, url, password string }{
		{"postgres://app@db:5432/f?sslmode=require", "postgres://app@db:5432/f?sslmode=require", ""},
		{"postgres://app:pw@db/f", "postgres://app@db/f", "pw"},
		{"postgresql://app:p%40ss@db/f", "postgresql://app@db/f", "p@ss"},
		{"postgres:///f?host=/run/pg&password=pw&user=app", "postgres:///f?host=%2Frun%2Fpg&user=app", "pw"},
	}
	for _, tt := range tests {
		url, pw, err := splitPassword(tt.in)
		if err != nil || url != tt.url || pw != tt.password {
			t.Errorf("splitPassword(%q) = %q, %q, %v; want %q, %q", tt.in, url, pw, err, tt.url, tt.password)
		}
	}
	if _, _, err := splitPassword("mysql://app:pw@db/f"); err == nil || strings.Contains(err.Error(), "pw") {
		t.Errorf("a non-PostgreSQL URL: err = %v", err)
	}
}

// TestToolMajor reads the major version that must not be older than the
// server's.
func TestToolMajor(t *testing.T) {
	tests := []struct {
		out  string
		want int
		ok   bool
	}{
		{"pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)\n", 15, true},
		{"pg_dump (PostgreSQL) 17.2\n", 17, true},
		{"pg_dump (PostgreSQL) 9.6.24\n", 9, true},
		{"pg_dump 15\n", 0, false},
	}
	for _, tt := range tests {
		if got, ok := toolMajor([]byte(tt.out)); got != tt.want || ok != tt.ok {
			t.Errorf("toolMajor(%q) = %d, %v; want %d, %v", tt.out, got, ok, tt.want, tt.ok)
		}
	}
}

// TestRestorePostgresDump: restoring a PostgreSQL node's archive puts the
// dump in the data directory; LoadPostgres loads it into an empty
// database, which the store then opens with the users' data, and refuses
// a database that has tables.
func TestRestorePostgresDump(t *testing.T) {
	ctx := t.Context()
	url := pgtest.URL(t)
	data := makeDataDir(t)
	st, err := store.Open(ctx, data, store.WithDatabase(url))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreatePortfolio(ctx, "alice", "Alice's pension", "", time.Now()); err != nil {
		t.Fatal(err)
	}
	_ = st.Close()
	info, err := Run(ctx, Options{DataDir: data, Database: pgtest.BackupURL(t, url), Now: fixed(t0)})
	if err != nil {
		t.Fatal(err)
	}
	if kind, err := ArchiveDatabase(info.Path); kind != "postgres" || err != nil {
		t.Fatalf("ArchiveDatabase = %q, %v", kind, err)
	}
	target := filepath.Join(t.TempDir(), "restored")
	if err := Restore(ctx, info.Path, target, false); err != nil {
		t.Fatal(err)
	}
	dump := filepath.Join(target, PGDumpName)
	if err := LoadPostgres(ctx, dump, url); !errors.Is(err, ErrDatabaseNotEmpty) {
		t.Fatalf("load into the live database: %v, want ErrDatabaseNotEmpty", err)
	}
	fresh := pgtest.URL(t)
	if err := LoadPostgres(ctx, dump, fresh); err != nil {
		t.Fatal(err)
	}
	back, err := store.Open(ctx, target, store.WithDatabase(fresh))
	if err != nil {
		t.Fatal(err)
	}
	defer back.Close()
	ps, err := back.ListPortfolios(ctx, "alice")
	if err != nil || len(ps) != 1 || ps[0].Name != "Alice's pension" {
		t.Fatalf("restored portfolios %+v, %v", ps, err)
	}
	c, err := pgx.Connect(ctx, fresh)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	var forced bool
	if err := c.QueryRow(ctx, `SELECT bool_and(relrowsecurity AND relforcerowsecurity) FROM pg_class
		WHERE relname IN ('portfolios', 'transactions', 'alert_rules')`).Scan(&forced); err != nil || !forced {
		t.Fatalf("row-level security forced on the restored tables: %v, %v", forced, err)
	}
}
