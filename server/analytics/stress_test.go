package analytics

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/shared/wire"
)

func TestReplayHand(t *testing.T) {
	t.Parallel()
	in := StressInput{
		Series:    []PriceSeries{series("A", 10, 8, 9, 12), series("B", 50, 55, 60, 40), series("C", 5, 5, 5, 5)},
		Positions: map[string]float64{"A": 10, "B": -2, "Z": 3},
	}
	sc := wire.Scenario{ID: "t", Name: "test", Start: on(0).Format(time.DateOnly), End: on(2).Format(time.DateOnly)}
	res, err := Replay(in, sc)
	if err != nil {
		t.Fatal(err)
	}
	// Values at day 3: A 120, B -80. Returns: A 9/10-1 = -10%, B 60/50-1 = +20%.
	near(t, "value", res.Value, 40, 1e-12)
	near(t, "pnl", res.PnL, 120*-0.1+(-80)*0.2, 1e-12)
	nearPtr(t, "return", res.Return, -28.0/40, 1e-12)
	if len(res.Missing) != 1 || res.Missing[0] != "Z" || res.AsOf != on(3).Format(time.DateOnly) {
		t.Fatalf("missing=%v as_of=%s", res.Missing, res.AsOf)
	}
}

func TestReplayEqualsPriceRatios(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(7, 9))
	for trial := range 20 {
		in := randomInput(rng, 1)
		in.Trades = nil
		pos := map[string]float64{"X": float64(1 + rng.IntN(50)), "Y": -float64(1 + rng.IntN(50))}
		s, e := rng.IntN(30), 30+rng.IntN(30)
		res, err := Replay(StressInput{Series: in.Series, Positions: pos},
			wire.Scenario{Start: on(s).Format(time.DateOnly), End: on(e).Format(time.DateOnly)})
		if err != nil {
			t.Fatal(err)
		}
		for i, h := range res.Holdings {
			c := in.Series[i].Close
			near(t, "shock", h.Shock, c[e]/c[s]-1, 1e-12)
			near(t, "pnl", h.PnL, pos[h.Ticker]*c[len(c)-1]*(c[e]/c[s]-1), 1e-9)
		}
		if len(res.Holdings) != 2 {
			t.Fatalf("trial %d: holdings %v", trial, res.Holdings)
		}
	}
}

func TestReplayBeforeHistory(t *testing.T) {
	t.Parallel()
	sc, ok := ScenarioByID("gfc")
	if !ok {
		t.Fatal("gfc missing")
	}
	res, err := Replay(StressInput{Series: []PriceSeries{series("A", 1, 2)}, Positions: map[string]float64{"A": 1}}, sc)
	if err != nil || len(res.Missing) != 1 || res.Return != nil {
		t.Fatalf("res=%+v err=%v", res, err)
	}
	if _, err := Replay(StressInput{}, sc); !errors.Is(err, ErrInvalidInput) {
		t.Fatalf("empty input err = %v", err)
	}
}

// betaSeries builds A and B where B's daily return is half of A's, so the
// equal-weight index return is 0.75 a_t: beta(A) = 4/3, beta(B) = 2/3.
func betaSeries(n int) []PriceSeries {
	a, b := []float64{100}, []float64{100}
	for i := 1; i < n; i++ {
		r := 0.02 * math.Sin(float64(i)*0.7)
		a = append(a, a[i-1]*(1+r))
		b = append(b, b[i-1]*(1+r/2))
	}
	return []PriceSeries{series("A", a...), series("B", b...)}
}

func TestShock(t *testing.T) {
	t.Parallel()
	in := StressInput{Series: betaSeries(300), Positions: map[string]float64{"A": 1, "B": 1},
		Meta: map[string]Meta{"A": {Sector: "Tech"}, "B": {Sector: "Energy"}}}
	tests := []struct {
		name   string
		set    wire.StressSet
		wantA  float64
		wantB  float64
		betaOK bool
	}{
		{"market -20%", wire.StressSet{Name: "m", MarketShock: -0.2}, -0.2 * 4 / 3, -0.2 * 2 / 3, true},
		{"sector adds", wire.StressSet{Name: "s", MarketShock: -0.1, SectorShocks: map[string]float64{"Energy": -0.3}}, -0.1 * 4 / 3, -0.1*2/3 - 0.3, true},
		{"ticker overrides", wire.StressSet{Name: "t", MarketShock: -0.1, TickerShocks: map[string]float64{"A": 0.5}}, 0.5, -0.1 * 2 / 3, true},
		{"floored at -100%", wire.StressSet{Name: "f", MarketShock: -1}, -1, -2.0 / 3, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Shock(in, tc.set)
			if err != nil {
				t.Fatal(err)
			}
			near(t, "A", res.Holdings[0].Shock, tc.wantA, 1e-9)
			near(t, "B", res.Holdings[1].Shock, tc.wantB, 1e-9)
			wantPnL := res.Holdings[0].Value*tc.wantA + res.Holdings[1].Value*tc.wantB
			near(t, "pnl", res.PnL, wantPnL, 1e-9)
		})
	}
}

func TestShockShortHistoryBetaOne(t *testing.T) {
	t.Parallel()
	res, err := Shock(StressInput{Series: betaSeries(30), Positions: map[string]float64{"A": 2}}, wire.StressSet{Name: "x", MarketShock: -0.1})
	if err != nil {
		t.Fatal(err)
	}
	nearPtr(t, "beta", res.Holdings[0].Beta, 1, 0)
}

func TestStressSetValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		set  wire.StressSet
		ok   bool
	}{
		{"valid", wire.StressSet{Name: "Oil shock", MarketShock: -0.1, SectorShocks: map[string]float64{"Energy": -0.4}}, true},
		{"extremes", wire.StressSet{Name: strings.Repeat("é", 80), MarketShock: 1, TickerShocks: map[string]float64{"A": -1}}, true},
		{"empty name", wire.StressSet{MarketShock: -0.1}, false},
		{"long name", wire.StressSet{Name: strings.Repeat("x", 81)}, false},
		{"control char", wire.StressSet{Name: "a\nb"}, false},
		{"below -100%", wire.StressSet{Name: "x", MarketShock: -1.01}, false},
		{"nan", wire.StressSet{Name: "x", MarketShock: math.NaN()}, false},
		{"bad sector value", wire.StressSet{Name: "x", SectorShocks: map[string]float64{"Tech": 2}}, false},
		{"empty ticker key", wire.StressSet{Name: "x", TickerShocks: map[string]float64{"": 0.1}}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := ValidateStressSet(tc.set); (err == nil) != tc.ok {
				t.Fatalf("err = %v", err)
			}
		})
	}
}

func TestHistoricalScenariosWellFormed(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for _, s := range HistoricalScenarios() {
		a, err1 := time.Parse(time.DateOnly, s.Start)
		b, err2 := time.Parse(time.DateOnly, s.End)
		if err1 != nil || err2 != nil || !a.Before(b) || seen[s.ID] || s.Name == "" {
			t.Errorf("bad scenario %+v", s)
		}
		seen[s.ID] = true
	}
	if len(seen) < 5 {
		t.Fatal("want at least 5 scenarios")
	}
}

func TestPositionsAt(t *testing.T) {
	t.Parallel()
	trades := []Trade{{Date: on(0), Ticker: "A", Quantity: 5}, {Date: on(1), Ticker: "A", Quantity: -5}, {Date: on(1), Ticker: "B", Quantity: -2}}
	if p := PositionsAt(trades, on(0)); p["A"] != 5 || len(p) != 1 {
		t.Fatalf("day0 = %v", p)
	}
	if p := PositionsAt(trades, time.Time{}); p["B"] != -2 || len(p) != 1 {
		t.Fatalf("all = %v", p)
	}
}
