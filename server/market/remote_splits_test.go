package market

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// TestPolygonSplits reads /v3/reference/splits: ratio split_to /
// split_from, other tickers' rows and implausible entries dropped, one
// entry per date, oldest first.
func TestPolygonSplits(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v3/reference/splits" || r.URL.Query().Get("ticker") != "AAPL" || r.Header.Get("Authorization") != "Bearer "+canary {
			writeJSON(w, 404, map[string]any{"status": "ERROR", "error": "not found"})
			return
		}
		writeJSON(w, 200, map[string]any{"status": "OK", "results": []map[string]any{
			{"ticker": "AAPL", "execution_date": "2020-08-31", "split_from": 1, "split_to": 4},
			{"ticker": "AAPL", "execution_date": "2014-06-09", "split_from": 1, "split_to": 7},
			{"ticker": "AAPL", "execution_date": "2014-06-09", "split_from": 1, "split_to": 7},
			{"ticker": "MSFT", "execution_date": "2003-02-18", "split_from": 1, "split_to": 2},
			{"ticker": "AAPL", "execution_date": "2099-13-40", "split_from": 1, "split_to": 2},
			{"ticker": "AAPL", "execution_date": "2001-01-02", "split_from": 0, "split_to": 2},
			{"ticker": "AAPL", "execution_date": "2001-01-03", "split_from": 1, "split_to": 1e9},
			{"ticker": "AAPL", "execution_date": "2001-01-04", "split_from": 10, "split_to": 1},
		}})
	})
	e := testEnv(t, f.srv.URL)
	e.cfg.PolygonKey = canary
	p := openRemote(t, NewPolygon, e.cfg)
	got, err := p.Splits(context.Background(), "aapl")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"2001-01-04 0.1", "2014-06-09 7", "2020-08-31 4"}
	if len(got) != len(want) {
		t.Fatalf("splits %+v", got)
	}
	for i, s := range got {
		if s.Date.Format("2006-01-02")+" "+trimFloat(s.Ratio) != want[i] || s.Ticker != "AAPL" || s.Source == "" {
			t.Errorf("split %d = %+v, want %s", i, s, want[i])
		}
	}
	if _, err := p.Splits(context.Background(), "../x"); err == nil {
		t.Fatal("bad ticker accepted")
	}
}

// TestFMPSplits reads /api/v3/historical-price-full/stock_split/{T}.
func TestFMPSplits(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/v3/historical-price-full/stock_split/NKE" || r.URL.Query().Get("apikey") != canary {
			writeJSON(w, 200, map[string]any{})
			return
		}
		writeJSON(w, 200, map[string]any{"symbol": "NKE", "historical": []map[string]any{
			{"date": "2015-12-23", "label": "December 23, 15", "numerator": 2, "denominator": 1},
			{"date": "2012-12-26", "label": "December 26, 12", "numerator": 2, "denominator": 1},
			{"date": "bad", "numerator": 2, "denominator": 1},
			{"date": "2007-04-03", "numerator": -2, "denominator": 1},
		}})
	})
	e := testEnv(t, f.srv.URL)
	e.cfg.FMPKey = canary
	p := openRemote(t, NewFMP, e.cfg)
	got, err := p.Splits(context.Background(), "NKE")
	if err != nil || len(got) != 2 || got[0].Date.Format("2006-01-02") != "2012-12-26" || got[1].Ratio != 2 {
		t.Fatalf("splits %+v, %v", got, err)
	}
	if none, err := p.Splits(context.Background(), "KO"); err != nil || len(none) != 0 {
		t.Fatalf("KO: %+v, %v", none, err)
	}
}

// TestMalformedSplits: a broken answer is the provider being unavailable.
func TestMalformedSplits(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"status":"OK","results":"nope"}`))
	})
	e := testEnv(t, f.srv.URL)
	e.cfg.PolygonKey = canary
	p := openRemote(t, NewPolygon, e.cfg)
	if _, err := p.Splits(context.Background(), "AAPL"); err == nil || !strings.Contains(err.Error(), "malformed") {
		t.Fatalf("err = %v", err)
	}
}

// TestEmbeddedSplits: the shipped table, each entry with its source.
func TestEmbeddedSplits(t *testing.T) {
	e, err := NewEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	all, err := embeddedSplits()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for tk, l := range all {
		if _, err := e.Symbol(context.Background(), tk); err != nil {
			t.Errorf("split of a ticker outside the data: %s", tk)
		}
		for _, s := range l {
			n++
			if s.Source == "" || s.Date.Year() < 2006 || s.Date.Year() > 2017 {
				t.Errorf("bad entry %+v", s)
			}
		}
	}
	aapl, _ := e.Splits(context.Background(), "AAPL")
	if n != 6 || len(aapl) != 1 || aapl[0].Ratio != 7 || aapl[0].Date.Format("2006-01-02") != "2014-06-09" {
		t.Fatalf("%d splits, AAPL %+v", n, aapl)
	}
}

func trimFloat(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// TestSplitBook fetches once per ticker, bumps its generation when it
// learns splits, and caches an unknown ticker as having none.
func TestSplitBook(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("ticker") == "AAPL" {
			writeJSON(w, 200, map[string]any{"status": "OK", "results": []map[string]any{
				{"ticker": "AAPL", "execution_date": "2014-06-09", "split_from": 1, "split_to": 7}}})
			return
		}
		writeJSON(w, 200, map[string]any{"status": "OK", "results": []map[string]any{}})
	})
	e := testEnv(t, f.srv.URL)
	e.cfg.PolygonKey = canary
	b := NewSplitBook(openRemote(t, NewPolygon, e.cfg))
	if err := b.Fetch(context.Background(), "MSFT"); err != nil || b.Generation() != 0 || len(b.Of("MSFT")) != 0 {
		t.Fatalf("MSFT: %v gen %d", err, b.Generation())
	}
	hits := f.hits.Load()
	for range 2 {
		if err := b.Fetch(context.Background(), "AAPL"); err != nil {
			t.Fatal(err)
		}
	}
	if b.Generation() != 1 || len(b.Of("AAPL")) != 1 || f.hits.Load() != hits+1 {
		t.Fatalf("gen %d, AAPL %+v, %d requests", b.Generation(), b.Of("AAPL"), f.hits.Load()-hits)
	}
}
