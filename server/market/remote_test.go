package market

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"
)

func TestPolygonHistoryAndCache(t *testing.T) {
	t.Parallel()
	f := newFake(t, polygonHandler(t))
	e := testEnv(t, f.srv.URL)
	e.cfg.PolygonKey = canary
	ctx := context.Background()
	p := openRemote(t, NewPolygon, e.cfg)
	from, to := date(t, "2023-06-01"), date(t, "2023-06-30")

	bars, err := p.History(ctx, "aapl", from, to)
	if err != nil {
		t.Fatal(err)
	}
	if len(bars) != 22 || !bars[0].Date.Equal(from) || !bars[21].Date.Equal(to) {
		t.Fatalf("got %d bars %v..%v", len(bars), bars[0].Date, bars[len(bars)-1].Date)
	}
	if bars[0].Close != price(from) || bars[0].Volume != 1_500_000 {
		t.Fatalf("bar = %+v", bars[0])
	}
	f.mu.Lock()
	req := f.reqs[0]
	f.mu.Unlock()
	if req.URL.Path != "/v2/aggs/ticker/AAPL/range/1/day/2023-06-01/2023-06-30" || req.URL.Query().Get("sort") != "asc" ||
		req.URL.Query().Get("limit") != "50000" {
		t.Fatalf("request = %s", req.URL)
	}
	noCanary(t, "request URL", req.URL.String())

	tests := []struct {
		name     string
		from, to string
		wantHits int64
		wantN    int
	}{
		{"same range from cache", "2023-06-01", "2023-06-30", 1, 22},
		{"sub range from cache", "2023-06-05", "2023-06-09", 1, 5},
		{"extension fetches", "2023-06-01", "2023-07-07", 2, 27},
		{"merged range cached", "2023-06-15", "2023-07-05", 2, 15},
		{"adjacent merge", "2023-07-08", "2023-07-31", 3, 16},
		{"whole merged", "2023-06-01", "2023-07-31", 3, 43},
	}
	for _, tc := range tests {
		bars, err := p.History(ctx, "AAPL", date(t, tc.from), date(t, tc.to))
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if f.hits.Load() != tc.wantHits || len(bars) != tc.wantN {
			t.Fatalf("%s: hits=%d bars=%d, want %d and %d", tc.name, f.hits.Load(), len(bars), tc.wantHits, tc.wantN)
		}
	}

	// A new provider on the same cache file does not refetch.
	p2 := openRemote(t, NewPolygon, e.cfg)
	if _, err := p2.History(ctx, "AAPL", from, to); err != nil || f.hits.Load() != 3 {
		t.Fatalf("reopened cache refetched: hits=%d err=%v", f.hits.Load(), err)
	}
}

func TestRemoteRecentDays(t *testing.T) {
	t.Parallel()
	f := newFake(t, polygonHandler(t))
	e := testEnv(t, f.srv.URL) // now = 2024-01-10 15:00 UTC
	e.cfg.PolygonKey = canary
	e.cfg.RecentTTL = time.Minute
	ctx := context.Background()
	p := openRemote(t, NewPolygon, e.cfg)
	steps := []struct {
		name     string
		advance  time.Duration
		wantHits int64
	}{
		{"first fetch", 0, 1},
		{"settled cached, today memoised", 0, 2},
		{"memo still fresh", 30 * time.Second, 2},
		{"memo expired refetches today only", time.Minute, 3},
	}
	for _, s := range steps {
		e.clk.advance(s.advance)
		bars, err := p.History(ctx, "AAPL", date(t, "2024-01-02"), date(t, "2024-01-10"))
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if len(bars) != 7 || f.hits.Load() != s.wantHits {
			t.Fatalf("%s: bars=%d hits=%d want 7, %d", s.name, len(bars), f.hits.Load(), s.wantHits)
		}
	}
	b, err := p.Latest(ctx, "AAPL")
	if err != nil || !b.Date.Equal(date(t, "2024-01-10")) {
		t.Fatalf("Latest = %+v, %v", b, err)
	}
}

func TestRetriesBackoffAndBreaker(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rateLimited := status(429, map[string]any{"status": "ERROR", "request_id": "r", "error": "You've exceeded the maximum requests per minute, please wait or upgrade your subscription to continue."})
	down := status(503, map[string]any{"status": "ERROR", "error": "upstream down"})

	t.Run("429 then success honours Retry-After", func(t *testing.T) {
		t.Parallel()
		f := newFake(t, polygonHandler(t))
		f.push(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "3600") // capped at BackoffMax
			rateLimited(w, r)
		})
		e := testEnv(t, f.srv.URL)
		e.cfg.PolygonKey = canary
		p := openRemote(t, NewPolygon, e.cfg)
		if _, err := p.History(ctx, "MSFT", date(t, "2023-01-02"), date(t, "2023-01-06")); err != nil {
			t.Fatal(err)
		}
		if f.hits.Load() != 2 || len(e.ev.all()) != 0 {
			t.Fatalf("hits=%d events=%v", f.hits.Load(), e.ev.all())
		}
	})

	t.Run("5xx exhausts retries then breaker opens", func(t *testing.T) {
		t.Parallel()
		f := newFake(t, down)
		e := testEnv(t, f.srv.URL)
		e.cfg.PolygonKey = canary
		p := openRemote(t, NewPolygon, e.cfg)
		for i := range 3 {
			_, err := p.History(ctx, "MSFT", date(t, "2023-01-02"), date(t, "2023-01-06"))
			if !errors.Is(err, ErrUnavailable) {
				t.Fatalf("call %d: err = %v", i, err)
			}
		}
		if f.hits.Load() != 9 { // 3 calls x (1 + 2 retries)
			t.Fatalf("hits = %d, want 9", f.hits.Load())
		}
		evs := e.ev.all()
		if len(evs) != 4 || evs[0].Status != 503 || evs[0].Provider != "polygon" || evs[3].Message == "" {
			t.Fatalf("events = %+v", evs)
		}
		_, err := p.History(ctx, "MSFT", date(t, "2023-01-02"), date(t, "2023-01-06"))
		if !errors.Is(err, ErrUnavailable) || f.hits.Load() != 9 {
			t.Fatalf("open breaker let a request through: hits=%d err=%v", f.hits.Load(), err)
		}
		// After the cooldown one trial goes through; success closes the breaker.
		e.clk.advance(2 * time.Minute)
		f.setDefault(polygonHandler(t))
		if _, err := p.History(ctx, "MSFT", date(t, "2023-01-02"), date(t, "2023-01-06")); err != nil {
			t.Fatalf("half-open trial: %v", err)
		}
	})

	t.Run("401 is not retried", func(t *testing.T) {
		t.Parallel()
		f := newFake(t, polygonHandler(t))
		e := testEnv(t, f.srv.URL)
		e.cfg.PolygonKey = "wrong-key"
		p := openRemote(t, NewPolygon, e.cfg)
		_, err := p.History(ctx, "MSFT", date(t, "2023-01-02"), date(t, "2023-01-06"))
		if !errors.Is(err, ErrUnavailable) || f.hits.Load() != 1 {
			t.Fatalf("hits=%d err=%v", f.hits.Load(), err)
		}
		if evs := e.ev.all(); len(evs) != 1 || evs[0].Status != 401 {
			t.Fatalf("events = %+v", evs)
		}
	})

	t.Run("timeout", func(t *testing.T) {
		t.Parallel()
		f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		})
		e := testEnv(t, f.srv.URL)
		e.cfg.PolygonKey = canary
		e.cfg.Timeout = 50 * time.Millisecond
		e.cfg.MaxRetries = -1
		p := openRemote(t, NewPolygon, e.cfg)
		_, err := p.History(ctx, "MSFT", date(t, "2023-01-02"), date(t, "2023-01-06"))
		if !errors.Is(err, ErrUnavailable) || f.hits.Load() != 1 {
			t.Fatalf("hits=%d err=%v", f.hits.Load(), err)
		}
	})

	t.Run("caller cancel is not a provider failure", func(t *testing.T) {
		t.Parallel()
		f := newFake(t, polygonHandler(t))
		e := testEnv(t, f.srv.URL)
		e.cfg.PolygonKey = canary
		p := openRemote(t, NewPolygon, e.cfg)
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		_, err := p.History(cctx, "MSFT", date(t, "2023-01-02"), date(t, "2023-01-06"))
		if !errors.Is(err, context.Canceled) || len(e.ev.all()) != 0 {
			t.Fatalf("err=%v events=%v", err, e.ev.all())
		}
	})

	t.Run("redirect not followed", func(t *testing.T) {
		t.Parallel()
		target := newFake(t, polygonHandler(t))
		f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, target.srv.URL+r.URL.Path, http.StatusFound)
		})
		e := testEnv(t, f.srv.URL)
		e.cfg.PolygonKey = canary
		p := openRemote(t, NewPolygon, e.cfg)
		_, err := p.History(ctx, "MSFT", date(t, "2023-01-02"), date(t, "2023-01-06"))
		if err == nil || target.hits.Load() != 0 {
			t.Fatalf("redirect followed: err=%v target hits=%d", err, target.hits.Load())
		}
	})
}

func TestBackoffBounds(t *testing.T) {
	t.Parallel()
	c := &client{cfg: Config{BackoffBase: 100 * time.Millisecond, BackoffMax: time.Second}}
	for attempt := range 40 {
		d := c.backoff(attempt, 0)
		want := min(100*time.Millisecond<<min(attempt, 20), time.Second)
		if d < want/2 || d > want {
			t.Fatalf("attempt %d: delay %v outside [%v, %v]", attempt, d, want/2, want)
		}
	}
	if d := c.backoff(0, time.Hour); d != time.Second {
		t.Fatalf("Retry-After not capped: %v", d)
	}
}

func TestParseRetryAfter(t *testing.T) {
	t.Parallel()
	now := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"", 0}, {"5", 5 * time.Second}, {"-1", 0}, {"abc", 0}, {"99999999999999999999", 0},
		{"Mon, 01 Jan 2024 00:00:30 GMT", 30 * time.Second}, {"Sun, 31 Dec 2023 00:00:00 GMT", 0},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			if got := parseRetryAfter(tc.in, now); got != tc.want {
				t.Fatalf("got %v want %v", got, tc.want)
			}
		})
	}
}

func TestNewSelectsProvider(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	base := Config{CachePath: ""}
	tests := []struct {
		name string
		cfg  func(Config) Config
		want string
	}{
		{"embedded by default", func(c Config) Config { return c }, "embedded"},
		{"blank keys are unset", func(c Config) Config { c.PolygonKey, c.FMPKey = "  ", ""; return c }, "embedded"},
		{"fmp", func(c Config) Config { c.FMPKey = canary; return c }, "fmp"},
		{"polygon wins", func(c Config) Config { c.FMPKey, c.PolygonKey = canary, canary; return c }, "polygon"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := New(ctx, tc.cfg(base))
			if err != nil {
				t.Fatal(err)
			}
			if r, ok := p.(*Remote); ok {
				defer r.Close()
			}
			if p.Name() != tc.want {
				t.Fatalf("provider = %s, want %s", p.Name(), tc.want)
			}
		})
	}
}

func TestConfigRejects(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	tests := []struct {
		name string
		cfg  Config
	}{
		{"plain http remote", Config{PolygonKey: canary, PolygonBaseURL: "http://api.example.com"}},
		{"credentials in URL", Config{FMPKey: canary, FMPBaseURL: "https://u:p@example.com"}},
		{"query in URL", Config{FMPKey: canary, FMPBaseURL: "https://example.com/?x=1"}},
		{"relative URL", Config{FMPKey: canary, FMPBaseURL: "/api"}},
		{"ftp", Config{FMPKey: canary, FMPBaseURL: "ftp://example.com"}},
		{"key with newline", Config{PolygonKey: "abc\r\nX-Evil: 1"}},
		{"key too long", Config{PolygonKey: string(make([]byte, 300))}},
		{"cache path with query", Config{FMPKey: canary, CachePath: "/tmp/x.db?mode=ro"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := New(ctx, tc.cfg)
			if err == nil {
				if r, ok := p.(*Remote); ok {
					r.Close()
				}
				t.Fatal("want error")
			}
			noCanary(t, "config error", err.Error())
		})
	}
}
