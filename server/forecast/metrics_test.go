package forecast

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/fortfolio/fortfolio/server/analytics"
)

// The vectors of testdata/metrics.py; the constants are its output.
var (
	fixP    = []float64{0.9, 0.2, 0.65, 0.5, 0.3, 0.8, 0.55, 0.1, 0.45, 0.7}
	fixPred = []float64{0.02, -0.01, 0.01, 0.0, -0.02, 0.03, 0.01, -0.03, 0.0, 0.02}
	fixRet  = []float64{0.015, -0.02, -0.005, 0.01, 0.0, 0.04, 0.02, -0.01, 0.005, 0.03}
)

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-12 }

func TestScoreMatchesIndependentComputation(t *testing.T) {
	m := Score(fixP, fixPred, fixRet)
	if m.Predictions != 10 || !near(m.HitRate, 0.8) || !near(m.Brier, 0.14574999999999999) ||
		!near(m.LogLoss, 0.4509672023853552) || m.IC == nil || !near(*m.IC, 0.82572282384477047) {
		t.Fatalf("metrics %+v (ic %v)", m, m.IC)
	}
	want := map[int][3]float64{1: {1, 0.1, 0}, 2: {1, 0.2, 0}, 3: {1, 0.3, 0}, 4: {1, 0.45, 1}, 5: {2, 0.525, 1},
		6: {1, 0.65, 0}, 7: {1, 0.7, 1}, 8: {1, 0.8, 1}, 9: {1, 0.9, 1}}
	for b, c := range m.Calibration {
		w := want[b]
		if float64(c.Count) != w[0] || !near(c.MeanProb, w[1]) || !near(c.Frequency, w[2]) {
			t.Fatalf("bin %d = %+v, want %v", b, c, w)
		}
	}
}

// TestMetricsByHand: two forecasts 0.8 (up) and 0.4 (down): both hit;
// Brier ((0.2)^2 + (0.4)^2)/2 = 0.1; log loss -(ln 0.8 + ln 0.6)/2.
func TestMetricsByHand(t *testing.T) {
	p, up := []float64{0.8, 0.4}, []float64{1, 0}
	if HitRate(p, up) != 1 || !near(Brier(p, up), 0.1) || !near(LogLoss(p, up), -(math.Log(0.8)+math.Log(0.6))/2) {
		t.Fatal("hand-computed metrics differ")
	}
	if LogLoss([]float64{0}, []float64{1}) > 35 { // clipped at 1e-15: -ln(1e-15) ≈ 34.54
		t.Fatal("log loss not clipped")
	}
	if _, ok := Spearman([]float64{1, 1, 1}, []float64{1, 2, 3}); ok {
		t.Fatal("IC of constant forecasts must be undefined")
	}
	if m := Score([]float64{0.5, 0.5, 0.5}, []float64{0, 0, 0}, []float64{1, -1, 2}); m.IC != nil {
		t.Fatal("constant return forecasts must give a nil IC")
	}
}

func TestQuantilesMatchAnalytics(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	for _, n := range []int{1, 2, 3, 10, 101, 1000} {
		x := make([]float64, n)
		for i := range x {
			x[i] = math.Round(rng.NormFloat64()*10) / 10 // ties included
		}
		got := make([]float64, len(fanLevels))
		quantiles(slices.Clone(x), fanLevels, got)
		for i, p := range fanLevels {
			if want := analytics.Quantile(x, p); !near(got[i], want) {
				t.Fatalf("n=%d p=%v: %v, want %v", n, p, got[i], want)
			}
		}
	}
}
