package market

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestRemoteFX fetches a EUR rate series from each provider's forex
// endpoint, in units of the currency per EUR, then serves it from the cache.
func TestRemoteFX(t *testing.T) {
	from, to := time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC), time.Date(2024, 1, 8, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		open     func(context.Context, Config) (*Remote, error)
		handler  func(*testing.T) http.HandlerFunc
		key      func(*Config)
		cur      string
		wantPath string
	}{
		{"polygon forex aggregates", NewPolygon, polygonHandler, func(c *Config) { c.PolygonKey = canary }, "USD",
			"/v2/aggs/ticker/C:EURUSD/range/1/day/2024-01-02/2024-01-08"},
		{"fmp forex history", NewFMP, fmpHandler, func(c *Config) { c.FMPKey = canary }, "GBP",
			"/api/v3/historical-price-full/EURGBP"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t, tc.handler(t))
			e := testEnv(t, f.srv.URL)
			tc.key(&e.cfg)
			p := openRemote(t, tc.open, e.cfg)
			bars, err := p.FX(context.Background(), tc.cur, from, to)
			if err != nil {
				t.Fatal(err)
			}
			want := weekdays(from, to)
			if len(bars) != len(want) {
				t.Fatalf("%d bars, want %d", len(bars), len(want))
			}
			for i, b := range bars {
				if !b.Date.Equal(want[i]) || b.Close != fxRate(want[i]) {
					t.Fatalf("bar %d = %s %v, want %s %v", i, b.Date, b.Close, want[i], fxRate(want[i]))
				}
			}
			if got := f.reqs[0].URL.Path; got != tc.wantPath {
				t.Fatalf("path %q, want %q", got, tc.wantPath)
			}
			hits := f.hits.Load()
			if _, err := p.FX(context.Background(), tc.cur, from, from.AddDate(0, 0, 3)); err != nil || f.hits.Load() != hits {
				t.Fatalf("a covered range went to the provider again (err %v)", err)
			}
		})
	}
}

func TestRemoteFXRefusals(t *testing.T) {
	f := newFake(t, polygonHandler(t))
	e := testEnv(t, f.srv.URL)
	e.cfg.PolygonKey = canary
	p := openRemote(t, NewPolygon, e.cfg)
	d := time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		cur      string
		from, to time.Time
	}{
		{"unknown currency", "XAU", d, d},
		{"the euro itself", "EUR", d, d},
		{"a path in the currency", "../x", d, d},
		{"reversed range", "USD", d, d.AddDate(0, 0, -1)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := p.FX(context.Background(), tc.cur, tc.from, tc.to); !errors.Is(err, ErrInvalidInput) {
				t.Fatalf("err = %v, want ErrInvalidInput", err)
			}
		})
	}
	if n := f.hits.Load(); n != 0 {
		t.Fatalf("%d requests for refused input", n)
	}
}

// TestRemoteFXOutage: a failing provider's FX is ErrUnavailable without
// the key, and opens the breaker like any other call.
func TestRemoteFXOutage(t *testing.T) {
	f := newFake(t, status(500, map[string]any{"status": "ERROR", "error": "down " + canary}))
	e := testEnv(t, f.srv.URL)
	e.cfg.PolygonKey = canary
	p := openRemote(t, NewPolygon, e.cfg)
	d := time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)
	for range e.cfg.BreakerThreshold {
		_, err := p.FX(context.Background(), "USD", d, d)
		if !errors.Is(err, ErrUnavailable) {
			t.Fatalf("err = %v, want ErrUnavailable", err)
		}
		noCanary(t, "error", err.Error())
	}
	hits := f.hits.Load()
	if _, err := p.FX(context.Background(), "USD", d, d); !errors.Is(err, ErrUnavailable) || f.hits.Load() != hits {
		t.Fatalf("open breaker: err %v, %d more requests", err, f.hits.Load()-hits)
	}
}

func TestKeylessProviderHasNoFX(t *testing.T) {
	e := testEnv(t, "http://127.0.0.1:1")
	e.cfg.YahooBaseURL = "http://127.0.0.1:1"
	p := openRemote(t, NewYahoo, e.cfg)
	d := time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)
	if _, err := p.FX(context.Background(), "USD", d, d); !errors.Is(err, ErrNoFX) {
		t.Fatalf("err = %v, want ErrNoFX", err)
	}
}

// TestRemoteFXRefusalIsRemembered: a key whose plan has no forex data
// (403 on C:EURxxx) is asked once, not on every call nor per currency, so
// refusals never open the breaker for the prices; an unknown pair (404)
// is remembered for its currency only. Both are asked again after
// fxRefusedFor.
func TestRemoteFXRefusalIsRemembered(t *testing.T) {
	stocks := polygonHandler(t)
	var forex atomic.Int64
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.URL.Path, "/C:") {
			stocks(w, r)
			return
		}
		forex.Add(1)
		if strings.Contains(r.URL.Path, "/C:EURNZD/") {
			writeJSON(w, 404, map[string]any{"status": "NOT_FOUND", "error": "unknown ticker"})
			return
		}
		writeJSON(w, 403, map[string]any{"status": "NOT_AUTHORIZED", "error": "You are not entitled to this data."})
	})
	e := testEnv(t, f.srv.URL)
	e.cfg.PolygonKey = canary
	p := openRemote(t, NewPolygon, e.cfg)
	ctx := context.Background()
	d := time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)
	if _, err := p.FX(ctx, "NZD", d, d); !errors.Is(err, ErrUnknownTicker) {
		t.Fatalf("unknown pair: err = %v", err)
	}
	if _, err := p.FX(ctx, "NZD", d, d); !errors.Is(err, ErrNoFX) || forex.Load() != 1 {
		t.Fatalf("unknown pair again: err = %v after %d forex requests", err, forex.Load())
	}
	if _, err := p.FX(ctx, "USD", d, d); !errors.Is(err, ErrUnavailable) {
		t.Fatalf("refused: err = %v", err)
	}
	for i, cur := range []string{"USD", "GBP", "CHF", "JPY", "CAD", "AUD"} {
		if _, err := p.FX(ctx, cur, d, d); !errors.Is(err, ErrNoFX) {
			t.Fatalf("call %d (%s) after the refusal: err = %v", i, cur, err)
		}
	}
	if n := forex.Load(); n != 2 {
		t.Fatalf("%d forex requests, want 2", n)
	}
	if _, err := p.History(ctx, "AAPL", d, d); err != nil {
		t.Fatalf("prices after refused rates: %v", err)
	}
	e.clk.advance(fxRefusedFor + time.Minute)
	if _, err := p.FX(ctx, "GBP", d, d); !errors.Is(err, ErrUnavailable) || forex.Load() != 3 {
		t.Fatalf("after fxRefusedFor: err = %v, %d forex requests", err, forex.Load())
	}
}
