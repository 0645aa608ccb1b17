package portfolioanalytics

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/server/market"
	"github.com/fortfolio/fortfolio/server/model"
)

// fxKey is the API key of the fake providers.
const fxKey = "fx-test-key"

// fakeFXProvider serves Polygon's or FMP's daily bars of the stock XUSD
// (quoted in USD) and of the EUR forex pairs, and counts forex requests.
// The provider's EURUSD differs from ECB's on 2014-01-02 (ECB 1.3658) and
// 2014-01-03 (ECB 1.3634) and is missing on 2014-01-06 (ECB 1.3602).
type fakeFXProvider struct {
	srv       *httptest.Server
	mu        sync.Mutex
	forex     []string // pairs asked for, in order
	failFX    bool     // forex requests answer 500
	stock     map[string]float64
	eurusd    map[string]float64
	isPolygon bool
}

func newFakeFXProvider(t *testing.T, polygon bool) *fakeFXProvider {
	t.Helper()
	f := &fakeFXProvider{isPolygon: polygon,
		stock:  map[string]float64{"2014-01-02": 100, "2014-01-03": 110, "2014-01-06": 120},
		eurusd: map[string]float64{"2014-01-02": 1.25, "2014-01-03": 1.5},
	}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeFXProvider) serve(w http.ResponseWriter, r *http.Request) {
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	if f.isPolygon {
		f.servePolygon(w, r, parts)
		return
	}
	f.serveFMP(w, r, parts)
}

// closes returns the fake's closes of symbol and whether it is a pair.
func (f *fakeFXProvider) closes(symbol string) (map[string]float64, bool, bool) {
	pair := strings.TrimPrefix(symbol, "C:")
	if strings.HasPrefix(pair, "EUR") && len(pair) == 6 {
		f.mu.Lock()
		f.forex = append(f.forex, pair)
		fail := f.failFX
		f.mu.Unlock()
		if pair != "EURUSD" {
			return map[string]float64{}, true, fail
		}
		return f.eurusd, true, fail
	}
	if symbol == "XUSD" {
		return f.stock, false, false
	}
	return map[string]float64{}, false, false
}

func (f *fakeFXProvider) servePolygon(w http.ResponseWriter, r *http.Request, parts []string) {
	if r.Header.Get("Authorization") != "Bearer "+fxKey {
		fxJSON(w, http.StatusUnauthorized, map[string]any{"status": "ERROR", "error": "Unknown API Key"})
		return
	}
	switch {
	case len(parts) == 9 && parts[1] == "aggs":
		closes, pair, fail := f.closes(parts[3])
		if fail {
			fxJSON(w, http.StatusInternalServerError, map[string]any{"status": "ERROR", "error": "down"})
			return
		}
		res := []map[string]any{}
		for _, d := range sortedDays(closes) {
			ts := day(d).Add(5 * time.Hour) // midnight New York
			if pair {
				ts = day(d) // forex bars start at midnight UTC
			}
			c := closes[d]
			res = append(res, map[string]any{"t": ts.UnixMilli(), "o": c, "h": c, "l": c, "c": c, "v": 1})
		}
		fxJSON(w, http.StatusOK, map[string]any{"status": "OK", "ticker": parts[3], "results": res})
	case len(parts) == 3 && parts[2] == "tickers":
		fxJSON(w, http.StatusOK, map[string]any{"status": "OK", "results": []map[string]any{
			{"ticker": "XUSD", "name": "X Corp", "primary_exchange": "XNYS", "currency_name": "usd"}}})
	default:
		fxJSON(w, http.StatusNotFound, map[string]any{"status": "NOT_FOUND"})
	}
}

func (f *fakeFXProvider) serveFMP(w http.ResponseWriter, r *http.Request, parts []string) {
	if r.URL.Query().Get("apikey") != fxKey {
		fxJSON(w, http.StatusUnauthorized, map[string]any{"Error Message": "Invalid API KEY."})
		return
	}
	switch {
	case len(parts) == 4 && parts[2] == "historical-price-full":
		closes, _, fail := f.closes(parts[3])
		if fail {
			fxJSON(w, http.StatusInternalServerError, map[string]any{"Error Message": "down"})
			return
		}
		hist := []map[string]any{}
		days := sortedDays(closes)
		for i := len(days) - 1; i >= 0; i-- { // newest first
			c := closes[days[i]]
			hist = append(hist, map[string]any{"date": days[i], "open": c, "high": c, "low": c, "close": c, "volume": 1})
		}
		fxJSON(w, http.StatusOK, map[string]any{"symbol": parts[3], "historical": hist})
	case len(parts) == 4 && parts[2] == "profile" && parts[3] == "XUSD":
		fxJSON(w, http.StatusOK, []map[string]any{{"symbol": "XUSD", "companyName": "X Corp", "sector": "Tech",
			"industry": "Software", "country": "US", "exchangeShortName": "NYSE", "currency": "USD"}})
	default:
		fxJSON(w, http.StatusOK, []any{})
	}
}

func (f *fakeFXProvider) forexAsked() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.forex...)
}

func sortedDays(m map[string]float64) []string {
	out := make([]string, 0, len(m))
	for d := range m {
		out = append(out, d)
	}
	slices.Sort(out)
	return out
}

func fxJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// openFXRemote opens the Polygon or FMP provider against the fake.
func openFXRemote(t *testing.T, f *fakeFXProvider) *market.Remote {
	t.Helper()
	cfg := market.Config{CachePath: filepath.Join(t.TempDir(), "cache.db"), MaxRetries: -1,
		Logger: slog.New(slog.DiscardHandler)}
	open := market.NewFMP
	if f.isPolygon {
		cfg.PolygonKey, cfg.PolygonBaseURL, open = fxKey, f.srv.URL, market.NewPolygon
	} else {
		cfg.FMPKey, cfg.FMPBaseURL = fxKey, f.srv.URL
	}
	p, err := open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.Close() })
	return p
}

// withoutFX hides a provider's exchange rates: ECB's alone are used.
type withoutFX struct{ market.Provider }

// fxLedger is 10 shares of the USD stock XUSD bought at 100 USD.
var fxLedger = []model.Transaction{{Kind: "buy", Ticker: "XUSD", Date: day("2014-01-02"), Quantity: 10, Price: 100, Basis: "adjusted"}}

// TestProviderFXOverECB: a EUR portfolio holding a USD stock is valued at
// quantity x close / the provider's EURUSD on the days the provider has,
// and at ECB's rate on a day it lacks (2014-01-06: 1.3602). Only the
// currency the portfolio converts is fetched.
func TestProviderFXOverECB(t *testing.T) {
	for _, polygon := range []bool{true, false} {
		t.Run(map[bool]string{true: "polygon", false: "fmp"}[polygon], func(t *testing.T) {
			f := newFakeFXProvider(t, polygon)
			src := Source{Market: openFXRemote(t, f)}
			b, err := src.LoadIn(context.Background(), "EUR", fxLedger)
			if err != nil {
				t.Fatal(err)
			}
			q := 10.0
			c0, c1, c2 := 100.0, 110.0, 120.0
			r0, r1, ecb2 := 1.25, 1.5, 1.3602
			want := map[string]float64{"2014-01-02": q * (c0 / r0), "2014-01-03": q * (c1 / r1), "2014-01-06": q * (c2 / ecb2)}
			ps := b.SeriesOf([]string{"XUSD"})
			if len(ps) != 1 || len(ps[0].Dates) != 3 {
				t.Fatalf("series %+v", ps)
			}
			for i, d := range ps[0].Dates {
				if got := q * ps[0].Close[i]; !near(got, want[d.Format(time.DateOnly)]) {
					t.Errorf("value on %s = %v, want %v", d.Format(time.DateOnly), got, want[d.Format(time.DateOnly)])
				}
			}
			for _, to := range []string{"2014-01-03", "2014-01-06"} {
				rep, err := b.Report(time.Time{}, day(to), nil, 0)
				if err != nil {
					t.Fatal(err)
				}
				if !near(rep.EndValue, want[to]) || !near(rep.StartValue, want["2014-01-02"]) {
					t.Errorf("report to %s: start %v end %v, want %v %v", to, rep.StartValue, rep.EndValue, want["2014-01-02"], want[to])
				}
			}
			h, err := src.Holdings(context.Background(), "EUR", fxLedger)
			if err != nil {
				t.Fatal(err)
			}
			if len(h.Positions) != 1 || !near(h.Positions[0].MarketValue, want["2014-01-06"]) || !near(h.Positions[0].CostBasis, q*(c0/r0)) {
				t.Fatalf("holdings %+v, want value %v cost %v", h.Positions, want["2014-01-06"], q*(c0/r0))
			}
			for _, pair := range f.forexAsked() {
				if pair != "EURUSD" {
					t.Fatalf("fetched %s for a portfolio converting USD only", pair)
				}
			}
		})
	}
}

// TestProviderFXOnlyWhenConverting: a USD portfolio of USD stocks
// converts nothing and asks the provider for no exchange rates.
func TestProviderFXOnlyWhenConverting(t *testing.T) {
	f := newFakeFXProvider(t, true)
	src := Source{Market: openFXRemote(t, f)}
	if _, err := src.Holdings(context.Background(), "USD", fxLedger); err != nil {
		t.Fatal(err)
	}
	if got := f.forexAsked(); len(got) != 0 {
		t.Fatalf("forex requests %v", got)
	}
}

// TestProviderFXFailureFallsBackToECB: with the provider's forex failing,
// holdings and analytics equal the ECB-only results, and the failure is
// logged without failing the request.
func TestProviderFXFailureFallsBackToECB(t *testing.T) {
	for _, polygon := range []bool{true, false} {
		t.Run(map[bool]string{true: "polygon", false: "fmp"}[polygon], func(t *testing.T) {
			f := newFakeFXProvider(t, polygon)
			f.failFX = true
			remote := openFXRemote(t, f)
			var logs bytes.Buffer
			failing := Source{Market: remote, Logger: slog.New(slog.NewTextHandler(&logs, nil))}
			ecbOnly := Source{Market: withoutFX{remote}}
			for name, run := range map[string]func(Source) (any, error){
				"holdings": func(s Source) (any, error) { return s.Holdings(context.Background(), "EUR", fxLedger) },
				"report": func(s Source) (any, error) {
					b, err := s.LoadIn(context.Background(), "EUR", fxLedger)
					if err != nil {
						return nil, err
					}
					return b.Report(time.Time{}, time.Time{}, nil, 0)
				},
			} {
				got, err := run(failing)
				if err != nil {
					t.Fatalf("%s with failing provider FX: %v", name, err)
				}
				want, err := run(ecbOnly)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("%s: %+v\nECB only: %+v", name, got, want)
				}
			}
			if len(f.forexAsked()) == 0 || !strings.Contains(logs.String(), "level=WARN") || !strings.Contains(logs.String(), "currency=USD") {
				t.Fatalf("the failure was not asked for or not logged: %q", logs.String())
			}
			if strings.Contains(logs.String(), fxKey) {
				t.Fatal("the log carries the key")
			}
		})
	}
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

// TestRatesEndFollowsEachCurrency: the provider's EURUSD runs past ECB's
// last date (2024-10-11), GBP's rates still end there. A EUR portfolio of
// a USD stock is valued up to the provider's last USD rate; a GBP one
// needs GBP too, so it is valued up to GBP's end plus the carry limit and
// the later buy is pending, not an error. By hand: 2025-03-03 value
// 2 x 130 / 1.05; 2024-10-11 value in GBP 1 x 120 / 1.1 x 0.83600 (ECB
// EURGBP that day).
func TestRatesEndFollowsEachCurrency(t *testing.T) {
	f := newFakeFXProvider(t, true)
	f.stock = map[string]float64{"2024-10-10": 110, "2024-10-11": 120, "2025-03-03": 130}
	f.eurusd = map[string]float64{"2024-10-10": 1.2, "2024-10-11": 1.1, "2025-03-03": 1.05}
	src := Source{Market: openFXRemote(t, f)}
	txs := []model.Transaction{
		{Kind: "buy", Ticker: "XUSD", Date: day("2024-10-10"), Quantity: 1, Price: 110, Basis: "adjusted"},
		{Kind: "buy", Ticker: "XUSD", Date: day("2025-03-03"), Quantity: 1, Price: 130, Basis: "adjusted"},
	}
	two, c, r := 2.0, 130.0, 1.05
	one, c1, r1, gbp := 1.0, 120.0, 1.1, 0.83705
	tests := []struct {
		base     string
		last     string
		pending  int
		endValue float64
	}{
		{"EUR", "2025-03-03", 0, two * (c / r)},
		{"GBP", "2024-10-11", 1, one * (c1 / r1 * gbp)},
	}
	for _, tc := range tests {
		t.Run(tc.base, func(t *testing.T) {
			b, err := src.LoadIn(context.Background(), tc.base, txs)
			if err != nil {
				t.Fatal(err)
			}
			if got := b.LastPriceDate().Format(time.DateOnly); got != tc.last || len(b.Pending) != tc.pending {
				t.Fatalf("last price date %s, %d pending; want %s, %d", got, len(b.Pending), tc.last, tc.pending)
			}
			rep, err := b.Report(time.Time{}, time.Time{}, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			if !near(rep.EndValue, tc.endValue) {
				t.Fatalf("end value %v, want %v", rep.EndValue, tc.endValue)
			}
		})
	}
}

// TestSeriesBeforeTheRatesStart: a provider's closes before the first
// exchange rate (1999-01-04) cannot be converted: a EUR portfolio is
// valued from there, not refused. By hand: 1 share at 61 USD on
// 1999-01-05 is 61 / 1.1790 EUR (ECB; the fake has no EURUSD).
func TestSeriesBeforeTheRatesStart(t *testing.T) {
	f := newFakeFXProvider(t, false)
	f.stock = map[string]float64{"1998-12-30": 50, "1999-01-04": 60, "1999-01-05": 61}
	f.eurusd = map[string]float64{}
	src := Source{Market: openFXRemote(t, f)}
	b, err := src.LoadIn(context.Background(), "EUR", []model.Transaction{
		{Kind: "buy", Ticker: "XUSD", Date: day("1999-01-04"), Quantity: 1, Price: 60, Basis: "adjusted"}})
	if err != nil {
		t.Fatal(err)
	}
	ps := b.SeriesOf([]string{"XUSD"})
	if len(ps) != 1 || len(ps[0].Dates) != 2 || !ps[0].Dates[0].Equal(day("1999-01-04")) {
		t.Fatalf("series %+v, want 1999-01-04 and 1999-01-05", ps)
	}
	c, r := 61.0, 1.1790
	if got := ps[0].Close[1]; got != c/r {
		t.Fatalf("close %v, want %v", got, c/r)
	}
}
