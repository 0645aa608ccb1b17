package audit

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

var day0 = time.Date(2025, 3, 30, 22, 0, 0, 0, time.UTC)

// writeChain writes perDay entries on each of days consecutive days and
// returns the directory.
func writeChain(t testing.TB, days, perDay int) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "audit")
	c := &clock{t: day0}
	l, err := Open(t.Context(), dir, WithClock(c.now))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	for d := range days {
		for i := range perDay {
			c.set(day0.AddDate(0, 0, d).Add(time.Duration(i) * time.Minute))
			e := Entry{Actor: fmt.Sprintf("u%d", i%3), IP: "192.0.2.1", Action: ActionLoginSuccess,
				Target: fmt.Sprintf("d%d-i%d", d, i), Details: map[string]string{"n": fmt.Sprint(i)}}
			if i%2 == 1 {
				e.Action = ActionPortfolioCreate
			}
			if err := l.Append(t.Context(), e); err != nil {
				t.Fatal(err)
			}
		}
	}
	return dir
}

func TestCanonicalHashVector(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ts := time.Date(2025, 1, 2, 3, 4, 5, 6, time.UTC)
	l, err := Open(t.Context(), dir, WithClock(func() time.Time { return ts }))
	if err != nil {
		t.Fatal(err)
	}
	err = l.Append(t.Context(), Entry{Actor: "alice", IP: "198.51.100.7", Action: "auth.login.success",
		Target: "user:<1>", Details: map[string]string{"z": "1", "a": "line\nbreak"}})
	if err != nil {
		t.Fatal(err)
	}
	l.Close()
	canonical := `{"seq":1,"ts":"2025-01-02T03:04:05.000000006Z","actor":"alice","ip":"198.51.100.7",` +
		`"action":"auth.login.success","target":"user:\u003c1\u003e","details":{"a":"line\nbreak","z":"1"},` +
		`"prev":"` + GenesisHash + `"}`
	sum := sha256.Sum256([]byte(GenesisHash + canonical))
	want := canonical[:len(canonical)-1] + `,"hash":"` + hex.EncodeToString(sum[:]) + "\"}\n"
	got, err := os.ReadFile(filepath.Join(dir, "audit-2025-01-02.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Fatalf("line\n got %s\nwant %s", got, want)
	}
}

func TestVerifyIntactChain(t *testing.T) {
	t.Parallel()
	dir := writeChain(t, 3, 5)
	res, err := Verify(t.Context(), dir)
	if err != nil {
		t.Fatal(err)
	}
	// 15 events plus the checkpoints closing the first two day files.
	if !res.OK || res.Broken != nil || res.Entries != 17 {
		t.Fatalf("result = %+v", res)
	}
	if want := day0.AddDate(0, 0, 2).Add(4 * time.Minute); !res.LastTS.Equal(want) {
		t.Fatalf("LastTS = %v, want %v", res.LastTS, want)
	}
	names, _ := filepath.Glob(filepath.Join(dir, "audit-*.jsonl"))
	if len(names) != 3 {
		t.Fatalf("files = %v, want 3 day files", names)
	}
}

func TestOpenResumesChain(t *testing.T) {
	t.Parallel()
	dir := writeChain(t, 2, 3)
	before, err := Verify(t.Context(), dir)
	if err != nil {
		t.Fatal(err)
	}
	l, err := Open(t.Context(), dir, WithClock(func() time.Time { return day0.AddDate(0, 0, 5) }))
	if err != nil {
		t.Fatal(err)
	}
	if l.LastHash() != before.LastHash {
		t.Fatalf("resumed at %s, want %s", l.LastHash(), before.LastHash)
	}
	if err := l.Append(t.Context(), Entry{Action: ActionLogout, Actor: "bob"}); err != nil {
		t.Fatal(err)
	}
	l.Close()
	if err := l.Append(t.Context(), Entry{Action: ActionLogout}); err == nil {
		t.Fatal("append after close succeeded")
	}
	res, err := Verify(t.Context(), dir)
	// 6 events, 1 checkpoint closing day 1, 1 closing day 2, 1 new event.
	if err != nil || !res.OK || res.Entries != 9 {
		t.Fatalf("after resume: %+v, %v", res, err)
	}
}

func TestOpenRefusesDamagedTail(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		edit func([]byte) []byte
	}{
		{"edited last line", func(b []byte) []byte { return bytes.Replace(b, []byte(`"u1"`), []byte(`"u9"`), 1) }},
		{"garbage appended", func(b []byte) []byte { return append(b, "not json\n"...) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := writeChain(t, 1, 2)
			editFile(t, filepath.Join(dir, "audit-2025-03-30.jsonl"), tt.edit)
			if l, err := Open(t.Context(), dir); err == nil {
				l.Close()
				t.Fatal("Open accepted a damaged tail")
			}
		})
	}
}

func editFile(t *testing.T, path string, edit func([]byte) []byte) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, edit(b), 0o600); err != nil {
		t.Fatal(err)
	}
}

func editLines(edit func([]string) []string) func([]byte) []byte {
	return func(b []byte) []byte {
		lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
		return []byte(strings.Join(edit(lines), "\n") + "\n")
	}
}

func TestAppendConcurrent(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	l, err := Open(t.Context(), dir)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 25 {
				e := Entry{Actor: fmt.Sprint(g), Action: ActionRateLimitHit, Target: fmt.Sprint(i)}
				if err := l.Append(t.Context(), e); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	l.Close()
	res, err := Verify(t.Context(), dir)
	if err != nil || !res.OK || res.Entries != 200 {
		t.Fatalf("result %+v, err %v", res, err)
	}
}

func TestHostileValues(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	l, err := Open(t.Context(), dir, WithClock(func() time.Time { return day0 }))
	if err != nil {
		t.Fatal(err)
	}
	details := map[string]string{}
	for i := range 100 {
		details[fmt.Sprintf("k%03d\n", i)] = strings.Repeat("é", 400)
	}
	e := Entry{Actor: "evil\n{\"x\":1}\r\n\u2028", IP: "\xff\xfe", Action: ActionLoginFailure,
		Target: strings.Repeat("a", 10000) + "\x00", Details: details}
	if err := l.Append(t.Context(), e); err != nil {
		t.Fatal(err)
	}
	l.Close()
	b, err := os.ReadFile(filepath.Join(dir, "audit-2025-03-30.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(b, []byte("\n")); n != 1 {
		t.Fatalf("hostile entry produced %d lines", n)
	}
	got, err := parseLine(b[:len(b)-1])
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Target) > MaxValueBytes || len(got.Details) != MaxDetails || got.Details[TruncatedKey] != "69" {
		t.Fatalf("caps not applied: target %d bytes, %d details, truncated=%q",
			len(got.Target), len(got.Details), got.Details[TruncatedKey])
	}
	if got.IP != "\uFFFD" {
		t.Fatalf("ip = %q, want replacement character", got.IP)
	}
	if res, err := Verify(t.Context(), dir); err != nil || !res.OK {
		t.Fatalf("verify: %+v %v", res, err)
	}
}

func TestValidAction(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want bool
	}{
		{ActionLoginSuccess, true}, {"backup.run", true}, {"x", true}, {"a_b.c2", true},
		{"", false}, {"Auth.login", false}, {"auth..login", false}, {".auth", false},
		{"auth.", false}, {"auth login", false}, {"auth\n", false}, {strings.Repeat("a", 65), false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := ValidAction(tt.in); got != tt.want {
				t.Fatalf("ValidAction(%q) = %v", tt.in, got)
			}
		})
	}
	l, err := Open(t.Context(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if err := l.Append(context.Background(), Entry{Action: "Bad Action"}); err == nil {
		t.Fatal("invalid action accepted")
	}
}
