package forecast

import (
	"cmp"
	"math"
	"slices"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// probClip keeps log loss finite: probabilities are clipped to
// [probClip, 1-probClip] (scikit-learn uses the same idea).
const probClip = 1e-15

// CalibrationBin is one decile of forecast probability (see wire).
type CalibrationBin = wire.CalibrationBin

// Metrics are the out-of-sample scores of one model (see wire).
type Metrics = wire.ForecastMetrics

// HitRate is the share of forecasts whose direction (up when p >= 0.5)
// matches the outcome (up = 1).
func HitRate(p, up []float64) float64 {
	if len(p) == 0 {
		return 0
	}
	hits := 0
	for i := range p {
		if (p[i] >= 0.5) == (up[i] == 1) {
			hits++
		}
	}
	return float64(hits) / float64(len(p))
}

// Brier is the mean squared difference between forecast and outcome.
func Brier(p, up []float64) float64 {
	s := 0.0
	for i := range p {
		d := p[i] - up[i]
		s += d * d
	}
	return s / float64(max(len(p), 1))
}

// LogLoss is the mean negative log-likelihood of the outcomes.
func LogLoss(p, up []float64) float64 {
	s := 0.0
	for i := range p {
		q := math.Max(probClip, math.Min(1-probClip, p[i]))
		if up[i] == 1 {
			s -= math.Log(q)
		} else {
			s -= math.Log(1 - q)
		}
	}
	return s / float64(max(len(p), 1))
}

// Spearman is the rank correlation of x and y (average ranks for ties);
// ok is false when it is undefined.
func Spearman(x, y []float64) (float64, bool) {
	if len(x) < 3 || len(x) != len(y) {
		return 0, false
	}
	return pearson(ranks(x), ranks(y))
}

// ranks returns 1-based ranks with ties sharing their average rank.
func ranks(x []float64) []float64 {
	idx := make([]int, len(x))
	for i := range idx {
		idx[i] = i
	}
	// Ties share their average rank, so their order does not matter: an
	// unstable sort gives the same ranks in a fraction of the time.
	slices.SortFunc(idx, func(a, b int) int { return cmp.Compare(x[a], x[b]) })
	out := make([]float64, len(x))
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && x[idx[j+1]] == x[idx[i]] {
			j++
		}
		r := float64(i+j)/2 + 1
		for k := i; k <= j; k++ {
			out[idx[k]] = r
		}
		i = j + 1
	}
	return out
}

// pearson is the correlation of x and y; false when a variance is 0.
func pearson(x, y []float64) (float64, bool) {
	mx, my := mean(x), mean(y)
	sxy, sxx, syy := 0.0, 0.0, 0.0
	for i := range x {
		dx, dy := x[i]-mx, y[i]-my
		sxy, sxx, syy = sxy+dx*dy, sxx+dx*dx, syy+dy*dy
	}
	if sxx <= 0 || syy <= 0 {
		return 0, false
	}
	return sxy / math.Sqrt(sxx*syy), true
}

// Calibration sorts forecasts into ten bins of width 0.1.
func Calibration(p, up []float64) []CalibrationBin {
	out := make([]CalibrationBin, 10)
	for b := range out {
		out[b].Lower, out[b].Upper = float64(b)/10, float64(b+1)/10
	}
	for i, v := range p {
		b := min(max(int(v*10), 0), 9)
		out[b].Count++
		out[b].MeanProb += v
		out[b].Frequency += up[i]
	}
	for b := range out {
		if out[b].Count > 0 {
			out[b].MeanProb /= float64(out[b].Count)
			out[b].Frequency /= float64(out[b].Count)
		}
	}
	return out
}

// Score computes every metric of direction forecasts p and return
// forecasts pred against outcomes ret (up = ret > 0).
func Score(p, pred, ret []float64) Metrics {
	up := make([]float64, len(ret))
	for i, r := range ret {
		if r > 0 {
			up[i] = 1
		}
	}
	m := Metrics{Predictions: len(p), HitRate: HitRate(p, up), Brier: Brier(p, up), LogLoss: LogLoss(p, up),
		Calibration: Calibration(p, up)}
	if ic, ok := Spearman(pred, ret); ok {
		m.IC = &ic
	}
	return m
}
