package ratelimit

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/fortfolio/fortfolio/server/reqctx"
)

func TestIPLimiterClasses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		method string
		target string
		sent   int
		wantOK int
	}{
		{"general burst 30", "GET", "/", 40, 30},
		{"api burst 30", "POST", "/api/auth/login", 40, 30},
		{"static generous", "GET", "/web/app.wasm", 250, 200},
		{"shell file static", "GET", "/app.js", 250, 200},
		{"healthz exempt", "GET", "/healthz", 500, 500},
		{"POST healthz not exempt", "POST", "/healthz", 40, 30},
		{"POST to /web is general", "POST", "/web/x", 40, 30},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			l, _ := newTestLimiter(t, Config{})
			h := l.Middleware(okHandler)
			if got := countOK(h, tc.sent, tc.method, tc.target, "192.0.2.1:1"); got != tc.wantOK {
				t.Errorf("%d of %d allowed, want %d", got, tc.sent, tc.wantOK)
			}
		})
	}
}

func TestIPLimiterBucketsIndependent(t *testing.T) {
	t.Parallel()
	l, _ := newTestLimiter(t, Config{})
	h := l.Middleware(okHandler)
	const ip = "192.0.2.1:1"
	if got := countOK(h, 31, "GET", "/", ip); got != 30 {
		t.Fatalf("general: %d allowed, want 30", got)
	}
	if c := do(h, "GET", "/api/me", ip).Code; c != http.StatusOK {
		t.Errorf("api after general exhausted: %d, want 200", c)
	}
	if c := do(h, "GET", "/app.css", ip).Code; c != http.StatusOK {
		t.Errorf("static after general exhausted: %d, want 200", c)
	}
	if c := do(h, "GET", "/", "192.0.2.2:1").Code; c != http.StatusOK {
		t.Errorf("other client: %d, want 200", c)
	}
}

func TestIPLimiterConfiguredRates(t *testing.T) {
	t.Parallel()
	l, clk := newTestLimiter(t, Config{GeneralPerMin: 6, GeneralBurst: 2, APIPerMin: 120, APIBurst: 1})
	h := l.Middleware(okHandler)
	const ip = "192.0.2.1:1"
	if got := countOK(h, 5, "GET", "/", ip); got != 2 {
		t.Fatalf("general burst: %d allowed, want 2", got)
	}
	clk.Advance(10 * time.Second) // 6/min refills one token per 10 s.
	if got := countOK(h, 5, "GET", "/", ip); got != 1 {
		t.Errorf("after 10s: %d allowed, want 1", got)
	}
	if got := countOK(h, 3, "GET", "/api/x", ip); got != 1 {
		t.Errorf("api burst: %d allowed, want 1", got)
	}
	clk.Advance(500 * time.Millisecond) // 120/min refills one token per 0.5 s.
	if got := countOK(h, 3, "GET", "/api/x", ip); got != 1 {
		t.Errorf("api after 0.5s: %d allowed, want 1", got)
	}
}

func TestIPLimiterTooManyResponse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, target, wantRetry string
		advance                 time.Duration
	}{
		{"general 30/min waits 2s", "/", "2", 0},
		{"api 60/min waits 1s", "/api/x", "1", 0},
		{"partial refill rounds up", "/", "1", 1500 * time.Millisecond},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			l, clk := newTestLimiter(t, Config{})
			h := l.Middleware(okHandler)
			countOK(h, 30, "GET", tc.target, "192.0.2.1:1")
			clk.Advance(tc.advance)
			if tc.advance > 0 {
				countOK(h, 1, "GET", tc.target, "192.0.2.1:1")
			}
			w := do(h, "GET", tc.target, "192.0.2.1:1")
			assertTooMany(t, w, tc.wantRetry)
		})
	}
}

// assertTooMany checks the full 429 response.
func assertTooMany(t *testing.T, w *httptest.ResponseRecorder, wantRetry string) {
	t.Helper()
	if w.Code != http.StatusTooManyRequests {
		t.Fatalf("status %d, want 429", w.Code)
	}
	want := map[string]string{
		"Retry-After":   wantRetry,
		"Content-Type":  "application/json; charset=utf-8",
		"Cache-Control": "no-store",
	}
	for k, v := range want {
		if got := w.Header().Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	if got := w.Body.String(); got != `{"error":"Too many requests, slow down.","code":"rate_limited"}`+"\n" {
		t.Errorf("body = %q", got)
	}
}

func TestIPLimiterIPv6Slash64(t *testing.T) {
	t.Parallel()
	l, _ := newTestLimiter(t, Config{})
	h := l.Middleware(okHandler)
	countOK(h, 30, "GET", "/", "[2001:db8:0:1::1]:1")
	if c := do(h, "GET", "/", "[2001:db8:0:1:abcd::9]:1").Code; c != http.StatusTooManyRequests {
		t.Errorf("same /64: %d, want 429", c)
	}
	if c := do(h, "GET", "/", "[2001:db8:0:2::1]:1").Code; c != http.StatusOK {
		t.Errorf("other /64: %d, want 200", c)
	}
}

func TestIPLimiterForwardedFor(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		trusted []string
		remote  string
		wantOK  int
	}{
		{"spoofing ignored from untrusted peer", nil, "198.51.100.7:1", 30},
		{"spoofing ignored when peer not in trusted", []string{"127.0.0.1/32"}, "198.51.100.7:1", 30},
		{"honoured from trusted proxy", []string{"127.0.0.1/32"}, "127.0.0.1:1", 60},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			l, _ := newTestLimiter(t, Config{Trusted: mustTrusted(t, tc.trusted...)})
			h := l.Middleware(okHandler)
			ok := 0
			for i := range 60 { // 60 distinct claimed clients.
				ok += countOK(h, 1, "GET", "/", tc.remote, fmt.Sprintf("203.0.113.%d", i))
			}
			if ok != tc.wantOK {
				t.Errorf("%d of 60 allowed, want %d", ok, tc.wantOK)
			}
		})
	}
}

func TestIPLimiterContextAndHook(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var hooked []string
	l, _ := newTestLimiter(t, Config{APIBurst: 1, OnLimited: func(_ *http.Request, ip netip.Addr, class string) {
		mu.Lock()
		defer mu.Unlock()
		hooked = append(hooked, ip.String()+" "+class)
	}})
	var seen netip.Addr
	h := l.Middleware(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		seen, _ = reqctx.ClientIP(r.Context())
	}))
	do(h, "GET", "/api/x", "192.0.2.9:1")
	do(h, "GET", "/api/x", "192.0.2.9:1")
	if seen.String() != "192.0.2.9" {
		t.Errorf("reqctx.ClientIP = %v, want 192.0.2.9", seen)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(hooked) != 1 || hooked[0] != "192.0.2.9 api" {
		t.Errorf("OnLimited calls = %v, want [192.0.2.9 api]", hooked)
	}
}

func TestClassify(t *testing.T) {
	t.Parallel()
	tests := []struct {
		method, path string
		want         class
	}{
		{"GET", "/", classGeneral},
		{"GET", "/portfolios/abc", classGeneral},
		{"GET", "/api", classAPI},
		{"GET", "/api/me", classAPI},
		{"GET", "/apix", classGeneral},
		{"GET", "/web/app.wasm", classStatic},
		{"HEAD", "/manifest.webmanifest", classStatic},
		{"GET", "/web/../api/auth/login", classAPI},
		{"GET", "/web//../healthz", classExempt},
		{"GET", "/healthz", classExempt},
		{"DELETE", "/healthz", classGeneral},
		{"GET", "/robots.txt", classGeneral},
	}
	for _, tc := range tests {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			t.Parallel()
			r := httptest.NewRequest(tc.method, "/", nil)
			r.URL.Path = tc.path
			if got := classify(r); got != tc.want {
				t.Errorf("classify = %d, want %d", got, tc.want)
			}
		})
	}
}

func TestIPLimiterBoundedUnderRandomIPs(t *testing.T) {
	t.Parallel()
	const maxEntries = 1000
	l, clk := newTestLimiter(t, Config{MaxEntries: maxEntries})
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 100_000 {
		var ip netip.Addr
		if i%2 == 0 {
			ip = netip.AddrFrom4([4]byte{byte(rng.Uint32()), byte(rng.Uint32()), byte(rng.Uint32()), byte(rng.Uint32())})
		} else {
			var b [16]byte
			for j := range b {
				b[j] = byte(rng.Uint32())
			}
			ip = netip.AddrFrom16(b)
		}
		l.allow(LimitKey(ip), classGeneral)
		if n := l.Len(); n > maxEntries {
			t.Fatalf("after %d clients: %d entries, cap %d", i+1, n, maxEntries)
		}
	}
	if n := l.Len(); n != maxEntries {
		t.Errorf("entries = %d, want the cap %d", n, maxEntries)
	}
	clk.Advance(DefaultIdleTTL + time.Second)
	l.buckets.sweep(clk.Now())
	if n := l.Len(); n != 0 {
		t.Errorf("after idle sweep: %d entries, want 0", n)
	}
}

func TestIPLimiterIdleEvictionNotLenient(t *testing.T) {
	t.Parallel()
	// IdleTTL below the refill time is raised: an exhausted client must not
	// get a fresh bucket by pausing for just over the configured TTL.
	l, clk := newTestLimiter(t, Config{GeneralPerMin: 1, GeneralBurst: 1, IdleTTL: time.Second})
	h := l.Middleware(okHandler)
	countOK(h, 1, "GET", "/", "192.0.2.1:1")
	clk.Advance(30 * time.Second)
	l.buckets.sweep(clk.Now())
	if c := do(h, "GET", "/", "192.0.2.1:1").Code; c != http.StatusTooManyRequests {
		t.Errorf("after 30s idle: %d, want 429", c)
	}
}

func TestIPLimiterLazySweep(t *testing.T) {
	t.Parallel()
	l, clk := newTestLimiter(t, Config{IdleTTL: time.Minute})
	for i := range 5 {
		l.allow(netip.AddrFrom4([4]byte{192, 0, 2, byte(i)}), classGeneral)
	}
	clk.Advance(2 * time.Minute)
	l.allow(netip.AddrFrom4([4]byte{198, 51, 100, 1}), classGeneral)
	if n := l.Len(); n != 1 {
		t.Errorf("entries = %d, want 1 after lazy sweep", n)
	}
}

func TestNewIPLimiterRejectsNegative(t *testing.T) {
	t.Parallel()
	for _, cfg := range []Config{{GeneralPerMin: -1}, {APIBurst: -1}, {MaxEntries: -1}, {IdleTTL: -time.Second}} {
		if l, err := NewIPLimiter(cfg); err == nil {
			_ = l.Close()
			t.Errorf("NewIPLimiter(%+v) succeeded, want error", cfg)
		}
	}
}

func TestIPLimiterCloseStopsJanitor(t *testing.T) {
	t.Parallel()
	// synctest fails the test if any goroutine started inside the bubble is
	// still alive when the function returns.
	synctest.Test(t, func(t *testing.T) {
		l, err := NewIPLimiter(Config{IdleTTL: time.Minute})
		if err != nil {
			t.Fatal(err)
		}
		h := l.Middleware(okHandler)
		countOK(h, 3, "GET", "/", "192.0.2.1:1")
		time.Sleep(3 * time.Minute) // fake time: the janitor sweeps.
		synctest.Wait()
		if n := l.Len(); n != 0 {
			t.Errorf("janitor left %d entries", n)
		}
		_ = l.Close()
		_ = l.Close() // idempotent
	})
}
