package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/server/audit"
	"github.com/fortfolio/fortfolio/server/store"
)

// runCLI runs one command line and returns its output.
func runCLI(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	env := Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" }}
	err := dispatch(context.Background(), env, args)
	return out.String() + errOut.String(), err
}

// seedData makes a data directory with one account and one audit entry.
func seedData(t *testing.T, dir string) string {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	u, err := st.CreateUser(ctx, "keeper", "hash", "user", false, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := st.UserDB(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	st.Close()
	lg, err := audit.Open(ctx, filepath.Join(dir, "audit"))
	if err != nil {
		t.Fatal(err)
	}
	defer lg.Close()
	if err := lg.Append(ctx, audit.Entry{Actor: u.ID, Action: audit.ActionRegister, Target: u.ID}); err != nil {
		t.Fatal(err)
	}
	return u.ID
}

func TestBackupCommandsRoundTrip(t *testing.T) {
	data := t.TempDir()
	id := seedData(t, data)
	out, err := runCLI(t, "backup", "run", "--data", data)
	if err != nil || !strings.Contains(out, "created ") {
		t.Fatalf("run: %v %s", err, out)
	}
	out, err = runCLI(t, "backup", "list", "--data", data)
	if err != nil || strings.Count(out, "backup-") != 1 {
		t.Fatalf("list: %v %s", err, out)
	}
	archive := strings.Fields(out)[0]
	out, err = runCLI(t, "backup", "prune", "--data", data, "--dry-run")
	if err != nil || !strings.Contains(out, "kept         "+archive) || !strings.Contains(out, "1 kept, 0 would delete") {
		t.Fatalf("prune: %v %s", err, out)
	}
	old := copyArchive(t, data, archive, "backup-20200101T030000Z.tar.gz")
	out, err = runCLI(t, "backup", "prune", "--data", data, "--dry-run")
	if err != nil || !strings.Contains(out, "would delete backup-20200101T030000Z.tar.gz") || !strings.Contains(out, "kept         "+archive) {
		t.Fatalf("prune --dry-run with an old archive: %v %s", err, out)
	}
	if _, err := os.Stat(old); err != nil {
		t.Fatalf("dry run deleted: %v", err)
	}
	target := filepath.Join(t.TempDir(), "restored")
	from := filepath.Join(data, "backups", archive)
	out, err = runCLI(t, "backup", "restore", "--from", from, "--data", target)
	if err != nil || !strings.Contains(out, "restored") {
		t.Fatalf("restore: %v %s", err, out)
	}
	assertRestored(t, target, id)
	if _, err := runCLI(t, "backup", "restore", "--from", from, "--data", target); err == nil {
		t.Fatal("restore over a non-empty directory without --force succeeded")
	}
	if _, err := runCLI(t, "backup", "restore", "--from", from, "--data", target, "--force"); err != nil {
		t.Fatalf("restore --force: %v", err)
	}
	out, err = runCLI(t, "backup", "prune", "--data", data, "--now", time.Now().UTC().Format(time.RFC3339))
	if err != nil || !strings.Contains(out, "deleted      backup-20200101T030000Z.tar.gz") || !strings.Contains(out, "1 kept, 1 deleted") {
		t.Fatalf("prune: %v %s", err, out)
	}
	if _, err := os.Stat(old); !os.IsNotExist(err) {
		t.Fatalf("pruned archive still there: %v", err)
	}
	if _, err := os.Stat(from); err != nil {
		t.Fatalf("newest archive pruned: %v", err)
	}
}

// copyArchive copies a backup under another (older) name.
func copyArchive(t *testing.T, data, from, to string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(data, "backups", from))
	if err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(data, "backups", to)
	if err := os.WriteFile(dst, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return dst
}

// assertRestored checks the account, its database and a verifying audit
// chain that records the restore.
func assertRestored(t *testing.T, dir, id string) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if u, err := st.UserByID(ctx, id); err != nil || u.Username != "keeper" {
		t.Fatalf("restored account: %+v %v", u, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "users", id, "portfolio.db")); err != nil {
		t.Fatalf("restored user db: %v", err)
	}
	res, err := audit.Verify(ctx, filepath.Join(dir, "audit"))
	if err != nil || !res.OK || res.Entries != 2 {
		t.Fatalf("restored audit chain: %+v %v", res, err)
	}
	p, _ := audit.Query(ctx, filepath.Join(dir, "audit"), audit.Filter{Action: audit.ActionBackupRestore})
	if len(p.Entries) != 1 {
		t.Fatalf("restore not audited: %+v", p.Entries)
	}
}

func TestBackupCommandErrors(t *testing.T) {
	data := t.TempDir()
	tests := [][]string{
		{"backup"},
		{"backup", "explode"},
		{"backup", "prune", "--data", data, "--now", "tomorrow"},
		{"backup", "restore", "--data", data},
		{"backup", "restore", "--from", filepath.Join(data, "missing.tar.gz"), "--data", filepath.Join(data, "x")},
		{"backup", "run", "--data", data, "extra"},
	}
	for _, args := range tests {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			if _, err := runCLI(t, args...); err == nil {
				t.Fatalf("%v succeeded", args)
			}
		})
	}
}
