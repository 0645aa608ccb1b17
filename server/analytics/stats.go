package analytics

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/stat"
)

// Quantile returns the p-quantile (0 <= p <= 1) of x with linear
// interpolation between order statistics, identical to numpy.quantile's
// default method: h = (n-1)p, q = x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]).
// It returns NaN for an empty x or p outside [0, 1].
func Quantile(x []float64, p float64) float64 {
	if len(x) == 0 || !(p >= 0 && p <= 1) {
		return math.NaN()
	}
	s := slices.Clone(x)
	slices.Sort(s)
	return SortedQuantile(s, p)
}

// SortedQuantile is Quantile of an already ascending-sorted s (no copy).
func SortedQuantile(s []float64, p float64) float64 {
	if len(s) == 0 || !(p >= 0 && p <= 1) {
		return math.NaN()
	}
	h := float64(len(s)-1) * p
	lo := int(math.Floor(h))
	if lo >= len(s)-1 {
		return s[len(s)-1]
	}
	return s[lo] + (h-float64(lo))*(s[lo+1]-s[lo])
}

// VaR returns the historical value at risk at confidence c (e.g. 0.95) as a
// positive loss fraction: -Quantile(r, 1-c).
func VaR(r []float64, c float64) float64 {
	return -Quantile(r, 1-c)
}

// CVaR returns the historical conditional value at risk at confidence c: the
// negated mean of the returns at or below -VaR(c). The set is never empty
// because the minimum return is at or below any quantile.
func CVaR(r []float64, c float64) float64 {
	v := VaR(r, c)
	if math.IsNaN(v) {
		return math.NaN()
	}
	sum, n := 0.0, 0
	for _, x := range r {
		if x <= -v {
			sum += x
			n++
		}
	}
	if n == 0 {
		return math.NaN()
	}
	return -sum / float64(n)
}

// Beta returns cov(r, b)/var(b) with sample (ddof=1) estimators, or NaN when
// fewer than two pairs exist, the lengths differ or var(b) is 0.
func Beta(r, b []float64) float64 {
	if len(r) != len(b) || len(r) < 2 {
		return math.NaN()
	}
	vb := stat.Variance(b, nil)
	if vb <= 0 {
		return math.NaN()
	}
	return stat.Covariance(r, b, nil) / vb
}

// Correlation returns the Pearson correlation of r and b, or NaN when fewer
// than two pairs exist, the lengths differ or either series is constant.
func Correlation(r, b []float64) float64 {
	if len(r) != len(b) || len(r) < 2 {
		return math.NaN()
	}
	if stat.Variance(r, nil) <= 0 || stat.Variance(b, nil) <= 0 {
		return math.NaN()
	}
	return stat.Correlation(r, b, nil)
}

// sampleStd is the ddof=1 standard deviation, NaN for fewer than 2 values.
func sampleStd(x []float64) float64 {
	if len(x) < 2 {
		return math.NaN()
	}
	return stat.StdDev(x, nil)
}

// excess returns r - rf element-wise.
func excess(r []float64, rf float64) []float64 {
	out := make([]float64, len(r))
	for i, x := range r {
		out[i] = x - rf
	}
	return out
}

// DailyRiskFree converts an annual risk-free rate to a daily one:
// (1+rf)^(1/252) - 1.
func DailyRiskFree(annual float64) float64 {
	return math.Pow(1+annual, 1.0/TradingDays) - 1
}
