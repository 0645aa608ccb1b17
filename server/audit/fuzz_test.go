package audit

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func FuzzParseLine(f *testing.F) {
	f.Add([]byte(`{"ts":"2025-01-02T03:04:05Z","actor":"a","ip":"","action":"x","target":"","details":{},"prev":"0","hash":"0"}`))
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"ts":"2025-01-02T03:04:05Z"}{}`))
	f.Add([]byte("\xff\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		e, err := parseLine(b)
		if err != nil {
			return
		}
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
		b, _ := os.ReadFile(filepath.Join(dir, fileName(day0)))
		if n := len(b); n == 0 || b[n-1] != '\n' {
			t.Fatal("file does not end with newline")
		}
	})
}

func FuzzValidAction(f *testing.F) {
	for _, s := range []string{ActionLoginSuccess, "", ".", "a..b", "A", "a.b_c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !ValidAction(s) {
			return
		}
		if len(s) > MaxActionBytes || s[0] == '.' || s[len(s)-1] == '.' {
			t.Fatalf("accepted %q", s)
		}
	})
}
