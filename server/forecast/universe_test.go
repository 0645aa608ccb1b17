package forecast

import (
	"context"
	"errors"
	"slices"
	"sync/atomic"
	"testing"
)

// TestSubsetMatchesItsOwnUniverse: a subset holding the ticker with every
// day has the feature rows of a universe built from those series alone.
func TestSubsetMatchesItsOwnUniverse(t *testing.T) {
	series := synthSeries(5, 400, 3)
	full := mustUniverse(t, series)
	sub, err := full.Subset([]string{"CX", "AX", "EX"})
	if err != nil {
		t.Fatal(err)
	}
	own := mustUniverse(t, []Series{series[2], series[0], series[4]})
	if !slices.Equal(sub.Tickers, own.Tickers) || !slices.Equal(sub.Sectors, own.Sectors) || sub.Days() != own.Days() {
		t.Fatalf("subset %v %v %d days, want %v %v %d", sub.Tickers, sub.Sectors, sub.Days(), own.Tickers, own.Sectors, own.Days())
	}
	a, b := make([]float64, NumFeatures()), make([]float64, NumFeatures())
	for k := range sub.Tickers {
		for d := range sub.Days() {
			okA, okB := sub.Features(k, d, a), own.Features(k, d, b)
			if okA != okB || !slices.Equal(a, b) {
				t.Fatalf("%s day %d: %v %v, want %v %v", sub.Tickers[k], d, okA, a, okB, b)
			}
		}
	}
	for _, bad := range [][]string{nil, {"ZZ"}, {"AX", "AX"}} {
		if _, err := full.Subset(bad); err == nil {
			t.Errorf("Subset(%q) succeeded", bad)
		}
	}
}

// TestServiceTrainsTheConfiguredTickers: with Train.Tickers set the
// service trains and serves those tickers only.
func TestServiceTrainsTheConfiguredTickers(t *testing.T) {
	u := mustUniverse(t, synthSeries(4, 700, 11))
	var failures atomic.Int32
	s, err := NewService(ServiceConfig{Dir: t.TempDir(), Universe: func(context.Context) (*Universe, error) { return u, nil },
		Train:     TrainConfig{MinTrain: fastTrain.MinTrain, Step: fastTrain.Step, Tickers: []string{"BX", "DX"}},
		OnFailure: func(context.Context, error) { failures.Add(1) }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close(context.Background()) })
	v, err := s.Retrain(context.Background(), nil)
	if err != nil || v.Tickers != 2 {
		t.Fatalf("retrain: %+v %v", v, err)
	}
	for _, c := range []struct {
		ticker string
		want   error
	}{{"BX", nil}, {"DX", nil}, {"AX", ErrUnknownTicker}, {"CX", ErrUnknownTicker}} {
		if _, err := s.Predict(context.Background(), c.ticker, 5); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.ticker, err, c.want)
		}
	}
	if !slices.Equal(s.Tickers(), []string{"BX", "DX"}) || failures.Load() != 0 {
		t.Fatalf("tickers %v, %d failures", s.Tickers(), failures.Load())
	}
}
