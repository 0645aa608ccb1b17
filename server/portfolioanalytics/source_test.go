package portfolioanalytics

import (
	"context"
	"errors"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/server/analytics"
	"github.com/fortfolio/fortfolio/server/market"
	"github.com/fortfolio/fortfolio/server/model"
)

// fakeRef is a two-ticker reference set unlike the embedded one.
type fakeRef struct {
	dates  []time.Time
	closes map[string][]float64
}

func (f *fakeRef) Tickers() []string { return []string{"XA", "XB"} }

func (f *fakeRef) Range() (time.Time, time.Time) { return f.dates[0], f.dates[len(f.dates)-1] }

func (f *fakeRef) Closes(ticker string, _, _ time.Time) ([]time.Time, []float64, error) {
	c, ok := f.closes[ticker]
	if !ok {
		return nil, nil, fmt.Errorf("%w: %s", market.ErrUnknownTicker, ticker)
	}
	return f.dates, c, nil
}

// fakeProvider prices XA, XB and the held ticker ZZ from the fake set.
type fakeProvider struct {
	ref    *fakeRef
	refErr error
}

func (p *fakeProvider) Name() string { return "fake" }
func (p *fakeProvider) Search(context.Context, string, int) ([]market.Symbol, error) {
	return nil, nil
}
func (p *fakeProvider) Symbol(_ context.Context, t string) (market.Symbol, error) {
	return market.Symbol{Ticker: t, Sector: "Tech", Country: "CH"}, nil
}
func (p *fakeProvider) History(_ context.Context, t string, _, _ time.Time) ([]market.Bar, error) {
	c := p.ref.closes[t]
	if t == "ZZ" {
		c = []float64{50, 55, 60}
	}
	out := make([]market.Bar, len(c))
	for i := range c {
		out[i] = market.Bar{Date: p.ref.dates[i], Close: c[i]}
	}
	return out, nil
}
func (p *fakeProvider) Latest(context.Context, string) (market.Bar, error) { return market.Bar{}, nil }
func (p *fakeProvider) Reference() (market.Reference, error) {
	if p.refErr != nil {
		return nil, p.refErr
	}
	return p.ref, nil
}

func newFakeProvider() *fakeProvider {
	d := []time.Time{day("2020-03-02"), day("2020-03-03"), day("2020-03-04")}
	return &fakeProvider{ref: &fakeRef{dates: d, closes: map[string][]float64{"XA": {10, 11, 12.1}, "XB": {20, 18, 18}}}}
}

// TestSourceAsksConfiguredProvider: range, universe, the equal-weight
// index and the stress universe come from the provider's reference set,
// not from the embedded data.
func TestSourceAsksConfiguredProvider(t *testing.T) {
	p := newFakeProvider()
	src := Source{Market: p}
	first, last, err := src.DataRange()
	if err != nil || !first.Equal(day("2020-03-02")) || !last.Equal(day("2020-03-04")) {
		t.Fatalf("DataRange = %v %v %v, want the fake's 2020-03-02..2020-03-04", first, last, err)
	}
	u, err := src.Universe()
	if err != nil || len(u) != 2 || u[0].Ticker != "XA" || u[1].Ticker != "XB" {
		t.Fatalf("Universe = %+v %v, want XA and XB", u, err)
	}
	// Day 2: (+10% - 10%)/2 = 0; day 3: (+10% + 0%)/2 = +5%.
	want := []float64{100, 100, 105}
	for _, idx := range []func() (analytics.PriceSeries, error){
		src.EqualWeightIndex,
		func() (analytics.PriceSeries, error) { return src.Benchmark(context.Background(), EqualWeight) },
	} {
		eqw, err := idx()
		if err != nil || len(eqw.Close) != len(want) {
			t.Fatalf("equal-weight index = %+v %v", eqw, err)
		}
		for i, w := range want {
			if math.Abs(eqw.Close[i]-w) > 1e-9 {
				t.Errorf("index[%d] = %v, want %v", i, eqw.Close[i], w)
			}
		}
	}
	b, err := src.Load(context.Background(), []model.Transaction{{Kind: "buy", Ticker: "ZZ", Date: day("2020-03-02"), Quantity: 1, Price: 50}})
	if err != nil {
		t.Fatal(err)
	}
	in, err := b.StressInput()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range in.Series {
		names = append(names, s.Ticker)
	}
	if fmt.Sprint(names) != "[XA XB ZZ]" {
		t.Errorf("stress series = %v, want the fake universe plus the holding", names)
	}
}

// TestSourceWithoutReference: a provider that names no reference set
// makes the range and index unavailable instead of falling back silently.
func TestSourceWithoutReference(t *testing.T) {
	p := newFakeProvider()
	p.refErr = errors.New("no reference today")
	src := Source{Market: p}
	if _, _, err := src.DataRange(); !errors.Is(err, ErrUnavailable) {
		t.Errorf("DataRange error = %v, want ErrUnavailable", err)
	}
	if _, err := src.EqualWeightIndex(); !errors.Is(err, ErrUnavailable) {
		t.Errorf("EqualWeightIndex error = %v, want ErrUnavailable", err)
	}
	if _, _, err := (Source{Market: plainProvider{p}}).DataRange(); !errors.Is(err, ErrUnavailable) {
		t.Errorf("DataRange of a provider without Reference = %v, want ErrUnavailable", err)
	}
}

// plainProvider hides the Reference method.
type plainProvider struct{ market.Provider }

// TestSourceEmbeddedReference: the default provider's range and index are
// those of the embedded set (31 tickers, 2006-01-03..2017-12-29).
func TestSourceEmbeddedReference(t *testing.T) {
	e, err := market.NewEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	src := Source{Market: e}
	first, last, err := src.DataRange()
	if err != nil || !first.Equal(day("2006-01-03")) || !last.Equal(day("2017-12-29")) {
		t.Fatalf("DataRange = %v %v %v", first, last, err)
	}
	u, err := src.Universe()
	if err != nil || len(u) != len(e.Tickers()) {
		t.Fatalf("Universe has %d series (%v), want %d", len(u), err, len(e.Tickers()))
	}
}
