package analytics

import (
	"math"
	"testing"
	"time"
)

// handReturns are the daily returns of values 100,110,99,105,120,102,115,118.
var handReturns = []float64{0.1, -0.1, 105.0/99 - 1, 120.0/105 - 1, 102.0/120 - 1, 115.0/102 - 1, 118.0/115 - 1}

func TestMetricsHandVector(t *testing.T) {
	t.Parallel()
	m := ComputeMetrics(handReturns, 0.02)
	tests := []struct {
		name string
		got  *float64
		want float64
	}{
		{"total_return", m.TotalReturn, 0.18},
		{"cagr", m.CAGR, 386.03680241680917},
		{"volatility", m.Volatility, 1.8028133093686298},
		{"sharpe", m.Sharpe, 4.12257753455255},
		{"sortino", m.Sortino, 6.8669550150127785},
		{"max_drawdown", m.MaxDrawdown, -0.15},
		{"calmar", m.Calmar, 2573.5786827787274},
		{"var_95", m.VaR95, 0.135},
		{"cvar_95", m.CVaR95, 0.15},
		{"var_99", m.VaR99, 0.147},
		{"cvar_99", m.CVaR99, 0.15},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { nearPtr(t, tc.name, tc.got, tc.want, 1e-12) })
	}
	if m.Beta != nil || m.Correlation != nil {
		t.Error("beta/correlation set without benchmark")
	}
}

func TestSharpeZeroRiskFree(t *testing.T) {
	t.Parallel()
	near(t, "sharpe", Sharpe(handReturns, 0), 4.13356225786096, 1e-12)
	near(t, "rf_d", DailyRiskFree(0.02), math.Pow(1.02, 1.0/252)-1, 1e-15)
}

func TestQuantileAndVaR(t *testing.T) {
	t.Parallel()
	ten := []float64{0.06, -0.03, 0.01, -0.02, 0.05, 0, -0.01, 0.04, 0.02, 0.03}
	tests := []struct {
		name string
		got  float64
		want float64
	}{
		{"q30 of 1..5", Quantile([]float64{5, 1, 4, 2, 3}, 0.3), 2.2},
		{"q0", Quantile([]float64{3, 1, 2}, 0), 1},
		{"q1", Quantile([]float64{3, 1, 2}, 1), 3},
		{"single", Quantile([]float64{7}, 0.4), 7},
		{"var80 interpolated", VaR(ten, 0.8), 0.012},
		{"cvar80 two in tail", CVaR(ten, 0.8), 0.025},
		{"var95", VaR(ten, 0.95), 0.0255},
		{"cvar95", CVaR(ten, 0.95), 0.03},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { near(t, tc.name, tc.got, tc.want, 1e-12) })
	}
}

func TestBetaCorrelation(t *testing.T) {
	t.Parallel()
	b := []float64{0.04, 51.0/52 - 1, 53.0/51 - 1, 54.0/53 - 1, 52.0/54 - 1, 55.0/52 - 1, 56.0/55 - 1}
	near(t, "beta", Beta(handReturns, b), 3.0217758661297727, 1e-12)
	near(t, "corr", Correlation(handReturns, b), 0.903346913493043, 1e-12)
	tests := []struct {
		name string
		r, b []float64
	}{
		{"mismatched", []float64{1, 2}, []float64{1}},
		{"too short", []float64{1}, []float64{1}},
		{"constant benchmark", []float64{1, 2, 3}, []float64{1, 1, 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if !math.IsNaN(Beta(tc.r, tc.b)) || !math.IsNaN(Correlation(tc.r, tc.b)) {
				t.Error("want NaN")
			}
		})
	}
}

func TestMetricsDegenerate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		r    []float64
	}{
		{"empty", nil},
		{"one return", []float64{0.01}},
		{"flat", []float64{0, 0, 0}},
		{"total loss", []float64{-1, 0.1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := ComputeMetrics(tc.r, 0)
			for _, p := range []*float64{m.TotalReturn, m.CAGR, m.Volatility, m.Sharpe, m.Sortino, m.Calmar, m.VaR95, m.CVaR99} {
				if p != nil && !finite(*p) {
					t.Fatalf("non-finite metric %v", *p)
				}
			}
		})
	}
	if m := ComputeMetrics([]float64{0, 0, 0}, 0); m.Sharpe != nil || m.Calmar != nil || m.Sortino != nil {
		t.Error("flat series must leave sharpe, sortino and calmar undefined")
	}
}

func TestDrawdown(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		w         []float64
		depth     float64
		peak      int
		trough    int
		recovery  int
		duration  int
		recovered bool
	}{
		{"recovered", []float64{100, 90, 95, 101, 99}, -0.1, 0, 1, 3, 3, true},
		{"not recovered", []float64{100, 110, 99, 105, 120, 102, 115, 118}, -0.15, 4, 5, -1, 3, false},
		{"exact recovery", []float64{10, 8, 10}, -0.2, 0, 1, 2, 2, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dd := drawdownOf(tc.w)
			near(t, "depth", dd.depth, tc.depth, 1e-12)
			if dd.peak != tc.peak || dd.trough != tc.trough || dd.recovery != tc.recovery {
				t.Fatalf("peak/trough/recovery = %d/%d/%d", dd.peak, dd.trough, dd.recovery)
			}
			days := make([]int64, len(tc.w))
			for i := range days {
				days[i] = dayNum(on(i))
			}
			rep := drawdownReport(dd, days)
			if rep.DurationDays != tc.duration || rep.Recovered != tc.recovered || (rep.Recovery != nil) != tc.recovered {
				t.Fatalf("report = %+v", rep)
			}
			if rep.Peak != on(tc.peak).Format(time.DateOnly) {
				t.Errorf("peak date %s", rep.Peak)
			}
		})
	}
	if drawdownReport(drawdownOf([]float64{1, 2, 3}), []int64{1, 2, 3}) != nil {
		t.Error("rising series must have no drawdown")
	}
}
