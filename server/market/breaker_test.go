package market

import (
	"testing"
	"time"
)

func TestBreaker(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	b := newBreaker(2, time.Minute)
	steps := []struct {
		name      string
		at        time.Duration
		op        string // allow, fail, ok, release
		wantAllow bool
		wantOpen  bool
	}{
		{"closed allows", 0, "allow", true, false},
		{"first failure", 0, "fail", false, false},
		{"second failure opens", 0, "fail", false, true},
		{"open rejects", 30 * time.Second, "allow", false, false},
		{"after cooldown one trial", 61 * time.Second, "allow", true, false},
		{"second concurrent trial rejected", 61 * time.Second, "allow", false, false},
		{"trial fails reopens", 62 * time.Second, "fail", false, true},
		{"reopened rejects", 90 * time.Second, "allow", false, false},
		{"next trial", 3 * time.Minute, "allow", true, false},
		{"trial released", 3 * time.Minute, "release", false, false},
		{"another trial", 3 * time.Minute, "allow", true, false},
		{"trial succeeds", 3 * time.Minute, "ok", false, false},
		{"closed again", 3 * time.Minute, "allow", true, false},
		{"single failure keeps closed", 3 * time.Minute, "fail", false, false},
		{"still closed", 3 * time.Minute, "allow", true, false},
	}
	for _, s := range steps {
		now := t0.Add(s.at)
		switch s.op {
		case "allow":
			if got := b.allow(now); got != s.wantAllow {
				t.Fatalf("%s: allow = %v", s.name, got)
			}
		case "fail":
			if got := b.failure(now); got != s.wantOpen {
				t.Fatalf("%s: opened = %v", s.name, got)
			}
		case "ok":
			b.success()
		case "release":
			b.release()
		}
	}
}
