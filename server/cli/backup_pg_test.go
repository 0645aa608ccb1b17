package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/server/audit"
	"github.com/fortfolio/fortfolio/server/backup"
	"github.com/fortfolio/fortfolio/server/store"
	"github.com/fortfolio/fortfolio/server/store/pgtest"
)

// TestBackupPostgresRoundTrip backs up a PostgreSQL node with `backup
// run --database` and restores it with `backup restore --database` into a
// new, empty database: a PostgreSQL archive needs --database, a database
// with tables is refused before anything is restored, and the restored
// node has the accounts and its audit log, with the restore audited.
func TestBackupPostgresRoundTrip(t *testing.T) {
	ctx := context.Background()
	url := pgtest.URL(t)
	data := t.TempDir()
	st, err := store.Open(ctx, data, store.WithDatabase(url))
	if err != nil {
		t.Fatal(err)
	}
	u, err := st.CreateUser(ctx, "keeper", "hash", "user", false, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	_ = st.Close()
	lg, err := audit.Open(ctx, filepath.Join(data, "audit"))
	if err != nil {
		t.Fatal(err)
	}
	if err := lg.Append(ctx, audit.Entry{Actor: u.ID, Action: audit.ActionRegister, Target: u.ID}); err != nil {
		t.Fatal(err)
	}
	_ = lg.Close()
	out, err := runCLI(t, "backup", "run", "--data", data, "--database", pgtest.BackupURL(t, url))
	if err != nil || !strings.Contains(out, "created ") {
		t.Fatalf("run: %v %s", err, out)
	}
	list, err := backup.List(ctx, filepath.Join(data, "backups"))
	if err != nil || len(list) != 1 {
		t.Fatalf("archives %+v %v", list, err)
	}
	target := filepath.Join(t.TempDir(), "restored")
	refused := []struct {
		name, want string
		args       []string
	}{
		{"no --database", "holds a PostgreSQL database", nil},
		{"the live database", "not empty", []string{"--database", url}},
	}
	for _, r := range refused {
		args := append([]string{"backup", "restore", "--from", list[0].Path, "--data", target}, r.args...)
		if out, err := runCLI(t, args...); err == nil || !strings.Contains(err.Error(), r.want) {
			t.Fatalf("%s: %v %s, want %q", r.name, err, out, r.want)
		}
		if _, err := os.Stat(target); !os.IsNotExist(err) {
			t.Fatalf("%s: the target was written: %v", r.name, err)
		}
	}
	fresh := pgtest.URL(t)
	out, err = runCLI(t, "backup", "restore", "--from", list[0].Path, "--data", target, "--database", fresh)
	if err != nil || !strings.Contains(out, "restored") {
		t.Fatalf("restore: %v %s", err, out)
	}
	back, err := store.Open(ctx, target, store.WithDatabase(fresh))
	if err != nil {
		t.Fatal(err)
	}
	defer back.Close()
	if got, err := back.UserByID(ctx, u.ID); err != nil || got.Username != "keeper" {
		t.Fatalf("restored account: %+v %v", got, err)
	}
	for _, leftover := range []string{backup.PGDumpName, "fortfolio.db"} {
		if _, err := os.Stat(filepath.Join(target, leftover)); !os.IsNotExist(err) {
			t.Fatalf("%s in the restored data directory: %v", leftover, err)
		}
	}
	res, err := audit.Verify(ctx, filepath.Join(target, "audit"))
	if err != nil || !res.OK || res.Entries != 2 {
		t.Fatalf("restored audit chain: %+v %v", res, err)
	}
}

// TestBackupRestoreSQLiteRefusesDatabase: a SQLite archive restored with
// --database would leave the database empty while the files hold the
// data: refused.
func TestBackupRestoreSQLiteRefusesDatabase(t *testing.T) {
	data := t.TempDir()
	seedData(t, data)
	if out, err := runCLI(t, "backup", "run", "--data", data); err != nil {
		t.Fatalf("run: %v %s", err, out)
	}
	list, err := backup.List(context.Background(), filepath.Join(data, "backups"))
	if err != nil || len(list) != 1 {
		t.Fatalf("archives %+v %v", list, err)
	}
	target := filepath.Join(t.TempDir(), "restored")
	out, err := runCLI(t, "backup", "restore", "--from", list[0].Path, "--data", target, "--database", "postgres://app@db/f")
	if err == nil || !strings.Contains(err.Error(), "SQLite") {
		t.Fatalf("restore: %v %s", err, out)
	}
}
