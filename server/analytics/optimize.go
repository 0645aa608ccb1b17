package analytics

import (
	"math"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// Bounds are the lower and upper weight of one asset.
type Bounds struct {
	Lower float64 `json:"lower"`
	Upper float64 `json:"upper"`
}

// Constraints restrict optimal weights. Every asset gets [MinWeight,
// MaxWeight] (MaxWeight 0 means 1; MinWeight 0 is long-only; negative
// MinWeight allows shorts down to -1) unless PerAsset overrides it. Sectors
// maps tickers to sectors and SectorCaps bounds the summed weight of a
// sector; tickers without a capped sector are only bounded individually.
type Constraints struct {
	MinWeight  float64            `json:"min_weight"`
	MaxWeight  float64            `json:"max_weight"`
	PerAsset   map[string]Bounds  `json:"per_asset,omitempty"`
	Sectors    map[string]string  `json:"sectors,omitempty"`
	SectorCaps map[string]float64 `json:"sector_caps,omitempty"`
}

// feasibleSet builds and checks the constraint set for tickers.
func (c Constraints) feasibleSet(tickers []string) (*feasibleSet, error) {
	hiDefault := c.MaxWeight
	if hiDefault == 0 {
		hiDefault = 1
	}
	n := len(tickers)
	f := &feasibleSet{lo: make([]float64, n), hi: make([]float64, n)}
	group := map[string]int{}
	for i, tk := range tickers {
		b, ok := c.PerAsset[tk]
		if !ok {
			b = Bounds{c.MinWeight, hiDefault}
		}
		if !finite(b.Lower) || !finite(b.Upper) || b.Lower < -1 || b.Upper > 1 {
			return nil, fail(ErrInvalidInput, "bounds of %s outside [-1, 1]", tk)
		}
		f.lo[i], f.hi[i] = b.Lower, b.Upper
		cp, capped := c.SectorCaps[c.Sectors[tk]]
		if !capped {
			f.uncapped = append(f.uncapped, i)
			continue
		}
		if !finite(cp) || cp < -1 || cp > 1 {
			return nil, fail(ErrInvalidInput, "sector cap outside [-1, 1]")
		}
		g, seen := group[c.Sectors[tk]]
		if !seen {
			g = len(f.groups)
			group[c.Sectors[tk]] = g
			f.groups, f.caps = append(f.groups, nil), append(f.caps, cp)
		}
		f.groups[g] = append(f.groups[g], i)
	}
	return f, f.check()
}

// Optimizer solves mean-variance problems for fixed moments and constraints.
type Optimizer struct {
	m      Moments
	rf     float64
	qp     *qp
	minVar []float64
	maxRet float64
}

// NewOptimizer validates moments and constraints; rf is the annual
// risk-free rate used for Sharpe ratios.
func NewOptimizer(m Moments, c Constraints, rf float64) (*Optimizer, error) {
	if m.Cov == nil || len(m.Tickers) == 0 || m.Cov.SymmetricDim() != len(m.Tickers) || len(m.Mean) != len(m.Tickers) {
		return nil, fail(ErrInvalidInput, "moments have mismatched sizes")
	}
	if !finite(rf) || !allFinite(m.Mean) || !allFinite(m.Cov.RawSymmetric().Data) {
		return nil, fail(ErrInvalidInput, "non-finite moments")
	}
	set, err := c.feasibleSet(m.Tickers)
	if err != nil {
		return nil, err
	}
	q, err := newQP(m.Cov, m.Mean, set)
	if err != nil {
		return nil, err
	}
	return &Optimizer{m: m, rf: rf, qp: q, maxRet: maxReturn(m.Mean, set)}, nil
}

// allFinite reports whether every element of x is finite.
func allFinite(x []float64) bool {
	for _, v := range x {
		if !finite(v) {
			return false
		}
	}
	return true
}

// portfolio wraps weights with their statistics.
func (o *Optimizer) portfolio(w []float64) wire.WeightedPortfolio {
	ret, v := o.qp.stats(w)
	p := wire.WeightedPortfolio{Weights: w, Return: ret, Volatility: math.Sqrt(v)}
	if p.Volatility > 1e-12 {
		p.Sharpe = fptr((ret - o.rf) / p.Volatility)
	}
	return p
}

// Evaluate returns the statistics of arbitrary weights (e.g. the current
// portfolio) under the optimiser's moments.
func (o *Optimizer) Evaluate(w []float64) (wire.WeightedPortfolio, error) {
	if len(w) != len(o.m.Tickers) || !allFinite(w) {
		return wire.WeightedPortfolio{}, fail(ErrInvalidInput, "weights do not match tickers")
	}
	return o.portfolio(append([]float64(nil), w...)), nil
}

// MinVariance returns the minimum-variance portfolio.
func (o *Optimizer) MinVariance() (wire.WeightedPortfolio, error) {
	w, err := o.minVariance()
	if err != nil {
		return wire.WeightedPortfolio{}, err
	}
	return o.portfolio(w), nil
}

// minVariance solves (once) and caches the minimum-variance weights.
func (o *Optimizer) minVariance() ([]float64, error) {
	if o.minVar != nil {
		return o.minVar, nil
	}
	w, _, err := o.qp.solve(equalWeights(len(o.m.Tickers)), 0)
	if err != nil {
		return nil, err
	}
	o.minVar = w
	return w, nil
}

// equalWeights returns n weights of 1/n.
func equalWeights(n int) []float64 {
	w := make([]float64, n)
	for i := range w {
		w[i] = 1 / float64(n)
	}
	return w
}
