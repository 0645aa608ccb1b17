package analytics

import (
	"math"

	"gonum.org/v1/gonum/stat"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// TotalReturn is the time-weighted return prod(1+r) - 1.
func TotalReturn(r []float64) float64 {
	w := 1.0
	for _, x := range r {
		w *= 1 + x
	}
	return w - 1
}

// CAGR annualises a total return over n daily returns: (1+twr)^(252/n) - 1.
// It is NaN when n is 0 or 1+twr <= 0.
func CAGR(twr float64, n int) float64 {
	if n == 0 || 1+twr <= 0 {
		return math.NaN()
	}
	return math.Pow(1+twr, float64(TradingDays)/float64(n)) - 1
}

// Volatility is the annualised sample standard deviation of r.
func Volatility(r []float64) float64 {
	return sampleStd(r) * math.Sqrt(TradingDays)
}

// Sharpe is mean(r - rf_d)/stdev(r - rf_d) x sqrt(252) for an annual rf.
func Sharpe(r []float64, rf float64) float64 {
	e := excess(r, DailyRiskFree(rf))
	sd := sampleStd(e)
	if !(sd > 0) {
		return math.NaN()
	}
	return stat.Mean(e, nil) / sd * math.Sqrt(TradingDays)
}

// Sortino is mean(r - rf_d)/sqrt(sum(min(r - rf_d, 0)^2)/n) x sqrt(252).
func Sortino(r []float64, rf float64) float64 {
	if len(r) == 0 {
		return math.NaN()
	}
	e := excess(r, DailyRiskFree(rf))
	ss := 0.0
	for _, x := range e {
		if x < 0 {
			ss += x * x
		}
	}
	dd := math.Sqrt(ss / float64(len(e)))
	if dd == 0 {
		return math.NaN()
	}
	return stat.Mean(e, nil) / dd * math.Sqrt(TradingDays)
}

// ComputeMetrics computes every return-based metric of r for an annual
// risk-free rate rf. Beta and correlation are left nil (see Analyze).
func ComputeMetrics(r []float64, rf float64) wire.Metrics {
	if len(r) == 0 {
		return wire.Metrics{}
	}
	twr := TotalReturn(r)
	cagr := CAGR(twr, len(r))
	mdd := drawdownOf(wealthIndex(r)).depth
	m := wire.Metrics{
		TotalReturn: fptr(twr), CAGR: fptr(cagr), Volatility: fptr(Volatility(r)),
		Sharpe: fptr(Sharpe(r, rf)), Sortino: fptr(Sortino(r, rf)), MaxDrawdown: fptr(mdd),
		VaR95: fptr(VaR(r, 0.95)), CVaR95: fptr(CVaR(r, 0.95)),
		VaR99: fptr(VaR(r, 0.99)), CVaR99: fptr(CVaR(r, 0.99)),
	}
	if mdd < 0 {
		m.Calmar = fptr(cagr / math.Abs(mdd))
	}
	return m
}

// wealthIndex returns the growth of 1 unit: W_0 = 1, W_i = W_{i-1}(1+r_i);
// its length is len(r)+1.
func wealthIndex(r []float64) []float64 {
	w := make([]float64, len(r)+1)
	w[0] = 1
	for i, x := range r {
		w[i+1] = w[i] * (1 + x)
	}
	return w
}
