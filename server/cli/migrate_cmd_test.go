package cli

import (
	"context"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fortfolio/fortfolio/server/store"
	"github.com/fortfolio/fortfolio/server/store/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// testPassword is put into the PostgreSQL URLs (the test server trusts
// its socket, so any password connects): it must never be printed.
const testPassword = "s3cret/pass word"

// pgURLWithPassword is a fresh test database's URL carrying testPassword.
func pgURLWithPassword(t *testing.T) string {
	t.Helper()
	u, err := url.Parse(pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.UserPassword(u.User.Username(), testPassword)
	return u.String()
}

// sqliteDataDir is a SQLite installation with two admins made by the CLI
// (so its audit log holds their entries).
func sqliteDataDir(t *testing.T, env map[string]string) string {
	t.Helper()
	data := t.TempDir()
	for _, name := range []string{"first-admin", "second-admin"} {
		if out, err := runCLIEnv(t, env, "a long admin password\n", "admin", "create", "--data", data,
			"--username", name, "--password-stdin"); err != nil {
			t.Fatalf("admin create: %v %s", err, out)
		}
	}
	return data
}

func migrateEnv() map[string]string {
	return map[string]string{"FORTFOLIO_AUDIT_KEY": testAuditKey, "FORTFOLIO_PEPPER": strings.Repeat("p", 32)}
}

func TestMigrateCommand(t *testing.T) {
	env := migrateEnv()
	data := sqliteDataDir(t, env)
	dbURL := pgURLWithPassword(t)
	out, err := runCLIEnv(t, env, "", "migrate", "sqlite-to-postgres", "--data", data, "--database", dbURL)
	if err != nil {
		t.Fatalf("migrate: %v\n%s", err, out)
	}
	for _, want := range []string{"migrated 2 accounts", "users                2", "audit_checkpoints    1",
		"audit chain OK before and after", "row counts verified"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	st, err := store.Open(context.Background(), data, store.WithDatabase(dbURL))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.UserByUsername(context.Background(), "second-admin"); err != nil {
		t.Errorf("the admin is not on PostgreSQL: %v", err)
	}
	_ = st.Close()

	// FORTFOLIO_DATABASE_URL works as --database; the target now holds accounts.
	env["FORTFOLIO_DATABASE_URL"] = dbURL
	again, err := runCLIEnv(t, env, "", "migrate", "sqlite-to-postgres", "--data", data)
	if err == nil || !strings.Contains(err.Error(), "already holds accounts") {
		t.Fatalf("second migration: %v\n%s", err, again)
	}
	for _, text := range []string{out, again, err.Error()} {
		assertNoPassword(t, text)
	}
}

// TestMigrateRefusesABrokenAuditChain: nothing is copied when the audit
// log does not verify.
func TestMigrateRefusesABrokenAuditChain(t *testing.T) {
	env := migrateEnv()
	data := sqliteDataDir(t, env)
	files, _ := filepath.Glob(filepath.Join(data, "audit", "audit-*.jsonl"))
	if len(files) == 0 {
		t.Fatal("no audit files")
	}
	b, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(files[0], []byte(strings.Replace(string(b), "first-admin", "evil-admin1", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	dbURL := pgURLWithPassword(t)
	out, err := runCLIEnv(t, env, "", "migrate", "sqlite-to-postgres", "--data", data, "--database", dbURL)
	if err == nil || !strings.Contains(err.Error(), "audit chain BROKEN") || !strings.Contains(err.Error(), "nothing was copied") {
		t.Fatalf("migrate with a broken chain: %v\n%s", err, out)
	}
	st, err := store.Open(context.Background(), t.TempDir(), store.WithDatabase(dbURL))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if has, err := st.HasAccounts(context.Background()); err != nil || has {
		t.Fatalf("accounts copied despite the broken chain: %v %v", has, err)
	}
}

func TestMigrateCommandErrors(t *testing.T) {
	env := migrateEnv()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no subcommand", []string{"migrate"}, "usage: fortfolio migrate sqlite-to-postgres"},
		{"unknown subcommand", []string{"migrate", "postgres-to-sqlite"}, "usage: fortfolio migrate sqlite-to-postgres"},
		{"no database", []string{"migrate", "sqlite-to-postgres", "--data", t.TempDir()}, "--database must be a postgres:// URL"},
		{"stray argument", []string{"migrate", "sqlite-to-postgres", "--database", "postgres://x/y", "extra"}, "unexpected argument"},
		{"no installation", []string{"migrate", "sqlite-to-postgres", "--data", t.TempDir(), "--database", "postgres://u:" + url.PathEscape(testPassword) + "@127.0.0.1:1/db"},
			"fortfolio.db is missing"},
		{"unreachable database", []string{"migrate", "sqlite-to-postgres", "--data", sqliteDataDir(t, env),
			"--database", "postgres://u:" + url.PathEscape(testPassword) + "@127.0.0.1:1/db?connect_timeout=5"}, "connect to PostgreSQL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := runCLIEnv(t, env, "", tt.args...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want %q\n%s", err, tt.want, out)
			}
			assertNoPassword(t, err.Error()+out)
		})
	}
}

func TestRedactPassword(t *testing.T) {
	tests := []struct{ url, msg string }{
		{"postgres://u:" + url.PathEscape(testPassword) + "@h/db", "failed for " + testPassword},
		{"postgres://u:" + url.PathEscape(testPassword) + "@h/db", "failed for postgres://u:" + url.PathEscape(testPassword) + "@h/db"},
		{"postgres://u:" + url.QueryEscape(testPassword) + "@h/db", "failed for " + url.QueryEscape(testPassword)},
		{"postgres://u@h/db?password=" + url.QueryEscape(testPassword), "failed for " + testPassword},
		{"postgres://u:" + testPassword + "@h/db", "failed for " + testPassword},
	}
	for _, tt := range tests {
		got := redactPassword(tt.msg, tt.url)
		if strings.Contains(got, "s3cret") || !strings.Contains(got, "xxxxx") {
			t.Errorf("redactPassword(%q, %q) = %q", tt.msg, tt.url, got)
		}
	}
}

func assertNoPassword(t *testing.T, text string) {
	t.Helper()
	for _, p := range []string{testPassword, url.PathEscape(testPassword), url.QueryEscape(testPassword), "s3cret"} {
		if strings.Contains(text, p) {
			t.Errorf("the database password is shown: %s", text)
		}
	}
}

// TestDocumentedMigrateCommandsParse: every migrate command in the docs
// uses the real syntax.
func TestDocumentedMigrateCommandsParse(t *testing.T) {
	env := Env{Getenv: func(string) string { return "" }, Stderr: io.Discard, Stdout: io.Discard}
	cmds := documentedCommands(t, "fortfolio migrate ")
	if len(cmds) == 0 {
		t.Fatal("no documented migrate command")
	}
	for where, words := range cmds {
		if _, err := parseMigrateFlags(env, words); err != nil {
			t.Errorf("%s does not parse: %v", where, err)
		}
	}
}
