package cli

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/fortfolio/fortfolio/server/config"
	"github.com/fortfolio/fortfolio/server/platform"
)

const testAuditKey = "a-test-audit-key-of-at-least-32-bytes!"

// runCLIEnv runs one command line with the given environment.
func runCLIEnv(t *testing.T, env map[string]string, stdin string, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	e := Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &out, Getenv: func(k string) string { return env[k] }}
	err := dispatch(context.Background(), e, args)
	return out.String(), err
}

// TestCLIAndServerAppendToOneChain runs admin commands while the server
// appends: the chain must verify, with every entry authenticated.
func TestCLIAndServerAppendToOneChain(t *testing.T) {
	data := t.TempDir()
	srv := httptest.NewUnstartedServer(nil)
	cfg := config.Config{DataDir: data, AllowedHosts: []string{srv.Listener.Addr().String()}, RateGeneral: 100000, RateAPI: 100000,
		JWTSecret: []byte(strings.Repeat("s", 32)), Pepper: []byte(strings.Repeat("p", 32)), AuditKey: testAuditKey}
	p, err := platform.New(context.Background(), cfg, platform.Options{BcryptCost: bcrypt.MinCost})
	if err != nil {
		t.Fatal(err)
	}
	srv.Config.Handler = p.Handler
	srv.Start()
	defer func() { srv.Close(); p.Close() }()
	env := map[string]string{"FORTFOLIO_AUDIT_KEY": testAuditKey, "FORTFOLIO_PEPPER": strings.Repeat("p", 32)}
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := range 20 {
			body := fmt.Sprintf(`{"username":"u%d","password":"wrong password %d"}`, i, i)
			res, err := http.Post(srv.URL+"/api/auth/login", "application/json", strings.NewReader(body))
			if err != nil {
				t.Error(err)
				return
			}
			res.Body.Close()
		}
	})
	for i := range 3 {
		if out, err := runCLIEnv(t, env, "a long admin password "+fmt.Sprint(i)+"\n", "admin", "create", "--data", data,
			"--username", fmt.Sprintf("admin%d", i), "--password-stdin"); err != nil {
			t.Fatalf("admin create: %v %s", err, out)
		}
	}
	wg.Wait()
	out, err := runCLIEnv(t, env, "", "audit", "verify", "--data", data)
	if err != nil || !strings.Contains(out, "audit chain OK") || !strings.Contains(out, "every entry carries a valid MAC") {
		t.Fatalf("verify: %v\n%s", err, out)
	}
	if !strings.Contains(out, "matches the checkpoint in the accounts database") {
		t.Fatalf("verify did not use the accounts database checkpoint:\n%s", out)
	}
}

// TestAuditVerifyCatchesCutAndDeletedLogs checks the verify command
// against the accounts database checkpoint and the backups.
func TestAuditVerifyCatchesCutAndDeletedLogs(t *testing.T) {
	env := map[string]string{"FORTFOLIO_AUDIT_KEY": testAuditKey, "FORTFOLIO_PEPPER": strings.Repeat("p", 32)}
	template := t.TempDir()
	if out, err := runCLIEnv(t, env, "a long admin password\n", "admin", "create", "--data", template,
		"--username", "root", "--password-stdin"); err != nil {
		t.Fatalf("admin create: %v %s", err, out)
	}
	for range 2 {
		if out, err := runCLIEnv(t, env, "", "admin", "unlock", "--data", template, "--username", "root"); err != nil {
			t.Fatalf("admin unlock: %v %s", err, out)
		}
	}
	setup := func(t *testing.T) (string, string) {
		data := filepath.Join(t.TempDir(), "data")
		if err := os.CopyFS(data, os.DirFS(template)); err != nil {
			t.Fatal(err)
		}
		names, _ := filepath.Glob(filepath.Join(data, "audit", "audit-*.jsonl"))
		if len(names) != 1 {
			t.Fatalf("day files %v", names)
		}
		return data, names[0]
	}
	cutTail := func(t *testing.T, path string) {
		b, _ := os.ReadFile(path)
		lines := strings.SplitAfter(string(b), "\n")
		if err := os.WriteFile(path, []byte(strings.Join(lines[:1], "")), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name   string
		damage func(t *testing.T, data, file string)
		want   string
	}{
		{"cut tail", func(t *testing.T, _, f string) { cutTail(t, f) }, "log truncated"},
		{"emptied", func(t *testing.T, _, f string) { _ = os.Truncate(f, 0) }, "emptied or deleted"},
		{"deleted", func(t *testing.T, data, _ string) { _ = os.RemoveAll(filepath.Join(data, "audit")) }, "emptied or deleted"},
		{"cut tail, checkpoint row deleted, caught by the backup", func(t *testing.T, data, f string) {
			if out, err := runCLIEnv(t, env, "", "backup", "run", "--data", data); err != nil {
				t.Fatalf("backup: %v %s", err, out)
			}
			cutTail(t, f)
			removeCheckpointRow(t, data)
		}, "checkpoint in backup backup-"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, file := setup(t)
			tt.damage(t, data, file)
			out, err := runCLIEnv(t, env, "", "audit", "verify", "--data", data)
			if err == nil || !strings.Contains(err.Error(), "BROKEN") || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("verify = %v\n%s\nwant a break with %q", err, out, tt.want)
			}
		})
	}
	t.Run("without the key it says unauthenticated", func(t *testing.T) {
		data, _ := setup(t)
		noKey := map[string]string{"FORTFOLIO_PEPPER": env["FORTFOLIO_PEPPER"]}
		out, err := runCLIEnv(t, noKey, "", "audit", "verify", "--data", data)
		if err != nil || !strings.Contains(out, "UNAUTHENTICATED") {
			t.Fatalf("verify without key: %v\n%s", err, out)
		}
	})
}

func removeCheckpointRow(t *testing.T, data string) {
	t.Helper()
	st, err := openForVerify(context.Background(), data)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.DeleteAuditCheckpoints(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestServeRefusesMissingPepperWithAccounts(t *testing.T) {
	data := t.TempDir()
	env := map[string]string{}
	if out, err := runCLIEnv(t, env, "a long admin password\n", "admin", "create", "--data", data, "--username", "root", "--password-stdin"); err != nil {
		t.Fatalf("admin create: %v %s", err, out)
	}
	if err := os.Remove(filepath.Join(data, "pepper")); err != nil {
		t.Fatal(err)
	}
	_, err := runCLIEnv(t, env, "", "serve", "--data", data, "--addr", "127.0.0.1:0")
	if err == nil || !strings.Contains(err.Error(), "pepper is missing but accounts exist") || !strings.Contains(err.Error(), "backup") {
		t.Fatalf("serve = %v", err)
	}
	if _, err := os.Stat(filepath.Join(data, "pepper")); err == nil {
		t.Fatal("a new pepper was created")
	}
}

// TestRestoreOfAnOlderBackupStillVerifies: restoring an older backup
// replaces the newer history on purpose; the newer backup's checkpoint no
// longer applies (a note, not a break), and later cuts are still caught.
func TestRestoreOfAnOlderBackupStillVerifies(t *testing.T) {
	env := map[string]string{"FORTFOLIO_AUDIT_KEY": testAuditKey, "FORTFOLIO_PEPPER": strings.Repeat("p", 32)}
	data := filepath.Join(t.TempDir(), "data")
	run := func(stdin string, args ...string) string {
		t.Helper()
		out, err := runCLIEnv(t, env, stdin, args...)
		if err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out)
		}
		return out
	}
	run("a long admin password\n", "admin", "create", "--data", data, "--username", "root", "--password-stdin")
	run("", "backup", "run", "--data", data)
	older, _ := filepath.Glob(filepath.Join(data, "backups", "backup-*.tar.gz"))
	for range 3 {
		run("", "admin", "unlock", "--data", data, "--username", "root")
	}
	run("", "backup", "run", "--data", data)
	run("", "backup", "restore", "--data", data, "--from", older[0], "--force")
	out := run("", "audit", "verify", "--data", data)
	if !strings.Contains(out, "audit chain OK") || !strings.Contains(out, "predates a restore") {
		t.Fatalf("verify after restoring an older backup:\n%s", out)
	}
	names, _ := filepath.Glob(filepath.Join(data, "audit", "audit-*.jsonl"))
	b, _ := os.ReadFile(names[len(names)-1])
	lines := strings.SplitAfter(string(b), "\n")
	if err := os.WriteFile(names[len(names)-1], []byte(strings.Join(lines[:len(lines)-2], "")), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := runCLIEnv(t, env, "", "audit", "verify", "--data", data); err == nil || !strings.Contains(err.Error(), "truncated") {
		t.Fatalf("cut after restore: %v\n%s", err, out)
	}
}
