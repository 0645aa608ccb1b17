package market

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// canary is the API key used in tests; it must never leak.
const canary = "CANARY-k3y-5ecret+/="

// fake is a provider double: a queue of scripted responses, then the
// default handler.
type fake struct {
	srv     *httptest.Server
	hits    atomic.Int64
	mu      sync.Mutex
	script  []http.HandlerFunc
	def     http.HandlerFunc
	reqs    []*http.Request
	lastURL string
}

// newFakeB starts a Polygon fake for benchmarks and returns its URL.
func newFakeB(b *testing.B) string {
	srv := httptest.NewServer(polygonHandler(nil))
	b.Cleanup(srv.Close)
	return srv.URL
}

func newFake(t *testing.T, def http.HandlerFunc) *fake {
	t.Helper()
	f := &fake{def: def}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fake) serve(w http.ResponseWriter, r *http.Request) {
	f.hits.Add(1)
	f.mu.Lock()
	f.reqs = append(f.reqs, r)
	f.lastURL = r.URL.String()
	h := f.def
	if len(f.script) > 0 {
		h, f.script = f.script[0], f.script[1:]
	}
	f.mu.Unlock()
	h(w, r)
}

func (f *fake) setDefault(h http.HandlerFunc) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.def = h
}

func (f *fake) push(hs ...http.HandlerFunc) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.script = append(f.script, hs...)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func status(code int, body any) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, code, body) }
}

// weekdays lists the weekdays in [from, to].
func weekdays(from, to time.Time) []time.Time {
	var out []time.Time
	for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
		if d.Weekday() != time.Saturday && d.Weekday() != time.Sunday {
			out = append(out, d)
		}
	}
	return out
}

func price(d time.Time) float64 { return 100 + float64(d.YearDay()) }

// fxRate is the fakes' units of a currency per EUR on d.
func fxRate(d time.Time) float64 { return 1 + float64(d.YearDay())/1000 }

// polygonHandler serves /v2/aggs (stocks, and C:EURxxx forex) and
// /v3/reference/tickers like Polygon.
func polygonHandler(t *testing.T) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+canary {
			writeJSON(w, 401, map[string]any{"status": "ERROR", "request_id": "x", "error": "Unknown API Key"})
			return
		}
		parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
		switch {
		case len(parts) == 9 && parts[0] == "v2" && parts[1] == "aggs":
			from, err1 := time.Parse(time.DateOnly, parts[7])
			to, err2 := time.Parse(time.DateOnly, parts[8])
			if err1 != nil || err2 != nil || r.URL.Query().Get("adjusted") != "true" {
				writeJSON(w, 400, map[string]any{"status": "ERROR", "error": "bad request"})
				return
			}
			var res []map[string]any
			for _, d := range weekdays(from, to) {
				ts := time.Date(d.Year(), d.Month(), d.Day(), 5, 0, 0, 0, time.UTC)
				if d.Month() >= 4 && d.Month() <= 10 {
					ts = ts.Add(-time.Hour) // EDT
				}
				p := price(d)
				if strings.HasPrefix(parts[3], "C:") { // forex: midnight UTC bars
					ts, p = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC), fxRate(d)
				}
				res = append(res, map[string]any{"t": ts.UnixMilli(), "o": p, "h": p + 0.01, "l": p - 0.01, "c": p, "v": 1.5e6})
			}
			writeJSON(w, 200, map[string]any{"ticker": parts[3], "status": "OK", "resultsCount": len(res), "results": res})
		case len(parts) == 3 && parts[1] == "reference":
			writeJSON(w, 200, map[string]any{"status": "OK", "results": []map[string]any{
				{"ticker": "AAPL", "name": "Apple Inc.", "primary_exchange": "XNAS", "locale": "us"},
				{"ticker": "ZZZQ", "name": "Zed\u0000Corp", "primary_exchange": "XNYS", "locale": "us", "currency_name": "eur"},
				{"ticker": "../../x", "name": "evil", "primary_exchange": "X", "locale": "us"},
			}})
		default:
			writeJSON(w, 404, map[string]any{"status": "NOT_FOUND", "error": "not found"})
		}
	}
}

// fmpHandler serves FMP's historical (stocks, and EURxxx forex), search
// and profile endpoints.
func fmpHandler(t *testing.T) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("apikey") != canary {
			writeJSON(w, 401, map[string]any{"Error Message": "Invalid API KEY. Please retry or visit our documentation."})
			return
		}
		parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
		switch {
		case len(parts) == 4 && parts[2] == "historical-price-full":
			from, _ := time.Parse(time.DateOnly, r.URL.Query().Get("from"))
			to, _ := time.Parse(time.DateOnly, r.URL.Query().Get("to"))
			days := weekdays(from, to)
			hist := []map[string]any{}
			for i := len(days) - 1; i >= 0; i-- { // newest first
				d := days[i]
				p := price(d)
				if strings.HasPrefix(parts[3], "EUR") && len(parts[3]) == 6 { // forex pair
					p = fxRate(d)
				}
				hist = append(hist, map[string]any{"date": d.Format(time.DateOnly), "open": p, "high": p + 0.01, "low": p - 0.01, "close": p, "volume": 1000})
			}
			if parts[3] == "NOPE" {
				writeJSON(w, 200, map[string]any{})
				return
			}
			writeJSON(w, 200, map[string]any{"symbol": parts[3], "historical": hist})
		case len(parts) == 3 && parts[2] == "search":
			writeJSON(w, 200, []map[string]any{
				{"symbol": "AAPL", "name": "Apple Inc.", "currency": "USD", "stockExchange": "NASDAQ Global Select", "exchangeShortName": "NASDAQ"},
				{"symbol": "bad symbol!", "name": "x", "currency": "USD", "stockExchange": "X", "exchangeShortName": "X"},
			})
		case len(parts) == 4 && parts[2] == "profile":
			if parts[3] != "SAP" {
				writeJSON(w, 200, []any{})
				return
			}
			writeJSON(w, 200, []map[string]any{{"symbol": "SAP", "companyName": "SAP SE", "sector": "Technology", "industry": "Software", "country": "DE", "exchangeShortName": "NYSE", "currency": "EUR"}})
		default:
			writeJSON(w, 404, map[string]any{"Error Message": "not found"})
		}
	}
}

// events collects FailureEvents.
type events struct {
	mu  sync.Mutex
	evs []FailureEvent
}

func (e *events) add(_ context.Context, ev FailureEvent) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.evs = append(e.evs, ev)
}

func (e *events) all() []FailureEvent {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]FailureEvent(nil), e.evs...)
}

// clock is a settable test clock.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// lockedBuffer is a goroutine-safe log sink.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// env bundles a test configuration and its observers.
type env struct {
	cfg  Config
	ev   *events
	logs *lockedBuffer
	clk  *clock
}

func testEnv(t *testing.T, base string) *env {
	t.Helper()
	e := &env{ev: &events{}, logs: &lockedBuffer{}, clk: &clock{now: time.Date(2024, 1, 10, 15, 0, 0, 0, time.UTC)}}
	e.cfg = Config{
		PolygonBaseURL: base, FMPBaseURL: base,
		CachePath: filepath.Join(t.TempDir(), "market-cache.db"),
		Timeout:   2 * time.Second, MaxRetries: 2,
		BackoffBase: time.Millisecond, BackoffMax: 5 * time.Millisecond,
		BreakerThreshold: 3, BreakerCooldown: time.Minute,
		Logger:    slog.New(slog.NewTextHandler(e.logs, nil)),
		OnFailure: e.ev.add, Now: e.clk.Now,
	}
	return e
}

func openRemote(t *testing.T, open func(context.Context, Config) (*Remote, error), cfg Config) *Remote {
	t.Helper()
	p, err := open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.Close() })
	return p
}

// noCanary fails if the key appears in s in any encoding.
func noCanary(t *testing.T, what, s string) {
	t.Helper()
	for _, form := range []string{canary, "CANARY", "k3y-5ecret"} {
		if strings.Contains(s, form) {
			t.Fatalf("%s leaks the key (%q): %s", what, form, s)
		}
	}
}
