package forecast

import (
	"context"
	"math/rand/v2"
	"reflect"
	"testing"
)

// TestFeaturesNoLookAhead is a property test: for many days t and every
// ticker, the feature row at t is bit-for-bit the same when every price
// and volume after t is replaced.
func TestFeaturesNoLookAhead(t *testing.T) {
	series := synthSeries(6, 700, 1)
	base := mustUniverse(t, series)
	rng := rand.New(rand.NewPCG(3, 4))
	a, b := make([]float64, NumFeatures()), make([]float64, NumFeatures())
	checked := 0
	for trial := range 60 {
		cut := Lookback - 1 + rng.IntN(base.Days()-Lookback)
		alt := mustUniverse(t, perturbAfter(series, base.Dates[cut], uint64(trial)))
		for k := range base.Tickers {
			okA, okB := base.Features(k, cut, a), alt.Features(k, cut, b)
			if okA != okB {
				t.Fatalf("t=%d k=%d: eligibility changed with future data", cut, k)
			}
			if okA && !reflect.DeepEqual(a, b) {
				t.Fatalf("t=%d k=%d: features changed with future data:\n%v\n%v", cut, k, a, b)
			}
			if okA {
				checked++
			}
		}
	}
	if checked < 200 {
		t.Fatalf("only %d rows checked", checked)
	}
}

// TestFeaturesSeeTheirDay guards the property test: changing the close at
// t itself does change the row (so the comparison is not vacuous).
func TestFeaturesSeeTheirDay(t *testing.T) {
	series := synthSeries(3, 400, 2)
	u := mustUniverse(t, series)
	cut := u.Days() - 20
	alt := perturbAfter(series, u.Dates[cut-1], 9)
	a, b := make([]float64, NumFeatures()), make([]float64, NumFeatures())
	if !u.Features(0, cut, a) || !mustUniverse(t, alt).Features(0, cut, b) || reflect.DeepEqual(a, b) {
		t.Fatal("a change on day t left the features of day t unchanged")
	}
}

// TestWalkForwardNoLookAhead: every out-of-sample prediction made on a day
// t <= cut is identical when the data after cut changes, because models
// are trained only on labels known before each test block and features
// use data up to their day.
func TestWalkForwardNoLookAhead(t *testing.T) {
	series := synthSeries(5, 750, 5)
	base := mustUniverse(t, series)
	cfg := WalkConfig{Horizon: 5, MinTrain: 200, Step: 90}
	run := func(u *Universe) *WalkResult {
		r, err := walkForward(context.Background(), buildPanel(u), cfg, nil)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	ref := run(base)
	// Lookback-1+MinTrain+2 is two days into the first test block: inside
	// the embargo, so training labels that reached past the block start
	// would change with it.
	for _, cut := range []int{Lookback - 1 + cfg.MinTrain + 2, Lookback + 260, Lookback + 400, base.Days() - 40} {
		alt := run(mustUniverse(t, perturbAfter(series, base.Dates[cut], uint64(cut))))
		same, differ := 0, 0
		for i, o := range ref.OOS {
			if o.T > cut {
				if !reflect.DeepEqual(o.Pred, alt.OOS[i].Pred) {
					differ++
				}
				continue
			}
			if alt.OOS[i].K != o.K || alt.OOS[i].T != o.T || !reflect.DeepEqual(o.Pred, alt.OOS[i].Pred) {
				t.Fatalf("cut %d: prediction for k=%d t=%d changed with data after the cut", cut, o.K, o.T)
			}
			same++
		}
		if same == 0 {
			t.Fatalf("cut %d: no prediction before the cut", cut)
		}
		if cut < base.Days()-40 && differ == 0 {
			t.Fatalf("cut %d: later predictions did not react to the changed data (test is vacuous)", cut)
		}
	}
}

// TestEmbargo: a model used for test day a was trained only on rows whose
// target day t+h is before a.
func TestEmbargo(t *testing.T) {
	u := mustUniverse(t, synthSeries(3, 600, 7))
	p := buildPanel(u)
	for _, h := range Horizons {
		lab := p.labelled(h)
		a := p.t[0] + 250
		_, ret, _, _ := lab.before(a - h)
		n := len(ret)
		if n == 0 || lab.ts[n-1]+h >= a {
			t.Fatalf("h=%d: last training row day %d + h reaches the test day %d", h, lab.ts[n-1], a)
		}
		if n < len(lab.ts) && lab.ts[n]+h < a {
			t.Fatalf("h=%d: a usable row was left out", h)
		}
	}
}
