package audit

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/shared/fuzzseed"
)

// FuzzParseLine checks that every line parseLine accepts is exactly the
// line encodeLine writes for it. The first seeds are real lines, so the
// round trip is checked from the start.
func FuzzParseLine(f *testing.F) {
	seen := fuzzseed.Require(f)
	key, err := NewKey([]byte(strings.Repeat("k", 32)))
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []struct {
		e   Entry
		key *Key
	}{
		{Entry{TS: day0, Actor: "alice", IP: "203.0.113.9", Action: ActionLoginSuccess, Target: "user-1", Details: map[string]string{"k": "v"}, Prev: "0"}, nil},
		{Entry{Seq: 2, TS: day0.Add(1500 * time.Millisecond), Actor: "\u2028<b>", Action: "a.b_c", Details: map[string]string{}, Prev: strings.Repeat("ab", 32)}, key},
	} {
		b, _, err := encodeLine(s.e.record(), s.key)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b[:len(b)-1])
	}
	f.Add([]byte(`{"ts":"2025-01-02T03:04:05Z","actor":"a","ip":"","action":"x","target":"","details":{},"prev":"0","hash":"0"}`))
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"ts":"2025-01-02T03:04:05Z"}{}`))
	f.Add([]byte("\xff\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		e, err := parseLine(b)
		if err != nil {
			return
		}
		seen.Reached()
		sum, err := e.record().hash()
		again, merr := json.Marshal(line{record: e.record(), Hash: sum, MAC: e.MAC})
		if err != nil || merr != nil || sum != e.Hash || string(again) != string(b) {
			t.Fatalf("accepted line does not round-trip: %q", b)
		}
	})
}

// FuzzAppendVerifies checks that whatever callers log, the file keeps one
// line per entry and the chain verifies.
func FuzzAppendVerifies(f *testing.F) {
	seen := fuzzseed.Require(f)
	f.Add("alice", "203.0.113.9", "user-1", "k", "v")
	f.Add("a\nb", "\xff", "\u2028<script>", "\x00", "\"}\n{")
	f.Fuzz(func(t *testing.T, actor, ip, target, key, val string) {
		dir := t.TempDir()
		l, err := Open(t.Context(), dir, WithClock(func() time.Time { return day0 }))
		if err != nil {
			t.Fatal(err)
		}
		for range 2 {
			e := Entry{Actor: actor, IP: ip, Action: ActionLoginFailure, Target: target,
				Details: map[string]string{key: val}}
			if err := l.Append(t.Context(), e); err != nil {
				t.Fatal(err)
			}
		}
		l.Close()
		res, err := Verify(t.Context(), dir)
		if err != nil || !res.OK || res.Entries != 2 {
			t.Fatalf("verify: %+v %v", res, err)
		}
		seen.Reached()
		b, _ := os.ReadFile(filepath.Join(dir, fileName(day0)))
		if n := len(b); n == 0 || b[n-1] != '\n' {
			t.Fatal("file does not end with newline")
		}
	})
}

func FuzzValidAction(f *testing.F) {
	seen := fuzzseed.Require(f)
	for _, s := range []string{ActionLoginSuccess, "", ".", "a..b", "A", "a.b_c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !ValidAction(s) {
			return
		}
		seen.Reached()
		if len(s) > MaxActionBytes || s[0] == '.' || s[len(s)-1] == '.' {
			t.Fatalf("accepted %q", s)
		}
	})
}
