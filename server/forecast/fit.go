package forecast

import (
	"fmt"
	"slices"
)

// Model names, in the order every evaluation lists them.
const (
	ModelLinear   = "linear"
	ModelGBT      = "gbt"
	ModelBaseline = "baseline"
)

// ModelNames lists the model families; the baseline is last.
var ModelNames = []string{ModelLinear, ModelGBT, ModelBaseline}

// minBaselineRows is the fewest training rows of a ticker for its own
// baseline; fewer use the pooled up-rate and mean return.
const minBaselineRows = 20

// Baseline is the naive forecast of one ticker: its historical up-rate
// and mean h-day return over the training rows.
type Baseline struct {
	UpRate     float64 `json:"up_rate"`
	MeanReturn float64 `json:"mean_return"`
}

// Fitted is every model of one horizon trained on one training window.
type Fitted struct {
	Scaler   Scaler `json:"scaler"`
	Logistic Linear `json:"logistic"`
	Ridge    Linear `json:"ridge"`
	GBTDir   GBT    `json:"gbt_direction"`
	GBTRet   GBT    `json:"gbt_return"`
	// Baselines are indexed like the universe's tickers; Pooled is the
	// fallback for tickers with few rows.
	Baselines []Baseline `json:"baselines"`
	Pooled    Baseline   `json:"pooled"`
}

// Prediction is one model's forecast: probability of an up move and the
// expected h-day return.
type Prediction struct {
	ProbUp         float64 `json:"prob_up"`
	ExpectedReturn float64 `json:"expected_return"`
}

// fit trains every model on raw rows x (width f) with forward returns ret,
// up labels and tickers ks, for a universe of nk tickers.
func fit(x, ret, up []float64, ks []int, f, nk int, warm Linear) (*Fitted, error) {
	if len(ret) < 10*f {
		return nil, fmt.Errorf("forecast: fit: %d training rows is too few", len(ret))
	}
	m := &Fitted{Scaler: fitScaler(x, f)}
	z := m.Scaler.applyAll(x, f)
	var err error
	if m.Logistic, err = fitLogistic(z, up, f, warm); err != nil {
		return nil, err
	}
	yw := winsorise(ret)
	if m.Ridge, err = fitRidge(z, yw, f); err != nil {
		return nil, err
	}
	m.GBTDir = fitGBT(z, up, f, true)
	m.GBTRet = fitGBT(z, yw, f, false)
	m.Baselines, m.Pooled = baselines(ret, up, ks, nk)
	return m, nil
}

// winsorise clips returns to their 1st and 99th percentiles so a few
// crash days do not dominate the squared loss.
func winsorise(r []float64) []float64 {
	s := slices.Clone(r)
	slices.Sort(s)
	lo, hi := s[len(s)/100], s[len(s)-1-len(s)/100]
	out := make([]float64, len(r))
	for i, v := range r {
		out[i] = min(max(v, lo), hi)
	}
	return out
}

// baselines computes each ticker's up-rate and mean return.
func baselines(ret, up []float64, ks []int, nk int) ([]Baseline, Baseline) {
	sumUp, sumRet, n := make([]float64, nk), make([]float64, nk), make([]int, nk)
	for i, k := range ks {
		sumUp[k] += up[i]
		sumRet[k] += ret[i]
		n[k]++
	}
	pooled := Baseline{UpRate: mean(up), MeanReturn: mean(ret)}
	out := make([]Baseline, nk)
	for k := range out {
		out[k] = pooled
		if n[k] >= minBaselineRows {
			out[k] = Baseline{UpRate: sumUp[k] / float64(n[k]), MeanReturn: sumRet[k] / float64(n[k])}
		}
	}
	return out, pooled
}

// predict returns the forecasts of every model (ModelNames order) for
// ticker k with raw feature row x.
func (m *Fitted) predict(k int, x []float64) []Prediction {
	z := make([]float64, len(x))
	m.Scaler.apply(x, z)
	b := m.Pooled
	if k >= 0 && k < len(m.Baselines) {
		b = m.Baselines[k]
	}
	return []Prediction{
		{ProbUp: sigmoid(m.Logistic.score(z)), ExpectedReturn: m.Ridge.score(z)},
		{ProbUp: m.GBTDir.predict(z), ExpectedReturn: m.GBTRet.predict(z)},
		{ProbUp: b.UpRate, ExpectedReturn: b.MeanReturn},
	}
}
