package txaudit_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/server/audit"
	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/server/store"
	"github.com/fortfolio/fortfolio/server/txaudit"
)

const (
	crashDirEnv = "FORTFOLIO_TXAUDIT_CRASH_DIR"
	user        = "alice"
)

var t0 = time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)

// env is a store, an audit log and the outbox over one data directory,
// opened as the server opens them.
type env struct {
	dir string
	st  *store.Store
	log *audit.Log
	w   *txaudit.Writer
}

func openEnv(ctx context.Context, dir string, delay time.Duration) (*env, error) {
	st, err := store.Open(ctx, dir)
	if err != nil {
		return nil, err
	}
	save := func(ctx context.Context, cp audit.Checkpoint) { _ = st.SaveAuditCheckpoint(ctx, cp) }
	lg, err := audit.Open(ctx, filepath.Join(dir, "audit"), audit.WithCheckpoints(save), audit.WithSyncDelay(delay))
	if err != nil {
		_ = st.Close()
		return nil, err
	}
	w, err := txaudit.Open(ctx, dir, lg, st)
	if err != nil {
		_ = lg.Close()
		_ = st.Close()
		return nil, err
	}
	return &env{dir: dir, st: st, log: lg, w: w}, nil
}

func mustOpen(t *testing.T, dir string, delay time.Duration) *env {
	t.Helper()
	e, err := openEnv(t.Context(), dir, delay)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func (e *env) close() error {
	return errors.Join(e.w.Close(), e.log.Close(), e.st.Close())
}

// add is a transaction write as the handler makes it: the entry committed
// with the change, the line appended after the commit's flush.
func (e *env) add(ctx context.Context, folio string) (string, error) {
	entry := audit.Entry{Actor: user, Action: audit.ActionTransactionCreate, Target: folio, Details: map[string]string{"transaction": ""}}
	c, p, err := e.w.Begin(ctx, user, entry)
	if err != nil {
		return "", err
	}
	tx := model.Transaction{Kind: "buy", Ticker: "AAPL", Date: t0, Quantity: 1, Price: 10}
	added, err := e.st.AddTransactions(c, user, folio, []model.Transaction{tx}, time.Now(), nil)
	if err != nil {
		return "", err
	}
	return added[0].ID, e.w.Commit(ctx, user, p)
}

// lines counts the create entries per transaction id and the recovered
// ones.
func lines(t *testing.T, dir string) (map[string]int, int) {
	t.Helper()
	page, err := audit.Query(t.Context(), filepath.Join(dir, "audit"), audit.Filter{Action: audit.ActionTransactionCreate, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	per, recovered := map[string]int{}, 0
	for _, e := range page.Entries {
		per[e.Details["transaction"]]++
		if e.Details[txaudit.RecoveredKey] == "1" {
			recovered++
		}
	}
	return per, recovered
}

// verify checks the chain against the accounts database's checkpoint.
func (e *env) verify(t *testing.T) audit.Result {
	t.Helper()
	var cps []audit.Checkpoint
	if cp, ok, err := e.st.AuditCheckpoint(t.Context()); err != nil {
		t.Fatal(err)
	} else if ok {
		cps = append(cps, cp)
	}
	res, err := audit.VerifyWith(t.Context(), filepath.Join(e.dir, "audit"), audit.VerifyOptions{Checkpoints: cps})
	if err != nil || !res.OK {
		t.Fatalf("verify: %+v %v", res, err)
	}
	return res
}

// TestAcknowledgedWritesKeepTheirEntryAfterKill kills (SIGKILL) a process
// making transaction writes through the outbox from 4 writers: after the
// restart's recovery every acknowledged write has exactly one audit
// entry, no pending entry is left and the chain verifies.
func TestAcknowledgedWritesKeepTheirEntryAfterKill(t *testing.T) {
	if dir := os.Getenv(crashDirEnv); dir != "" {
		crashChild(dir)
		return
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestAcknowledgedWritesKeepTheirEntryAfterKill$")
	cmd.Env = append(os.Environ(), crashDirEnv+"="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	acked := readAcks(t, out, 300)
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	e := mustOpen(t, dir, time.Hour)
	defer e.close()
	per, _ := lines(t, dir)
	for _, id := range acked {
		if per[id] != 1 {
			t.Fatalf("acknowledged transaction %s has %d audit entries after kill -9 and recovery, want 1", id, per[id])
		}
	}
	for id, n := range per {
		if n != 1 {
			t.Fatalf("transaction %s has %d audit entries", id, n)
		}
	}
	if pending, err := e.st.AuditPending(t.Context(), user); err != nil || len(pending) != 0 {
		t.Fatalf("pending entries after recovery: %d %v", len(pending), err)
	}
	e.verify(t)
}

func readAcks(t *testing.T, out io.Reader, n int) []string {
	t.Helper()
	sc := bufio.NewScanner(out)
	var acked []string
	for len(acked) < n && sc.Scan() {
		if id, ok := strings.CutPrefix(sc.Text(), "ack "); ok {
			acked = append(acked, id)
		} else {
			t.Logf("child: %s", sc.Text())
		}
	}
	if len(acked) < n {
		t.Fatalf("writer stopped after %d acknowledgements: %v", len(acked), sc.Err())
	}
	return acked
}

// crashChild writes from 4 goroutines until killed, printing each
// acknowledged transaction id.
func crashChild(dir string) {
	ctx := context.Background()
	e, err := openEnv(ctx, dir, 20*time.Millisecond)
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	p, err := e.st.CreatePortfolio(ctx, user, "Main", "", t0)
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	for range 3 {
		go crashWrites(ctx, e, p.ID)
	}
	crashWrites(ctx, e, p.ID)
}

func crashWrites(ctx context.Context, e *env, folio string) {
	for {
		id, err := e.add(ctx, folio)
		if err != nil {
			fmt.Println("error", err)
			os.Exit(1)
		}
		fmt.Println("ack", id)
	}
}

// TestRecoveryAfterPowerCut copies the data directory as a power cut
// would leave it (the portfolio commits flushed, the audit lines written
// since the last fsync gone) and as a killed process leaves it (lines
// present): recovery appends exactly the missing entries, marked
// recovered, and nothing when the lines are there; the chain verifies
// against the checkpoint, which was never ahead of the fsynced lines.
func TestRecoveryAfterPowerCut(t *testing.T) {
	ctx := t.Context()
	src := t.TempDir()
	e := mustOpen(t, src, time.Hour) // the deferred lines stay unsynced
	defer e.close()
	if err := e.log.Append(ctx, audit.Entry{Actor: user, Action: audit.ActionLoginSuccess}); err != nil {
		t.Fatal(err)
	}
	p, err := e.st.CreatePortfolio(ctx, user, "Main", "", t0)
	if err != nil {
		t.Fatal(err)
	}
	day := dayFile(t, src)
	synced := size(t, day)
	var ids []string
	for range 5 {
		id, err := e.add(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	if e.log.Syncs() != 1 {
		t.Fatalf("%d fsyncs of the log, want 1 (the login's)", e.log.Syncs())
	}
	for _, tc := range []struct {
		name          string
		cut           bool
		dropUsers     bool
		wantRecovered int
	}{
		{"power cut", true, false, 5},
		{"killed, lines present", false, false, 0},
		{"power cut, restored without the list of users", true, true, 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dst := t.TempDir()
			copyTree(t, src, dst)
			if tc.cut {
				if err := os.Truncate(filepath.Join(dst, "audit", filepath.Base(day)), synced); err != nil {
					t.Fatal(err)
				}
			}
			if tc.dropUsers {
				if err := os.Remove(filepath.Join(dst, "audit", ".outbox-users")); err != nil {
					t.Fatal(err)
				}
			}
			after := mustOpen(t, dst, time.Hour)
			defer after.close()
			per, recovered := lines(t, dst)
			if recovered != tc.wantRecovered {
				t.Errorf("%d entries recovered, want %d", recovered, tc.wantRecovered)
			}
			for _, id := range ids {
				if per[id] != 1 {
					t.Errorf("transaction %s has %d entries, want 1", id, per[id])
				}
			}
			if pending, err := after.st.AuditPending(ctx, user); err != nil || len(pending) != 0 {
				t.Fatalf("pending entries after recovery: %d %v", len(pending), err)
			}
			if res := after.verify(t); res.Entries != 1+5 {
				t.Errorf("%d entries in the chain, want 6", res.Entries)
			}
		})
	}
}

func dayFile(t *testing.T, dir string) string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, "audit", "audit-*.jsonl"))
	if err != nil || len(m) != 1 {
		t.Fatalf("day files: %v %v", m, err)
	}
	return m[0]
}

func size(t *testing.T, path string) int64 {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Size()
}

// copyTree copies every regular file of src (databases with their WAL
// files, the audit directory) into dst.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o700)
		}
		if !d.Type().IsRegular() || d.Name() == ".lock" {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o600)
	})
	if err != nil {
		t.Fatal(err)
	}
}
