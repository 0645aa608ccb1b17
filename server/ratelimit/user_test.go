package ratelimit

import (
	"strconv"
	"strings"
	"testing"
	"testing/synctest"
	"time"
)

// newTestUserLimiter builds a UserLimiter on a fake clock, closed with t.
func newTestUserLimiter(t testing.TB, cfg UserConfig) (*UserLimiter, *fakeClock) {
	t.Helper()
	clk := newFakeClock()
	cfg.Now = clk.Now
	u, err := NewUserLimiter(cfg)
	if err != nil {
		t.Fatalf("NewUserLimiter: %v", err)
	}
	t.Cleanup(func() { _ = u.Close() })
	return u, clk
}

func TestUserLimiterDefaults(t *testing.T) {
	t.Parallel()
	tests := []struct {
		class     string
		wantOK    int
		wantRetry time.Duration
	}{
		{ClassCompute, 5, 3 * time.Second},
		{ClassLogin, 5, 6 * time.Second},
		{ClassLog, 5, 6 * time.Second},
		{ClassEmail, 5, 12 * time.Minute},
	}
	for _, tc := range tests {
		t.Run(tc.class, func(t *testing.T) {
			t.Parallel()
			u, _ := newTestUserLimiter(t, UserConfig{})
			ok := 0
			var retry time.Duration
			for range 10 {
				allowed, r := u.Allow("user1", tc.class)
				if allowed {
					ok++
					continue
				}
				retry = r
			}
			if ok != tc.wantOK {
				t.Errorf("%d allowed, want %d", ok, tc.wantOK)
			}
			if d := retry - tc.wantRetry; d < -time.Millisecond || d > time.Millisecond {
				t.Errorf("retryAfter = %v, want %v", retry, tc.wantRetry)
			}
		})
	}
}

func TestUserLimiterIsolation(t *testing.T) {
	t.Parallel()
	u, clk := newTestUserLimiter(t, UserConfig{})
	for range 5 {
		u.Allow("alice", ClassCompute)
	}
	checks := []struct {
		name, key, class string
		want             bool
	}{
		{"same key and class refused", "alice", ClassCompute, false},
		{"other class allowed", "alice", ClassLog, true},
		{"other key allowed", "bob", ClassCompute, true},
		{"unknown class fails closed", "alice", "nope", false},
	}
	for _, c := range checks {
		if ok, _ := u.Allow(c.key, c.class); ok != c.want {
			t.Errorf("%s: Allow = %v, want %v", c.name, ok, c.want)
		}
	}
	clk.Advance(3 * time.Second)
	if ok, _ := u.Allow("alice", ClassCompute); !ok {
		t.Error("after refill: refused, want allowed")
	}
}

func TestUserLimiterLongKeys(t *testing.T) {
	t.Parallel()
	u, _ := newTestUserLimiter(t, UserConfig{Rules: map[string]Rule{"c": PerMinute(1, 1)}})
	long := strings.Repeat("x", 10_000)
	if ok, _ := u.Allow(long, "c"); !ok {
		t.Fatal("first long key refused")
	}
	if ok, _ := u.Allow(long, "c"); ok {
		t.Error("repeated long key allowed, want refused")
	}
	if ok, _ := u.Allow(long+"y", "c"); !ok {
		t.Error("different long key refused, want own bucket")
	}
}

func TestUserLimiterBounded(t *testing.T) {
	t.Parallel()
	u, clk := newTestUserLimiter(t, UserConfig{MaxEntries: 500})
	for i := range 100_000 {
		u.Allow("user-"+strconv.Itoa(i), ClassLogin)
	}
	if n := u.Len(); n != 500 {
		t.Errorf("entries = %d, want cap 500", n)
	}
	clk.Advance(2 * time.Hour)
	u.buckets.sweep(clk.Now())
	if n := u.Len(); n != 0 {
		t.Errorf("after idle sweep: %d entries, want 0", n)
	}
}

func TestUserLimiterTTLCoversRefill(t *testing.T) {
	t.Parallel()
	u, clk := newTestUserLimiter(t, UserConfig{IdleTTL: time.Minute})
	for range 5 {
		u.Allow("alice", ClassEmail)
	}
	clk.Advance(10 * time.Minute)
	u.buckets.sweep(clk.Now())
	if ok, _ := u.Allow("alice", ClassEmail); ok {
		t.Error("email allowed after 10 min idle: eviction reset the bucket")
	}
}

func TestNewUserLimiterValidates(t *testing.T) {
	t.Parallel()
	bad := []UserConfig{
		{Rules: map[string]Rule{"c": {Limit: 0, Burst: 1}}},
		{Rules: map[string]Rule{"c": PerMinute(1, 0)}},
		{MaxEntries: -1},
		{IdleTTL: -1},
	}
	for i, cfg := range bad {
		if u, err := NewUserLimiter(cfg); err == nil {
			_ = u.Close()
			t.Errorf("config %d accepted, want error", i)
		}
	}
}

func TestUserLimiterCloseStopsJanitor(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		u, err := NewUserLimiter(UserConfig{})
		if err != nil {
			t.Fatal(err)
		}
		u.Allow("alice", ClassCompute)
		_ = u.Close()
		_ = u.Close()
	})
}
