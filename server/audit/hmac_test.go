package audit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

var testKey, _ = NewKey([]byte("0123456789abcdef0123456789abcdef-test"))

// keyedChain writes n entries with testKey on day0 and returns the dir and
// the checkpoint after the last one.
func keyedChain(t *testing.T, n int) (string, Checkpoint) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "audit")
	var last Checkpoint
	l, err := Open(t.Context(), dir, WithKey(testKey), WithClock(func() time.Time { return day0 }),
		WithCheckpoints(func(_ context.Context, cp Checkpoint) { last = cp }))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	for i := range n {
		if err := l.Append(t.Context(), Entry{Actor: "u", Action: ActionLoginSuccess, Target: fmt.Sprint(i)}); err != nil {
			t.Fatal(err)
		}
	}
	last.Source = "accounts database"
	return dir, last
}

// rehash rewrites every line of a day file as a forger without the key
// would: SHA-256 chain recomputed, MACs kept or dropped.
func rehash(t *testing.T, path string, edit func(*record), dropMAC bool) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	prev := GenesisHash
	var out []byte
	for i, raw := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
		var l line
		if err := json.Unmarshal([]byte(raw), &l); err != nil {
			t.Fatal(err)
		}
		if i == 1 {
			edit(&l.record)
		}
		l.Prev = prev
		l.Hash, _ = l.record.hash()
		if dropMAC {
			l.MAC = ""
		}
		prev = l.Hash
		nb, _ := json.Marshal(l)
		out = append(append(out, nb...), '\n')
	}
	if err := os.WriteFile(path, out, 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestVerifyCatchesEveryTamperingWithKeyAndCheckpoint(t *testing.T) {
	t.Parallel()
	file := fileName(day0)
	tests := []struct {
		name   string
		tamper func(t *testing.T, dir string)
		reason string
	}{
		{"edit with rehashed chain", func(t *testing.T, dir string) {
			rehash(t, filepath.Join(dir, file), func(r *record) { r.Actor = "mallory" }, false)
		}, "MAC does not match"},
		{"rehashed chain without MACs", func(t *testing.T, dir string) {
			rehash(t, filepath.Join(dir, file), func(r *record) { r.Actor = "mallory" }, true)
		}, "differs from the checkpoint"},
		{"cut tail", func(t *testing.T, dir string) {
			editFile(t, filepath.Join(dir, file), editLines(func(l []string) []string { return l[:3] }))
		}, "log truncated"},
		{"emptied file", func(t *testing.T, dir string) {
			editFile(t, filepath.Join(dir, file), func([]byte) []byte { return nil })
		}, "emptied or deleted"},
		{"deleted file", func(t *testing.T, dir string) {
			if err := os.Remove(filepath.Join(dir, file)); err != nil {
				t.Fatal(err)
			}
		}, "emptied or deleted"},
		{"deleted directory", func(t *testing.T, dir string) {
			if err := os.RemoveAll(dir); err != nil {
				t.Fatal(err)
			}
		}, "emptied or deleted"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir, cp := keyedChain(t, 5)
			o := VerifyOptions{Key: testKey, Checkpoints: []Checkpoint{cp}}
			if res, err := VerifyWith(t.Context(), dir, o); err != nil || !res.OK || res.Authenticated != 5 {
				t.Fatalf("before tampering: %+v %v", res, err)
			}
			tt.tamper(t, dir)
			res, err := VerifyWith(t.Context(), dir, o)
			if err != nil {
				t.Fatal(err)
			}
			if res.OK || res.Broken == nil || !strings.Contains(res.Broken.Reason, tt.reason) {
				t.Fatalf("got %+v, want a break with %q", res.Broken, tt.reason)
			}
		})
	}
}

func TestVerifyWithoutKeySaysUnauthenticated(t *testing.T) {
	t.Parallel()
	dir, _ := keyedChain(t, 3)
	res, err := Verify(t.Context(), dir)
	if err != nil || !res.OK || res.KeyChecked || res.Authenticated != 0 || res.Unauthenticated != 3 {
		t.Fatalf("got %+v %v", res, err)
	}
	rehash(t, filepath.Join(dir, fileName(day0)), func(r *record) { r.Actor = "mallory" }, false)
	if res, _ := Verify(t.Context(), dir); !res.OK {
		t.Fatalf("keyless verify should only check the chain: %+v", res)
	}
}

func TestForgedCheckpointIgnoredWithKey(t *testing.T) {
	t.Parallel()
	dir, cp := keyedChain(t, 3)
	forged := Checkpoint{Entries: 99, Head: cp.Head, At: cp.At, Sig: strings.Repeat("0", 64), Source: "forged"}
	res, err := VerifyWith(t.Context(), dir, VerifyOptions{Key: testKey, Checkpoints: []Checkpoint{forged}})
	if err != nil || !res.OK || len(res.Notes) != 1 {
		t.Fatalf("got %+v %v", res, err)
	}
}

func TestAccountsWithoutLogIsBroken(t *testing.T) {
	t.Parallel()
	res, err := VerifyWith(t.Context(), filepath.Join(t.TempDir(), "none"), VerifyOptions{AccountsExist: true})
	if err != nil || res.OK || res.Broken == nil {
		t.Fatalf("got %+v %v", res, err)
	}
}

func TestKeyRequiredAndMismatch(t *testing.T) {
	t.Parallel()
	dir, _ := keyedChain(t, 2)
	if _, err := Open(t.Context(), dir); !errors.Is(err, ErrKeyRequired) {
		t.Fatalf("open without key: %v", err)
	}
	other, _ := NewKey([]byte(strings.Repeat("k", 40)))
	if _, err := Open(t.Context(), dir, WithKey(other)); !errors.Is(err, ErrKeyMismatch) {
		t.Fatalf("open with wrong key: %v", err)
	}
}

// v1Line returns a format 1 line (no seq, no MAC) linked to prev.
func v1Line(t *testing.T, ts time.Time, action, prev string) (string, string) {
	t.Helper()
	r := record{TS: ts.Format(time.RFC3339Nano), Actor: "old", Action: action, Details: map[string]string{}, Prev: prev}
	c, _ := json.Marshal(r)
	sum := sha256.Sum256(append([]byte(prev), c...))
	h := hex.EncodeToString(sum[:])
	b, _ := json.Marshal(line{record: r, Hash: h})
	return string(b), h
}

func TestFormatOneLogUpgradesAtAFormatPoint(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a, h := v1Line(t, day0, ActionLoginSuccess, GenesisHash)
	b, _ := v1Line(t, day0.Add(time.Second), ActionLogout, h)
	if err := os.WriteFile(filepath.Join(dir, fileName(day0)), []byte(a+"\n"+b+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if res, err := Verify(t.Context(), dir); err != nil || !res.OK || res.Entries != 2 {
		t.Fatalf("format 1 log: %+v %v", res, err)
	}
	l, err := Open(t.Context(), dir, WithKey(testKey), WithClock(func() time.Time { return day0.Add(time.Minute) }))
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Append(t.Context(), Entry{Actor: "new", Action: ActionLoginSuccess}); err != nil {
		t.Fatal(err)
	}
	l.Close()
	res, err := VerifyWith(t.Context(), dir, VerifyOptions{Key: testKey})
	if err != nil || !res.OK || res.Entries != 4 || res.Authenticated != 2 || res.Unauthenticated != 2 {
		t.Fatalf("after upgrade: %+v %v", res, err)
	}
	got, _ := os.ReadFile(filepath.Join(dir, fileName(day0)))
	lines := strings.Split(strings.TrimSpace(string(got)), "\n")
	if !strings.Contains(lines[2], `"seq":3`) || !strings.Contains(lines[2], `"action":"audit.format"`) || !strings.Contains(lines[2], `"mac":"hmac-sha256"`) {
		t.Fatalf("format point missing: %s", lines[2])
	}
}

func TestForgedDowngradeIsBroken(t *testing.T) {
	t.Parallel()
	dir, _ := keyedChain(t, 2)
	path := filepath.Join(dir, fileName(day0))
	b, _ := os.ReadFile(path)
	last := strings.Split(strings.TrimSpace(string(b)), "\n")[1]
	var prev line
	_ = json.Unmarshal([]byte(last), &prev)
	r := record{Seq: 3, TS: prev.TS, Actor: "mallory", Action: ActionLoginSuccess, Details: map[string]string{}, Prev: prev.Hash}
	h, _ := r.hash()
	nb, _ := json.Marshal(line{record: r, Hash: h})
	if err := os.WriteFile(path, append(b, append(nb, '\n')...), 0o600); err != nil {
		t.Fatal(err)
	}
	res, _ := VerifyWith(t.Context(), dir, VerifyOptions{Key: testKey})
	if res.OK || res.Broken == nil || res.Broken.Line != 3 {
		t.Fatalf("downgrade not caught: %+v", res)
	}
}

func TestTornTailRepairedIntoQuarantine(t *testing.T) {
	t.Parallel()
	dir := writeChain(t, 1, 3)
	path := filepath.Join(dir, fileName(day0))
	editFile(t, path, func(b []byte) []byte { return append(b, `{"seq":4,"ts":"2025-03`...) })
	l, err := Open(t.Context(), dir, WithClock(func() time.Time { return day0.Add(time.Hour) }))
	if err != nil {
		t.Fatalf("a torn line must not stop the log: %v", err)
	}
	l.Close()
	q, _ := filepath.Glob(filepath.Join(dir, "quarantine-*.jsonl"))
	if len(q) != 1 {
		t.Fatalf("quarantine files: %v", q)
	}
	if b, _ := os.ReadFile(q[0]); string(b) != `{"seq":4,"ts":"2025-03` {
		t.Fatalf("quarantined %q", b)
	}
	res, err := Verify(t.Context(), dir)
	if err != nil || !res.OK || res.Entries != 4 {
		t.Fatalf("after repair: %+v %v", res, err)
	}
	p, _ := Query(t.Context(), dir, Filter{Action: ActionAuditRepair})
	if len(p.Entries) != 1 || p.Entries[0].Details["quarantine"] != filepath.Base(q[0]) || p.Entries[0].Details["bytes"] != "22" {
		t.Fatalf("repair not noted: %+v", p.Entries)
	}
}

func TestTwoWritersExtendOneChain(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a, err := Open(t.Context(), dir, WithKey(testKey))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Open(t.Context(), dir, WithKey(testKey))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	var wg sync.WaitGroup
	for _, l := range []*Log{a, b, a, b} {
		wg.Go(func() {
			for i := range 25 {
				if err := l.Append(t.Context(), Entry{Action: ActionLoginSuccess, Target: fmt.Sprint(i)}); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	res, err := VerifyWith(t.Context(), dir, VerifyOptions{Key: testKey})
	if err != nil || !res.OK || res.Entries != 100 {
		t.Fatalf("got %+v %v", res, err)
	}
}

// TestWritersFollowEachOthersDays: a log that skips re-reading the
// directory while its own file is the head must still notice another
// writer's entries in every case: the same day file, and a new day file
// started after the old day was already closed by a checkpoint (which
// leaves the old file unchanged).
func TestWritersFollowEachOthersDays(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var mu sync.Mutex
	now := time.Date(2025, 3, 1, 23, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); defer mu.Unlock(); now = now.Add(d) }
	open := func() *Log {
		l, err := Open(t.Context(), dir, WithKey(testKey), WithClock(clock))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = l.Close() })
		return l
	}
	a, b := open(), open()
	add := func(l *Log, target string) {
		t.Helper()
		if err := l.Append(t.Context(), Entry{Action: ActionLoginSuccess, Target: target}); err != nil {
			t.Fatal(err)
		}
	}
	add(a, "a1")
	add(b, "b1") // the same day file
	add(a, "a2")
	advance(2 * time.Hour) // the next day
	if err := a.CloseDay(t.Context()); err != nil {
		t.Fatal(err)
	}
	add(b, "b2") // a new day file; the closed one is left as it is
	add(a, "a3")
	add(a, "a4")
	res, err := VerifyWith(t.Context(), dir, VerifyOptions{Key: testKey})
	if err != nil || !res.OK {
		t.Fatalf("verify: %+v %v", res, err)
	}
	p, err := Query(t.Context(), dir, Filter{Action: ActionLoginSuccess})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range p.Entries {
		got = append(got, e.Target)
	}
	slices.Sort(got)
	if want := []string{"a1", "a2", "a3", "a4", "b1", "b2"}; !slices.Equal(got, want) {
		t.Fatalf("entries %v, want %v", got, want)
	}
}

// TestAppendFollowsAReplacedFile: a day file put in place of the open one
// (a restore of the same bytes) is the one the next entry goes to.
func TestAppendFollowsAReplacedFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	l, err := Open(t.Context(), dir, WithKey(testKey))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if err := l.Append(t.Context(), Entry{Action: ActionLoginSuccess}); err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(dir, fileName(time.Now()))
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(name, name+".old"); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, b, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := l.Append(t.Context(), Entry{Action: ActionLoginSuccess}); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(name + ".old"); err != nil {
		t.Fatal(err)
	}
	if res, err := VerifyWith(t.Context(), dir, VerifyOptions{Key: testKey}); err != nil || !res.OK || res.Entries != 2 {
		t.Fatalf("verify: %+v %v", res, err)
	}
}

func TestAppendIgnoresCancellation(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	l, err := Open(t.Context(), dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := l.Append(ctx, Entry{Action: ActionPortfolioCreate}); err != nil {
		t.Fatalf("append with a cancelled context: %v", err)
	}
	l.Close()
	if res, _ := Verify(t.Context(), dir); res.Entries != 1 {
		t.Fatalf("entries = %d", res.Entries)
	}
}

func TestLoadKey(t *testing.T) {
	t.Parallel()
	data, outside := t.TempDir(), t.TempDir()
	secret := strings.Repeat("s", 40)
	write := func(dir string, mode os.FileMode) string {
		p := filepath.Join(dir, "audit.key")
		_ = os.Remove(p)
		if err := os.WriteFile(p, []byte(secret+"\n"), mode); err != nil {
			t.Fatal(err)
		}
		return p
	}
	if _, err := LoadKey("", write(data, 0o600), data); !errors.Is(err, ErrKeyInsideData) {
		t.Fatalf("key inside data: %v", err)
	}
	if err := os.Symlink(data, filepath.Join(outside, "link")); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadKey("", filepath.Join(outside, "link", "audit.key"), data); !errors.Is(err, ErrKeyInsideData) {
		t.Fatalf("key inside data through a symlink: %v", err)
	}
	if _, err := LoadKey("", write(outside, 0o644), data); err == nil {
		t.Fatal("world-readable key file accepted")
	}
	if k, err := LoadKey("", write(outside, 0o600), data); err != nil || k == nil {
		t.Fatalf("good key file: %v", err)
	}
	if _, err := LoadKey("short", "", data); err == nil {
		t.Fatal("short key accepted")
	}
	if k, err := LoadKey("", "", data); k != nil || err != nil {
		t.Fatalf("no key: %v %v", k, err)
	}
}

func TestWatcherVerifiesIncrementally(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	c := &clock{t: day0}
	l, err := Open(t.Context(), dir, WithKey(testKey), WithClock(c.now))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	w := NewWatcher(dir, testKey)
	for day := range 3 {
		c.set(day0.AddDate(0, 0, day))
		for range 4 {
			if err := l.Append(t.Context(), Entry{Action: ActionLogout}); err != nil {
				t.Fatal(err)
			}
		}
		res, err := w.Check(t.Context())
		full, _ := VerifyWith(t.Context(), dir, VerifyOptions{Key: testKey})
		if err != nil || !res.OK || res.Entries != full.Entries || res.LastHash != full.LastHash {
			t.Fatalf("day %d: incremental %+v, full %+v, %v", day, res, full, err)
		}
	}
	if w.files[0].size == 0 || len(w.files) != 3 {
		t.Fatalf("watcher did not keep its place: %+v", w.files)
	}
	editFile(t, filepath.Join(dir, fileName(day0)), editLines(func(l []string) []string { return l[1:] }))
	if res, _ := w.Check(t.Context()); res.OK {
		t.Fatal("watcher missed an edit of an older file")
	}
}

func TestCloseDayWritesOneCheckpointPerDayFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	c := &clock{t: day0}
	var saved []Checkpoint
	l, err := Open(t.Context(), dir, WithKey(testKey), WithClock(c.now),
		WithCheckpoints(func(_ context.Context, cp Checkpoint) { saved = append(saved, cp) }))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	for range 2 {
		if err := l.Append(t.Context(), Entry{Action: ActionLogout}); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.CloseDay(t.Context()); err != nil || len(saved) != 2 {
		t.Fatalf("close on the same day: %v, %d checkpoints saved", err, len(saved))
	}
	c.set(day0.AddDate(0, 0, 1))
	for range 2 {
		if err := l.CloseDay(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Append(t.Context(), Entry{Action: ActionLogout}); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join(dir, fileName(day0)))
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 3 || !strings.Contains(lines[2], `"action":"audit.checkpoint"`) {
		t.Fatalf("day file: %q", lines)
	}
	if len(saved) != 4 || saved[2].Entries != 3 || !testKey.Valid(saved[2]) {
		t.Fatalf("saved checkpoints %+v", saved)
	}
	res, err := VerifyWith(t.Context(), dir, VerifyOptions{Key: testKey, Checkpoints: []Checkpoint{saved[3]}})
	if err != nil || !res.OK || res.Entries != 4 {
		t.Fatalf("verify %+v %v", res, err)
	}
}
