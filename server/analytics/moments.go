package analytics

import (
	"math"
	"time"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)

// Shrinkage selects a covariance estimator.
type Shrinkage string

// Covariance estimators.
const (
	// ShrinkNone is the sample covariance (ddof=1).
	ShrinkNone Shrinkage = "none"
	// ShrinkConstantCorrelation is Ledoit-Wolf (2004) shrinkage towards
	// the constant-correlation matrix.
	ShrinkConstantCorrelation Shrinkage = "constant_correlation"
	// ShrinkIdentity is Ledoit-Wolf (2004) shrinkage towards a scaled
	// identity (trace(S)/p) I, as in scikit-learn's ledoit_wolf.
	ShrinkIdentity Shrinkage = "identity"
)

// Moments are annualised expected returns (mean daily return x 252) and
// covariance (daily covariance x 252) of a set of tickers.
type Moments struct {
	Tickers      []string
	Mean         []float64
	Cov          *mat.SymDense
	Intensity    float64 // shrinkage intensity δ in [0, 1]; 0 without shrinkage
	Observations int
}

// EstimateMoments estimates moments from the daily returns of series over
// [from, to] (zero = unbounded), using only days on which every ticker has
// a close on the previous calendar day (union calendar, carry-forward).
func EstimateMoments(series []PriceSeries, from, to time.Time, method Shrinkage) (Moments, error) {
	p, err := newPanel(series)
	if err != nil {
		return Moments{}, err
	}
	if len(p.tickers) == 0 {
		return Moments{}, fail(ErrInvalidInput, "no series to estimate")
	}
	a, z := 0, len(p.days)-1
	if !from.IsZero() {
		a = p.indexOnOrAfter(dayNum(from))
	}
	if !to.IsZero() {
		z = p.indexOnOrBefore(dayNum(to))
	}
	ks := make([]int, len(p.tickers))
	for k := range ks {
		ks[k] = k
	}
	x := p.returnMatrix(ks, a, z)
	if x == nil {
		return Moments{}, fail(ErrInvalidInput, "fewer than 2 common daily returns")
	}
	return momentsOf(x, p.tickers, method)
}

// momentsOf estimates annualised moments from a T x N return matrix.
func momentsOf(x *mat.Dense, tickers []string, method Shrinkage) (Moments, error) {
	rows, cols := x.Dims()
	m := Moments{Tickers: tickers, Mean: make([]float64, cols), Cov: mat.NewSymDense(cols, nil), Observations: rows}
	for j := range cols {
		m.Mean[j] = stat.Mean(mat.Col(nil, j, x), nil) * TradingDays
	}
	switch method {
	case ShrinkNone, "":
		stat.CovarianceMatrix(m.Cov, x, nil)
	case ShrinkIdentity:
		m.Intensity = ledoitWolfIdentity(x, m.Cov)
	case ShrinkConstantCorrelation:
		m.Intensity = ledoitWolfConstCorr(x, m.Cov)
	default:
		return Moments{}, fail(ErrInvalidInput, "unknown shrinkage %q", method)
	}
	m.Cov.ScaleSym(TradingDays, m.Cov)
	return m, nil
}

// centred returns x with column means removed and S = X'X/T.
func centred(x *mat.Dense) (*mat.Dense, *mat.SymDense) {
	rows, cols := x.Dims()
	c := mat.DenseCopyOf(x)
	for j := range cols {
		mean := stat.Mean(mat.Col(nil, j, x), nil)
		for i := range rows {
			c.Set(i, j, c.At(i, j)-mean)
		}
	}
	s := mat.NewSymDense(cols, nil)
	s.SymOuterK(1/float64(rows), c.T())
	return c, s
}

// ledoitWolfIdentity writes (1-δ)S + δ μ I into dst, with S = X'X/T on
// centred data, μ = trace(S)/p and δ = min(b², d²)/d² (scikit-learn).
func ledoitWolfIdentity(x *mat.Dense, dst *mat.SymDense) float64 {
	c, s := centred(x)
	t, p := c.Dims()
	mu := mat.Trace(s) / float64(p)
	d2 := 0.0
	for i := range p {
		for j := range p {
			e := s.At(i, j)
			if i == j {
				e -= mu
			}
			d2 += e * e
		}
	}
	b2 := 0.0
	for k := range t {
		row := c.RawRowView(k)
		for i := range p {
			for j := range p {
				e := row[i]*row[j] - s.At(i, j)
				b2 += e * e
			}
		}
	}
	b2 /= float64(t) * float64(t)
	delta := 0.0
	if d2 > 0 {
		delta = math.Min(b2, d2) / d2
	}
	for i := range p {
		for j := i; j < p; j++ {
			v := (1 - delta) * s.At(i, j)
			if i == j {
				v += delta * mu
			}
			dst.SetSym(i, j, v)
		}
	}
	return delta
}
