package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/fortfolio/fortfolio/server/config"
	"github.com/fortfolio/fortfolio/server/platform"
	"github.com/fortfolio/fortfolio/server/ratelimit"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// polygonCanary is the Polygon key of the market integration test: it must
// never reach a response, a header, a file, a security event or a log line.
const polygonCanary = "CANARY-p0lyg0n-k3y-5ecret+/="

// polygonCanaryForms are the key's raw and escaped forms and distinctive
// fragments, any of which would reveal it.
var polygonCanaryForms = []string{polygonCanary, url.QueryEscape(polygonCanary), url.PathEscape(polygonCanary), "p0lyg0n-k3y", "k3y-5ecret"}

// fakePolygon serves Polygon's /v2/aggs JSON (stocks, and the C:EURxxx
// forex pairs at fakeRate), a ticker's reference entry (quoted in USD),
// counts requests per path and can be switched to failing with 500 or 429
// (failFX: forex only); failures echo the key back, as a careless upstream
// might.
type fakePolygon struct {
	srv    *httptest.Server
	mu     sync.Mutex
	hits   map[string]int
	all    int
	fail   int // 0: serve data, else the status to answer
	failFX bool
}

func newFakePolygon(t *testing.T) *fakePolygon {
	t.Helper()
	f := &fakePolygon{hits: map[string]int{}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakePolygon) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.hits[r.URL.Path]++
	f.all++
	fail := f.fail
	if f.failFX && strings.HasPrefix(r.URL.Path, "/v2/aggs/ticker/C:") {
		fail = http.StatusInternalServerError
	}
	f.mu.Unlock()
	auth := r.Header.Get("Authorization")
	if auth != "Bearer "+polygonCanary {
		fakeJSON(w, http.StatusUnauthorized, map[string]any{"status": "ERROR", "request_id": "x", "error": "Unknown API Key"})
		return
	}
	echo := "upstream trouble, auth=" + auth + " key=" + polygonCanary + " url=" + r.URL.String() + "&apiKey=" + polygonCanary
	switch fail {
	case 0:
	case http.StatusTooManyRequests:
		w.Header().Set("Retry-After", "1")
		fakeJSON(w, fail, map[string]any{"status": "ERROR", "request_id": "x", "error": echo})
		return
	default:
		fakeJSON(w, fail, map[string]any{"status": "ERROR", "request_id": "x", "error": echo})
		return
	}
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	if tk := r.URL.Query().Get("ticker"); r.URL.Path == "/v3/reference/tickers" && tk != "" {
		fakeJSON(w, http.StatusOK, map[string]any{"status": "OK", "results": []map[string]any{
			{"ticker": tk, "name": tk + " Inc.", "primary_exchange": "XNAS", "currency_name": "usd"}}})
		return
	}
	if len(parts) != 9 || parts[0] != "v2" || parts[1] != "aggs" || r.URL.Query().Get("adjusted") != "true" {
		fakeJSON(w, http.StatusNotFound, map[string]any{"status": "NOT_FOUND", "error": "not found"})
		return
	}
	from, err1 := time.Parse(time.DateOnly, parts[7])
	to, err2 := time.Parse(time.DateOnly, parts[8])
	if err1 != nil || err2 != nil {
		fakeJSON(w, http.StatusBadRequest, map[string]any{"status": "ERROR", "error": "bad request"})
		return
	}
	res := []map[string]any{}
	for _, d := range fakeWeekdays(from, to) {
		ts := time.Date(d.Year(), d.Month(), d.Day(), 5, 0, 0, 0, time.UTC) // midnight New York (EST)
		if d.Month() >= 4 && d.Month() <= 10 {
			ts = ts.Add(-time.Hour) // EDT
		}
		p := fakePrice(d)
		if strings.HasPrefix(parts[3], "C:") { // forex bars start at midnight UTC
			ts, p = d, fakeRate(d)
		}
		res = append(res, map[string]any{"t": ts.UnixMilli(), "o": p, "h": p + 1, "l": p - 1, "c": p, "v": 1.5e6, "vw": p, "n": 1000})
	}
	fakeJSON(w, http.StatusOK, map[string]any{"ticker": parts[3], "queryCount": len(res), "resultsCount": len(res),
		"adjusted": true, "status": "OK", "request_id": "r1", "count": len(res), "results": res})
}

func (f *fakePolygon) setFail(status int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fail = status
}

func (f *fakePolygon) counts(path string) (forPath, all int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.hits[path], f.all
}

func fakeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func fakeWeekdays(from, to time.Time) []time.Time {
	var out []time.Time
	for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
		if d.Weekday() != time.Saturday && d.Weekday() != time.Sunday {
			out = append(out, d)
		}
	}
	return out
}

func fakePrice(d time.Time) float64 { return 100 + float64(d.YearDay()) }

// fakeRate is the fake's units of a currency per EUR on d.
func fakeRate(d time.Time) float64 { return 1 + float64(d.YearDay())/1000 }

// syncLog is a goroutine-safe slog sink.
type syncLog struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *syncLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *syncLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// newPolygonTestServer builds the platform like newTestServer, in dev mode,
// with the Polygon provider pointed at base.
func newPolygonTestServer(t *testing.T, base string) *testServer {
	t.Helper()
	rules := ratelimit.DefaultUserRules()
	for k := range rules {
		rules[k] = ratelimit.PerMinute(100000, 10000)
	}
	srv := httptest.NewUnstartedServer(nil)
	host := srv.Listener.Addr().String()
	ts := &testServer{t: t, DataDir: t.TempDir(), Secret: []byte(strings.Repeat("k", 32))}
	cfg := config.Config{
		DataDir: ts.DataDir, AllowedHosts: []string{host}, RateGeneral: 100000, RateAPI: 100000, Dev: true,
		JWTSecret: ts.Secret, Pepper: []byte(strings.Repeat("p", 32)),
		PolygonKey: polygonCanary, PolygonBaseURL: base,
	}
	p, err := platform.New(context.Background(), cfg, platform.Options{BcryptCost: bcrypt.MinCost, UserRules: rules})
	if err != nil {
		t.Fatal(err)
	}
	ts.Platform = p
	srv.Config.Handler = p.Handler
	srv.Start()
	ts.URL = srv.URL
	t.Cleanup(func() { srv.Close(); p.Close() })
	return ts
}

// TestMarketProviderThroughServer drives the Polygon provider through the
// whole server: data, cache, outage (503, security event) and the key
// never leaking anywhere.
func TestMarketProviderThroughServer(t *testing.T) {
	logs := &syncLog{}
	prev := slog.Default()
	slog.SetDefault(slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	t.Cleanup(func() { slog.SetDefault(prev) })

	fake := newFakePolygon(t)
	ts := newPolygonTestServer(t, fake.srv.URL)

	token, _ := ts.registerAndLogin("market_admin", adminPassword)
	const history = "/api/market/history/AAPL?from=2024-01-02&to=2024-01-31"
	const aggsPath = "/v2/aggs/ticker/AAPL/range/1/day/2024-01-02/2024-01-31"
	var first wire.History
	var events wire.SecurityEvents
	before := 0 // provider requests after the cached call
	table := []scenario{
		{name: "first dev account is admin", method: "GET", path: "/api/me", token: token, wantStatus: http.StatusOK, want: []string{`"role":"admin"`}},
		{name: "history comes from the provider", method: "GET", path: history, token: token, wantStatus: http.StatusOK,
			after: func(t *testing.T, r response) {
				if err := json.Unmarshal([]byte(r.Body), &first); err != nil {
					t.Fatal(err)
				}
				days := fakeWeekdays(time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC), time.Date(2024, 1, 31, 0, 0, 0, 0, time.UTC))
				if first.Provider != "polygon" || first.Ticker != "AAPL" || first.From != "2024-01-02" || first.To != "2024-01-31" {
					t.Fatalf("history header = %+v", first)
				}
				if len(first.Bars) != len(days) {
					t.Fatalf("%d bars, want %d (the fake's weekdays)", len(first.Bars), len(days))
				}
				for i, d := range days {
					b := first.Bars[i]
					if b.Date != d.Format(time.DateOnly) || b.Close != fakePrice(d) || b.High != fakePrice(d)+1 || b.Volume != 1500000 {
						t.Fatalf("bar %d = %+v, want the fake's bar of %s", i, b, d.Format(time.DateOnly))
					}
				}
				if n, _ := fake.counts(aggsPath); n != 1 {
					t.Fatalf("provider asked %d times for the range, want 1", n)
				}
			}},
		{name: "identical call is served from the cache", method: "GET", path: history, token: token, wantStatus: http.StatusOK,
			after: func(t *testing.T, r response) {
				var again wire.History
				if err := json.Unmarshal([]byte(r.Body), &again); err != nil {
					t.Fatal(err)
				}
				if fmt.Sprint(again) != fmt.Sprint(first) {
					t.Fatal("cached answer differs from the first")
				}
				var n int
				if n, before = fake.counts(aggsPath); n != 1 {
					t.Fatalf("provider asked %d times for the same settled range, want 1", n)
				}
			}},
		// Today's unsettled bar (for the latest price) is memoised too.
		{name: "third identical call stays local", method: "GET", path: history, token: token, wantStatus: http.StatusOK,
			after: func(t *testing.T, _ response) {
				if _, after := fake.counts(aggsPath); after != before {
					t.Fatalf("third identical call reached the provider (%d -> %d requests)", before, after)
				}
			}},
	}
	for _, o := range []struct {
		name   string
		status int
		ticker string
	}{
		{"provider answers 500", http.StatusInternalServerError, "MSFT"},
		{"provider answers 429", http.StatusTooManyRequests, "IBM"},
	} {
		table = append(table,
			scenario{name: o.name, method: "GET", path: "/api/market/history/" + o.ticker + "?from=2024-01-02&to=2024-01-31", token: token,
				before:     func(*testing.T, *scenario) { fake.setFail(o.status) },
				wantStatus: http.StatusServiceUnavailable, notWant: []string{"polygon", "HTTP ", "upstream", "127.0.0.1"},
				after: func(t *testing.T, r response) {
					var e struct{ Error, Code string }
					if err := json.Unmarshal([]byte(r.Body), &e); err != nil || e.Code != "market_unavailable" || e.Error == "" {
						t.Fatalf("error body %s (%v)", r.Body, err)
					}
				}},
			// What is already cached keeps working during the outage.
			scenario{name: o.name + ": cached history still served", method: "GET", path: history, token: token, wantStatus: http.StatusOK,
				after: func(*testing.T, response) { fake.setFail(0) }})
	}
	table = append(table, scenario{name: "failures are security events", method: "GET", path: "/api/admin/security-events?kind=market_failure",
		token: token, wantStatus: http.StatusOK,
		after: func(t *testing.T, r response) {
			if err := json.Unmarshal([]byte(r.Body), &events); err != nil {
				t.Fatal(err)
			}
			found := map[int]bool{}
			for _, ev := range events.Events {
				if ev.Kind != "market_failure" {
					t.Errorf("kind filter let through %+v", ev)
				}
				for _, st := range []int{500, 429} {
					if strings.Contains(ev.Detail, fmt.Sprintf("polygon status %d", st)) {
						found[st] = true
						// The fake echoed the key: the event proves it was redacted.
						if !strings.Contains(ev.Detail, "REDACTED") {
							t.Errorf("event detail shows no redaction of the echoed key: %q", ev.Detail)
						}
					}
				}
			}
			if !found[500] || !found[429] {
				t.Fatalf("market_failure events for 500 and 429 missing: %+v", events.Events)
			}
			if events.Counts24["market_failure"] < 2 {
				t.Errorf("counts_24h = %v", events.Counts24)
			}
		}})
	var seen []response // every answer, checked for the key at the end
	for i := range table {
		check := table[i].after
		table[i].after = func(t *testing.T, r response) {
			seen = append(seen, r)
			if check != nil {
				check(t, r)
			}
		}
	}
	ts.runScenarios(t, table)
	fake.setFail(0)

	t.Run("the key appears nowhere", func(t *testing.T) {
		for _, r := range seen {
			assertNoPolygonKey(t, "response body", r.Body)
			for name, vals := range r.Header {
				assertNoPolygonKey(t, "header "+name, strings.Join(vals, "\n"))
			}
		}
		for _, ev := range events.Events {
			assertNoPolygonKey(t, "security event", ev.Detail)
		}
		audits, _ := filepath.Glob(filepath.Join(ts.DataDir, "audit", "*"))
		if len(audits) == 0 {
			t.Error("no audit file was written: the audit check proves nothing")
		}
		// Audit files, databases (events, market cache) and everything else.
		err := filepath.WalkDir(ts.DataDir, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			assertNoPolygonKey(t, "file "+strings.TrimPrefix(path, ts.DataDir), string(b))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		out := logs.String()
		if !strings.Contains(out, "market provider failure") || !strings.Contains(out, "/api/market/history") {
			t.Fatalf("the log capture saw no market failure or request; the check proves nothing:\n%s", out)
		}
		assertNoPolygonKey(t, "logs", out)
	})
}

func assertNoPolygonKey(t *testing.T, where, s string) {
	t.Helper()
	for _, form := range polygonCanaryForms {
		if strings.Contains(s, form) {
			t.Errorf("%s contains the Polygon key (%q)", where, form)
			return
		}
	}
}
