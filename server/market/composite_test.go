package market

import (
	"context"
	"errors"
	"math"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/server/market/yahootest"
)

// liveFake serves AAPL in today's split terms (a quarter of the embedded
// closes, as after the 2020 4-for-1 split) around the seam and in 2018,
// and TSLA, which the embedded set lacks, from 2018.
func liveFake(t *testing.T) (*yahootest.Fake, map[string]float64) {
	t.Helper()
	e, err := NewEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	bars, err := e.History(context.Background(), "AAPL", day0("2017-12-27"), day0("2017-12-29"))
	if err != nil || len(bars) != 3 {
		t.Fatalf("embedded AAPL: %v %d", err, len(bars))
	}
	emb := map[string]float64{}
	var aapl []yahootest.Close
	for _, b := range bars {
		d := b.Date.Format(time.DateOnly)
		emb[d] = b.Close
		aapl = append(aapl, yahootest.Close{Date: d, Close: b.Close / 4})
	}
	aapl = append(aapl, yahootest.Close{Date: "2018-01-02", Close: 43.06}, yahootest.Close{Date: "2018-01-03", Close: 43.0575})
	f := yahootest.New(map[string][]yahootest.Close{
		"AAPL": aapl,
		"TSLA": {{Date: "2018-01-02", Close: 320.53}, {Date: "2018-01-03", Close: 317.25}},
	})
	t.Cleanup(f.Close)
	return f, emb
}

func newTestComposite(t *testing.T, url string) *Composite {
	t.Helper()
	c, err := NewComposite(context.Background(), Config{Live: true, YahooBaseURL: url, MaxRetries: -1, BreakerThreshold: 2,
		Now: func() time.Time { return day0("2018-01-10") }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// The series of an embedded ticker is the embedded one up to 2017-12-29,
// then the live one scaled at the seam: k = embedded / live close on
// 2017-12-29 = 4 exactly here, so 2018-01-02 is 43.06 x 4 = 172.24.
func TestCompositeSeriesIsContinuousAtTheSeam(t *testing.T) {
	t.Parallel()
	f, emb := liveFake(t)
	c := newTestComposite(t, f.URL())
	ctx := context.Background()
	bars, err := c.History(ctx, "AAPL", day0("2017-12-27"), day0("2018-01-05"))
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		d string
		c float64
	}{{"2017-12-27", emb["2017-12-27"]}, {"2017-12-28", emb["2017-12-28"]}, {"2017-12-29", emb["2017-12-29"]},
		{"2018-01-02", 172.24}, {"2018-01-03", 172.23}}
	if len(bars) != len(want) {
		t.Fatalf("bars %+v", bars)
	}
	for i, w := range want {
		if bars[i].Date.Format(time.DateOnly) != w.d || math.Abs(bars[i].Close-w.c) > 1e-9 {
			t.Errorf("bar %d = %s %.6f, want %s %.6f", i, bars[i].Date.Format(time.DateOnly), bars[i].Close, w.d, w.c)
		}
	}
	tsla, err := c.History(ctx, "TSLA", day0("2017-12-01"), day0("2018-01-05"))
	if err != nil || len(tsla) != 2 || tsla[0].Close != 320.53 || tsla[1].Date != day0("2018-01-03") {
		t.Fatalf("TSLA %v %+v", err, tsla)
	}
	last, err := c.Latest(ctx, "AAPL")
	if err != nil || last.Date != day0("2018-01-03") || math.Abs(last.Close-172.23) > 1e-9 {
		t.Fatalf("latest %v %+v", err, last)
	}
	sym, err := c.Symbol(ctx, "TSLA")
	if err != nil || sym.Name != "TSLA Inc." || sym.QuoteCurrency() != "USD" {
		t.Fatalf("symbol %v %+v", err, sym)
	}
	if _, err := c.Symbol(ctx, "ZZZZ"); !errors.Is(err, ErrUnknownTicker) {
		t.Fatalf("unknown ticker: %v", err)
	}
	if first, end := c.Range(); first.Year() != 2006 || end != day0("2018-01-10") {
		t.Fatalf("range %v %v", first, end)
	}
}

// A live provider that fails is unavailable for its own tickers (and its
// breaker opens), while embedded tickers keep their embedded history.
func TestCompositeLiveProviderDown(t *testing.T) {
	t.Parallel()
	f, emb := liveFake(t)
	f.Fail.Store(true)
	c := newTestComposite(t, f.URL())
	ctx := context.Background()
	if _, err := c.History(ctx, "TSLA", day0("2018-01-01"), day0("2018-01-05")); !errors.Is(err, ErrUnavailable) {
		t.Fatalf("TSLA: %v", err)
	}
	bars, err := c.History(ctx, "AAPL", day0("2017-12-27"), day0("2018-01-05"))
	if err != nil || len(bars) != 3 || bars[2].Close != emb["2017-12-29"] {
		t.Fatalf("AAPL while down: %v %+v", err, bars)
	}
	hits := f.Hits.Load()
	if _, err := c.History(ctx, "TSLA", day0("2018-01-01"), day0("2018-01-05")); !errors.Is(err, ErrUnavailable) || f.Hits.Load() != hits {
		t.Fatalf("breaker did not open: %v, %d -> %d hits", err, hits, f.Hits.Load())
	}
}

// The live provider's base URL follows the key-safety rule of the others:
// https, or http on loopback only.
func TestYahooBaseURLMustBeSafe(t *testing.T) {
	t.Parallel()
	for _, u := range []string{"http://example.com", "ftp://localhost", "https://user:pw@example.com", "https://example.com/?k=v"} {
		if _, err := NewYahoo(context.Background(), Config{YahooBaseURL: u}); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("%s: %v", u, err)
		}
	}
}

func day0(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}
