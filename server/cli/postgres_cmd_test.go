package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fortfolio/fortfolio/server/store"
	"github.com/fortfolio/fortfolio/server/store/pgtest"
)

// TestCommandsOnPostgres: the admin and audit commands of a PostgreSQL
// installation work on its database (not on a stray SQLite file in the
// data directory), and a node joining it without the installation's pepper
// is refused instead of making its own (passwords would fail there).
func TestCommandsOnPostgres(t *testing.T) {
	url := pgtest.URL(t)
	data := t.TempDir()
	env := map[string]string{"FORTFOLIO_AUDIT_KEY": testAuditKey, "FORTFOLIO_DATABASE_URL": url}
	if out, err := runCLIEnv(t, env, "a long admin password\n", "admin", "create", "--data", data, "--username", "root", "--password-stdin"); err != nil {
		t.Fatalf("admin create: %v %s", err, out)
	}
	if _, err := os.Stat(filepath.Join(data, "fortfolio.db")); err == nil {
		t.Fatal("admin create wrote a SQLite accounts database next to the PostgreSQL one")
	}
	st, err := store.Open(context.Background(), data, store.WithDatabase(url))
	if err != nil {
		t.Fatal(err)
	}
	if u, err := st.UserByUsername(context.Background(), "root"); err != nil || u.Role != "admin" {
		t.Fatalf("the admin in PostgreSQL: %+v, %v", u, err)
	}
	_ = st.Close()
	out, err := runCLIEnv(t, env, "", "audit", "verify", "--data", data)
	if err != nil || !strings.Contains(out, "audit chain OK") {
		t.Fatalf("verify: %v\n%s", err, out)
	}
	joining := t.TempDir()
	_, err = runCLIEnv(t, map[string]string{"FORTFOLIO_DATABASE_URL": url}, "", "serve", "--data", joining, "--addr", "127.0.0.1:0")
	if err == nil || !strings.Contains(err.Error(), "pepper is missing but accounts exist") {
		t.Fatalf("a node without the installation's pepper: serve = %v", err)
	}
	if _, err := os.Stat(filepath.Join(joining, "pepper")); err == nil {
		t.Fatal("the joining node made its own pepper")
	}
}

// TestRefusesRoleThatBypassesRLS: the store does not run as a role with
// which the row-level security policies would not apply.
func TestRefusesRoleThatBypassesRLS(t *testing.T) {
	url := pgtest.URL(t)
	_, err := store.Open(context.Background(), t.TempDir(), store.WithDatabase(pgtest.BackupURL(t, url)))
	if err == nil || !strings.Contains(err.Error(), "BYPASSRLS") {
		t.Fatalf("open as a BYPASSRLS role: %v", err)
	}
}

// TestAuditVerifyChecksSharedTable: on PostgreSQL, audit verify checks the
// node's files and the shared audit table, and names a tampered row.
func TestAuditVerifyChecksSharedTable(t *testing.T) {
	url := pgtest.URL(t)
	data := t.TempDir()
	env := map[string]string{"FORTFOLIO_AUDIT_KEY": testAuditKey, "FORTFOLIO_DATABASE_URL": url}
	if out, err := runCLIEnv(t, env, "a long admin password\n", "admin", "create", "--data", data, "--username", "root", "--password-stdin"); err != nil {
		t.Fatalf("admin create: %v %s", err, out)
	}
	out, err := runCLIEnv(t, env, "", "audit", "verify", "--data", data)
	if err != nil || !strings.Contains(out, "audit chain OK") || !strings.Contains(out, "shared audit table OK: 1 entries") {
		t.Fatalf("verify: %v\n%s", err, out)
	}
	if err := pgtest.AsSuperuser(t, url, `SET session_replication_role = replica; UPDATE audit_outbox SET actor = 'someone else'`); err != nil {
		t.Fatal(err)
	}
	out, err = runCLIEnv(t, env, "", "audit", "verify", "--data", data)
	if err == nil || !strings.Contains(err.Error(), "shared audit table BROKEN at audit table position 1") {
		t.Fatalf("verify after tampering with the table: %v\n%s", err, out)
	}
	if !strings.Contains(out, "audit chain OK") {
		t.Fatalf("the node's own files still verify: %s", out)
	}
}
