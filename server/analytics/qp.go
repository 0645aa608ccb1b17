package analytics

import (
	"errors"
	"math"

	"gonum.org/v1/gonum/mat"
)

// ErrNoConvergence is returned when the optimiser reaches its iteration cap
// without meeting its tolerance.
var ErrNoConvergence = errors.New("optimiser did not converge")

const (
	// qpMaxIter caps projected-gradient iterations per solve.
	qpMaxIter = 20000
	// qpTol is the max-norm step size at which a solve has converged.
	qpTol = 1e-11
	// qpLooseTol is accepted when the cap is hit (still a usable solution).
	qpLooseTol = 1e-7
)

// qp minimises ½ w'Qw - γ μ'w over a feasible set with accelerated
// projected gradient (FISTA with gradient-based adaptive restart).
type qp struct {
	n   int
	q   []float64 // row-major n x n, symmetric positive semidefinite
	mu  []float64
	l   float64 // Lipschitz constant: largest eigenvalue of Q
	set *feasibleSet
}

// newQP prepares a solver for covariance cov and expected returns mu.
func newQP(cov *mat.SymDense, mu []float64, set *feasibleSet) (*qp, error) {
	n := cov.SymmetricDim()
	var eig mat.EigenSym
	if !eig.Factorize(cov, false) {
		return nil, fail(ErrInvalidInput, "covariance eigen-decomposition failed")
	}
	vals := eig.Values(nil)
	l := vals[len(vals)-1]
	if !(l > 0) || !finite(l) {
		l = 1
	}
	q := make([]float64, n*n)
	for i := range n {
		for j := range n {
			q[i*n+j] = cov.At(i, j)
		}
	}
	return &qp{n: n, q: q, mu: mu, l: l, set: set}, nil
}

// grad writes Q x - γ μ into g.
func (s *qp) grad(x []float64, gamma float64, g []float64) {
	for i := range s.n {
		row := s.q[i*s.n : (i+1)*s.n]
		acc := -gamma * s.mu[i]
		for j, v := range row {
			acc += v * x[j]
		}
		g[i] = acc
	}
}

// solve minimises ½ w'Qw - γ μ'w starting from w0 (projected first). It
// returns the solution and the number of iterations.
func (s *qp) solve(w0 []float64, gamma float64) ([]float64, int, error) {
	n := s.n
	x, y, prev, g, v := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	s.set.project(w0, x)
	copy(y, x)
	t := 1.0
	for it := 1; it <= qpMaxIter; it++ {
		copy(prev, x)
		s.grad(y, gamma, g)
		for i := range n {
			v[i] = y[i] - g[i]/s.l
		}
		s.set.project(v, x)
		step, restart := 0.0, 0.0
		for i := range n {
			step = math.Max(step, math.Abs(x[i]-prev[i]))
			restart += (y[i] - x[i]) * (x[i] - prev[i])
		}
		if step <= qpTol {
			return x, it, nil
		}
		if restart > 0 {
			t = 1 // momentum points uphill: restart
		}
		tNext := (1 + math.Sqrt(1+4*t*t)) / 2
		beta := (t - 1) / tNext
		for i := range n {
			y[i] = x[i] + beta*(x[i]-prev[i])
		}
		t = tNext
		if it == qpMaxIter && step <= qpLooseTol {
			return x, it, nil
		}
	}
	return nil, qpMaxIter, fail(ErrNoConvergence, "")
}

// stats returns μ'w and w'Qw.
func (s *qp) stats(w []float64) (ret, variance float64) {
	g := make([]float64, s.n)
	s.grad(w, 0, g)
	for i := range s.n {
		ret += s.mu[i] * w[i]
		variance += w[i] * g[i]
	}
	return ret, math.Max(variance, 0)
}
