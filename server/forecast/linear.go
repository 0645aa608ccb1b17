package forecast

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Regularisation strengths, relative to the number of training rows so
// the shrinkage does not fade as the expanding window grows (features are
// standardised, so X'X is about n·I).
const (
	logisticL2 = 0.025 // ≈ 10% shrinkage of the Newton step at p ≈ 0.5
	ridgeL2    = 0.1   // ≈ 10% shrinkage of the least-squares weights
	newtonIter = 25
	newtonTol  = 1e-8
)

// Linear is a linear model: Bias + Weights·z on standardised features z.
type Linear struct {
	Bias    float64   `json:"bias"`
	Weights []float64 `json:"weights"`
}

// score is the linear predictor of a standardised row.
func (m Linear) score(z []float64) float64 {
	s := m.Bias
	for j, w := range m.Weights {
		s += w * z[j]
	}
	return s
}

// sigmoid is 1/(1+e^-x).
func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// fitLogistic fits an L2-regularised logistic regression (intercept not
// penalised) by Newton's method (IRLS) on standardised rows z (width f)
// and 0/1 labels y, starting from warm (may be zero-valued).
func fitLogistic(z, y []float64, f int, warm Linear) (Linear, error) {
	n := len(y)
	if n == 0 {
		return Linear{}, fmt.Errorf("forecast: logistic: no rows")
	}
	beta := make([]float64, f+1)
	if len(warm.Weights) == f {
		beta[0] = warm.Bias
		copy(beta[1:], warm.Weights)
	}
	lambda := logisticL2 * float64(n)
	d := f + 1
	h := make([]float64, d*d)
	g := make([]float64, d)
	row := make([]float64, d)
	for range newtonIter {
		clear(h)
		clear(g)
		for i := range n {
			row[0] = 1
			copy(row[1:], z[i*f:(i+1)*f])
			s := 0.0
			for j, v := range row {
				s += v * beta[j]
			}
			p := sigmoid(s)
			w := math.Max(p*(1-p), 1e-9)
			e := p - y[i]
			for a, va := range row {
				g[a] += e * va
				wa := w * va
				ha := h[a*d:]
				for b := a; b < d; b++ {
					ha[b] += wa * row[b]
				}
			}
		}
		hess := mat.NewSymDense(d, nil)
		for a := range d {
			for b := a; b < d; b++ {
				hess.SetSym(a, b, h[a*d+b])
			}
		}
		grad := mat.NewVecDense(d, g)
		for j := 1; j <= f; j++ {
			hess.SetSym(j, j, hess.At(j, j)+lambda)
			grad.SetVec(j, grad.AtVec(j)+lambda*beta[j])
		}
		var step mat.VecDense
		if err := solveSym(hess, grad, &step); err != nil {
			return Linear{}, fmt.Errorf("forecast: logistic: %w", err)
		}
		maxStep := 0.0
		for j := range beta {
			beta[j] -= step.AtVec(j)
			maxStep = math.Max(maxStep, math.Abs(step.AtVec(j)))
		}
		if maxStep < newtonTol {
			break
		}
	}
	return Linear{Bias: beta[0], Weights: beta[1:]}, nil
}

// fitRidge solves (Z'Z + αI)w = Z'(y-ȳ) on column-centred z, intercept ȳ
// adjusted for the column means (not penalised).
func fitRidge(z, y []float64, f int) (Linear, error) {
	n := len(y)
	if n < 2 {
		return Linear{}, fmt.Errorf("forecast: ridge: fewer than 2 rows")
	}
	means := make([]float64, f)
	ybar := 0.0
	for i := range n {
		ybar += y[i]
		for j := range f {
			means[j] += z[i*f+j]
		}
	}
	ybar /= float64(n)
	for j := range means {
		means[j] /= float64(n)
	}
	a := mat.NewSymDense(f, nil)
	b := mat.NewVecDense(f, nil)
	c := make([]float64, f)
	for i := range n {
		for j := range f {
			c[j] = z[i*f+j] - means[j]
		}
		v := mat.NewVecDense(f, c)
		a.SymRankOne(a, 1, v)
		b.AddScaledVec(b, y[i]-ybar, v)
	}
	for j := range f {
		a.SetSym(j, j, a.At(j, j)+ridgeL2*float64(n))
	}
	var w mat.VecDense
	if err := solveSym(a, b, &w); err != nil {
		return Linear{}, fmt.Errorf("forecast: ridge: %w", err)
	}
	m := Linear{Bias: ybar, Weights: make([]float64, f)}
	for j := range f {
		m.Weights[j] = w.AtVec(j)
		m.Bias -= m.Weights[j] * means[j]
	}
	return m, nil
}

// solveSym solves a x = b for a symmetric positive definite a.
func solveSym(a *mat.SymDense, b *mat.VecDense, x *mat.VecDense) error {
	var ch mat.Cholesky
	if !ch.Factorize(a) {
		return fmt.Errorf("matrix not positive definite")
	}
	return ch.SolveVecTo(x, b)
}
