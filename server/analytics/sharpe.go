package analytics

import (
	"math"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// MaxSharpe returns the efficient portfolio with the highest Sharpe ratio
// (μ'w - rf)/sqrt(w'Σw). The Sharpe ratio is unimodal along the efficient
// frontier, which is parametrised by γ in min ½ w'Σw - γ μ'w; the optimum is
// found by golden-section search on γ in [0, γmax], where γmax reaches the
// maximum attainable return. It fails when no portfolio's expected return
// exceeds rf.
func (o *Optimizer) MaxSharpe() (wire.WeightedPortfolio, error) {
	if o.maxRet <= o.rf {
		return wire.WeightedPortfolio{}, fail(ErrInfeasible, "no portfolio beats the risk-free rate")
	}
	mv, err := o.minVariance()
	if err != nil {
		return wire.WeightedPortfolio{}, err
	}
	gmax, x, err := o.upperGamma(mv, o.maxRet, 0)
	if err != nil {
		return wire.WeightedPortfolio{}, err
	}
	best := o.portfolio(x)
	score := func(g float64) (float64, error) {
		w, _, err := o.solveGamma(x, g)
		if err != nil {
			return 0, err
		}
		p := o.portfolio(w)
		s := math.Inf(-1)
		if p.Sharpe != nil {
			s = *p.Sharpe
		}
		if best.Sharpe == nil || s > *best.Sharpe {
			best = p
		}
		x = w
		return s, nil
	}
	if err := goldenMax(score, 0, gmax); err != nil {
		return wire.WeightedPortfolio{}, err
	}
	if _, err := score(0); err != nil {
		return wire.WeightedPortfolio{}, err
	}
	return best, nil
}

// goldenMax runs a golden-section search for the maximum of f on [a, b];
// near-ties move towards a.
func goldenMax(f func(float64) (float64, error), a, b float64) error {
	const invPhi = 0.6180339887498949
	c, d := b-invPhi*(b-a), a+invPhi*(b-a)
	fc, err := f(c)
	if err != nil {
		return err
	}
	fd, err := f(d)
	if err != nil {
		return err
	}
	for range searchIter {
		if b-a <= 1e-12*math.Max(1, b) {
			return nil
		}
		if fc >= fd-1e-10*math.Max(1, math.Abs(fd)) { // ties go left: the top of the frontier is flat in γ
			b, d, fd = d, c, fc
			c = b - invPhi*(b-a)
			fc, err = f(c)
		} else {
			a, c, fc = c, d, fd
			d = a + invPhi*(b-a)
			fd, err = f(d)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// EfficientFrontier returns points (2..MaxFrontierPoints) efficient
// portfolios with expected returns evenly spaced from the minimum-variance
// portfolio's return to the maximum attainable return. When the two
// coincide a single point is returned.
func (o *Optimizer) EfficientFrontier(points int) ([]wire.WeightedPortfolio, error) {
	if points < 2 || points > MaxFrontierPoints {
		return nil, fail(ErrInvalidInput, "frontier points must be 2..%d", MaxFrontierPoints)
	}
	mv, err := o.minVariance()
	if err != nil {
		return nil, err
	}
	out := []wire.WeightedPortfolio{o.portfolio(mv)}
	r0 := out[0].Return
	if o.maxRet-r0 <= returnTol {
		return out, nil
	}
	w, gamma := mv, 0.0
	for k := 1; k < points; k++ {
		target := r0 + float64(k)*(o.maxRet-r0)/float64(points-1)
		if w, gamma, err = o.targetReturn(target, w, gamma); err != nil {
			return nil, err
		}
		out = append(out, o.portfolio(w))
	}
	return out, nil
}
