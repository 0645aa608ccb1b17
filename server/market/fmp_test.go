package market

import (
	"context"
	"errors"
	"net/http"
	"testing"
)

func TestFMPHistory(t *testing.T) {
	t.Parallel()
	f := newFake(t, fmpHandler(t))
	e := testEnv(t, f.srv.URL)
	e.cfg.FMPKey = canary
	ctx := context.Background()
	p := openRemote(t, NewFMP, e.cfg)
	from, to := date(t, "2017-12-01"), date(t, "2017-12-29")
	bars, err := p.History(ctx, "IBM", from, to)
	if err != nil {
		t.Fatal(err)
	}
	if len(bars) != 21 || !bars[0].Date.Equal(from) || !bars[20].Date.Equal(to) {
		t.Fatalf("got %d bars, first %v", len(bars), bars[0].Date)
	}
	for i := 1; i < len(bars); i++ {
		if !bars[i-1].Date.Before(bars[i].Date) {
			t.Fatal("FMP newest-first order not reversed")
		}
	}
	if _, err := p.History(ctx, "IBM", from, to); err != nil || f.hits.Load() != 1 {
		t.Fatalf("cache miss: hits=%d err=%v", f.hits.Load(), err)
	}
	empty, err := p.History(ctx, "NOPE", from, to)
	if err != nil || len(empty) != 0 {
		t.Fatalf("empty object: %v %v", empty, err)
	}
}

func TestFMPGapsInResponse(t *testing.T) {
	t.Parallel()
	f := newFake(t, status(200, map[string]any{"symbol": "X", "historical": []map[string]any{
		{"date": "2017-07-31", "open": 0, "high": 0, "low": 0, "close": 85.23, "volume": 0},
		{"date": "2017-07-28", "open": 1, "high": 2, "low": 0.5, "close": -1, "volume": 10},
		{"date": "not-a-date", "open": 1, "high": 2, "low": 0.5, "close": 1, "volume": 10},
		{"date": "2017-07-27", "open": 1e300, "high": 2, "low": 0.5, "close": 1, "volume": -5},
		{"date": "1999-01-01", "open": 1, "high": 2, "low": 0.5, "close": 1, "volume": 10},
	}}))
	e := testEnv(t, f.srv.URL)
	e.cfg.FMPKey = canary
	p := openRemote(t, NewFMP, e.cfg)
	bars, err := p.History(context.Background(), "X", date(t, "2017-07-01"), date(t, "2017-07-31"))
	if err != nil {
		t.Fatal(err)
	}
	if len(bars) != 2 {
		t.Fatalf("got %+v", bars)
	}
	if b := bars[1]; b.Open != 85.23 || b.High != 85.23 || b.Low != 85.23 || b.Volume != 0 {
		t.Fatalf("OHL not filled: %+v", b)
	}
	if b := bars[0]; b.Open != 1 || b.Volume != 0 {
		t.Fatalf("bad price/volume not fixed: %+v", b)
	}
}

func TestRemoteSymbolsAndSearch(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pf := newFake(t, polygonHandler(t))
	pe := testEnv(t, pf.srv.URL)
	pe.cfg.PolygonKey = canary
	poly := openRemote(t, NewPolygon, pe.cfg)
	ff := newFake(t, fmpHandler(t))
	fe := testEnv(t, ff.srv.URL)
	fe.cfg.FMPKey = canary
	fm := openRemote(t, NewFMP, fe.cfg)

	t.Run("polygon search drops bad tickers and cleans names", func(t *testing.T) {
		got, err := poly.Search(ctx, "a", 10)
		if err != nil || len(got) != 2 || got[1].Name != "ZedCorp" || got[0].Sector != "Information Technology" {
			t.Fatalf("got %+v, %v", got, err)
		}
	})
	t.Run("polygon symbol falls back to embedded metadata", func(t *testing.T) {
		s, err := poly.Symbol(ctx, "aapl")
		if err != nil || s.Sector != "Information Technology" || s.Country != "US" || s.Exchange != "XNAS" {
			t.Fatalf("got %+v, %v", s, err)
		}
	})
	t.Run("polygon symbol unknown elsewhere", func(t *testing.T) {
		s, err := poly.Symbol(ctx, "ZZZQ")
		if err != nil || s.Sector != Unknown || s.Country != Unknown || s.Currency != "EUR" {
			t.Fatalf("got %+v, %v", s, err)
		}
	})
	t.Run("fmp search", func(t *testing.T) {
		got, err := fm.Search(ctx, "apple", 5)
		if err != nil || len(got) != 1 || got[0].Ticker != "AAPL" || got[0].Exchange != "NASDAQ" {
			t.Fatalf("got %+v, %v", got, err)
		}
	})
	t.Run("fmp profile and cache", func(t *testing.T) {
		for range 2 { // the second answer comes from the cache, currency included
			s, err := fm.Symbol(ctx, "SAP")
			if err != nil || s.Sector != "Technology" || s.Country != "DE" || s.Name != "SAP SE" || s.QuoteCurrency() != "EUR" {
				t.Fatalf("got %+v, %v", s, err)
			}
		}
		if n := ff.hits.Load(); n != 2 { // one search + one profile
			t.Fatalf("hits = %d", n)
		}
	})
	t.Run("fmp unknown profile", func(t *testing.T) {
		if _, err := fm.Symbol(ctx, "QQQQZ"); !errors.Is(err, ErrUnknownTicker) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("empty query", func(t *testing.T) {
		got, err := fm.Search(ctx, " ", 5)
		if err != nil || len(got) != 0 {
			t.Fatalf("got %+v, %v", got, err)
		}
	})
	t.Run("invalid ticker never reaches provider", func(t *testing.T) {
		before := ff.hits.Load()
		if _, err := fm.History(ctx, "../admin", date(t, "2017-01-01"), date(t, "2017-01-02")); !errors.Is(err, ErrInvalidInput) {
			t.Fatalf("err = %v", err)
		}
		if ff.hits.Load() != before {
			t.Fatal("request sent for invalid ticker")
		}
	})
}

func TestSymbolFallbackWhenUnavailable(t *testing.T) {
	t.Parallel()
	f := newFake(t, status(500, map[string]any{"error": "boom"}))
	e := testEnv(t, f.srv.URL)
	e.cfg.FMPKey = canary
	p := openRemote(t, NewFMP, e.cfg)
	s, err := p.Symbol(context.Background(), "KO")
	if err != nil || s.Sector != "Consumer Staples" {
		t.Fatalf("got %+v, %v", s, err)
	}
	if _, err := p.Symbol(context.Background(), "SAP"); !errors.Is(err, ErrUnavailable) {
		t.Fatalf("err = %v", err)
	}
}

func TestFMPErrorBodyOn200(t *testing.T) {
	t.Parallel()
	f := newFake(t, status(http.StatusOK, map[string]any{"Error Message": "Limit Reach . Please upgrade your plan"}))
	e := testEnv(t, f.srv.URL)
	e.cfg.FMPKey = canary
	p := openRemote(t, NewFMP, e.cfg)
	_, err := p.History(context.Background(), "IBM", date(t, "2017-01-02"), date(t, "2017-01-06"))
	if !errors.Is(err, ErrUnavailable) || len(e.ev.all()) != 1 {
		t.Fatalf("err=%v events=%v", err, e.ev.all())
	}
}
