package analytics

import (
	"math"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// CurrentWeights returns the weights q_i p_i / V of the tickers and the
// total value V = sum q_i p_i. Positions outside tickers are ignored. It
// fails when a price is missing or not positive, or V is not positive.
func CurrentWeights(tickers []string, positions, prices map[string]float64) ([]float64, float64, error) {
	w := make([]float64, len(tickers))
	total := 0.0
	for i, tk := range tickers {
		p, ok := prices[tk]
		q := positions[tk]
		if !ok || !finite(p) || p <= 0 || !finite(q) || math.Abs(q) > maxMagnitude {
			return nil, 0, fail(ErrInvalidInput, "no valid price or quantity for %s", tk)
		}
		w[i] = q * p
		total += w[i]
	}
	if !(total > 0) {
		return nil, 0, fail(ErrInvalidInput, "portfolio value must be positive to rebalance")
	}
	for i := range w {
		w[i] /= total
	}
	return w, total, nil
}

// Rebalance returns the trades (fractional shares) that turn the current
// positions into target weights at the given prices, keeping the total
// value V = sum q_i p_i: target shares = w_i V / p_i.
func Rebalance(tickers []string, target []float64, positions, prices map[string]float64) ([]wire.RebalanceTrade, error) {
	if len(target) != len(tickers) || !allFinite(target) {
		return nil, fail(ErrInvalidInput, "target weights do not match tickers")
	}
	cur, total, err := CurrentWeights(tickers, positions, prices)
	if err != nil {
		return nil, err
	}
	out := make([]wire.RebalanceTrade, len(tickers))
	for i, tk := range tickers {
		p, q := prices[tk], positions[tk]
		ts := target[i] * total / p
		out[i] = wire.RebalanceTrade{Ticker: tk, Price: p, CurrentShares: q, TargetShares: ts, Shares: ts - q,
			Value: (ts - q) * p, CurrentWeight: cur[i], TargetWeight: target[i]}
	}
	return out, nil
}
