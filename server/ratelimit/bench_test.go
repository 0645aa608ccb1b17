package ratelimit

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
)

// nopWriter is a ResponseWriter that discards everything.
type nopWriter struct{ h http.Header }

func (w *nopWriter) Header() http.Header         { return w.h }
func (w *nopWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *nopWriter) WriteHeader(int)             {}

// benchLimiter never refuses, so benchmarks measure the hit path.
func benchLimiter(b *testing.B) *IPLimiter {
	l, _ := newTestLimiter(b, Config{
		GeneralPerMin: 1 << 30, GeneralBurst: 1 << 30,
		APIPerMin: 1 << 30, APIBurst: 1 << 30,
		Trusted: mustTrusted(b, "127.0.0.1/32"),
	})
	return l
}

func BenchmarkMiddleware(b *testing.B) {
	h := benchLimiter(b).Middleware(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	r := httptest.NewRequest("GET", "/api/portfolios", nil)
	r.RemoteAddr = "127.0.0.1:5555"
	r.Header.Set("X-Forwarded-For", "198.51.100.1, 203.0.113.7")
	w := &nopWriter{h: http.Header{}}
	b.ReportAllocs()
	for b.Loop() {
		h.ServeHTTP(w, r)
	}
}

func BenchmarkMiddlewareParallel(b *testing.B) {
	h := benchLimiter(b).Middleware(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		w := &nopWriter{h: http.Header{}}
		reqs := make([]*http.Request, 64)
		for i := range reqs {
			reqs[i] = httptest.NewRequest("GET", "/", nil)
			reqs[i].RemoteAddr = "192.0.2." + strconv.Itoa(i) + ":1"
		}
		i := 0
		for pb.Next() {
			h.ServeHTTP(w, reqs[i%len(reqs)])
			i++
		}
	})
}

func BenchmarkClientIP(b *testing.B) {
	trusted := mustTrusted(b, "127.0.0.1/32", "10.0.0.0/8")
	r := httptest.NewRequest("GET", "/", nil)
	r.RemoteAddr = "127.0.0.1:5555"
	r.Header.Set("X-Forwarded-For", "198.51.100.1, 203.0.113.7, 10.0.0.3")
	b.ReportAllocs()
	for b.Loop() {
		_ = ClientIP(r, trusted)
	}
}

func BenchmarkUserAllow(b *testing.B) {
	u, _ := newTestUserLimiter(b, UserConfig{Rules: map[string]Rule{"c": PerMinute(1<<30, 1<<30)}})
	b.ReportAllocs()
	for b.Loop() {
		u.Allow("user-0123456789", "c")
	}
}
