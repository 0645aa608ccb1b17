package ratelimit

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// fakeClock is a manually advanced clock for deterministic tests.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// okHandler answers 200 "ok".
var okHandler = http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
	_, _ = w.Write([]byte("ok"))
})

// newTestLimiter builds an IPLimiter on a fake clock and closes it with t.
func newTestLimiter(t testing.TB, cfg Config) (*IPLimiter, *fakeClock) {
	t.Helper()
	clk := newFakeClock()
	if cfg.Now == nil {
		cfg.Now = clk.Now
	}
	l, err := NewIPLimiter(cfg)
	if err != nil {
		t.Fatalf("NewIPLimiter: %v", err)
	}
	t.Cleanup(func() { _ = l.Close() })
	return l, clk
}

// do sends one request through h and returns the recorder.
func do(h http.Handler, method, target, remote string, xff ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, target, nil)
	r.RemoteAddr = remote
	for _, v := range xff {
		r.Header.Add("X-Forwarded-For", v)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// countOK sends n requests and counts the 200 answers.
func countOK(h http.Handler, n int, method, target, remote string, xff ...string) int {
	ok := 0
	for range n {
		if do(h, method, target, remote, xff...).Code == http.StatusOK {
			ok++
		}
	}
	return ok
}
