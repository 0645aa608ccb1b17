package analytics

import (
	"time"

	"gonum.org/v1/gonum/mat"
)

// JointReturns returns the T x N matrix of daily simple returns of series
// (in their order) on the union calendar with carry-forward, keeping only
// days on which every ticker had a close the day before, and each row's
// date. It is the return matrix EstimateMoments uses.
func JointReturns(series []PriceSeries) (*mat.Dense, []time.Time, error) {
	p, err := newPanel(series)
	if err != nil {
		return nil, nil, err
	}
	if len(p.tickers) == 0 {
		return nil, nil, fail(ErrInvalidInput, "no series")
	}
	ks := make([]int, len(p.tickers))
	for k := range ks {
		ks[k] = k
	}
	x := p.returnMatrix(ks, 0, len(p.days)-1)
	if x == nil {
		return nil, nil, fail(ErrInvalidInput, "fewer than 2 common daily returns")
	}
	var dates []time.Time
	for t := 1; t < len(p.days); t++ {
		if p.allPriced(ks, t-1) {
			dates = append(dates, dayTime(p.days[t]))
		}
	}
	return x, dates, nil
}

// ShrunkCovariance is the Ledoit-Wolf (2004) constant-correlation shrunk
// covariance of the rows of x, in x's units (daily for daily returns),
// and the shrinkage intensity.
func ShrunkCovariance(x *mat.Dense) (*mat.SymDense, float64) {
	_, p := x.Dims()
	cov := mat.NewSymDense(p, nil)
	delta := ledoitWolfConstCorr(x, cov)
	return cov, delta
}
