package wire

// MetricDef describes one metric for cards and reports: its JSON key in
// Metrics, a label, a one-line definition and how to format it ("pct" for
// a fraction shown as a percentage, "ratio" for a plain number).
type MetricDef struct {
	Key        string
	Label      string
	Definition string
	Format     string
}

// MetricDefs lists the metrics in display order.
var MetricDefs = []MetricDef{
	{"total_return", "Total return", "Time-weighted return over the period: product of (1 + daily return) - 1.", "pct"},
	{"cagr", "CAGR", "Compound annual growth rate: (1 + total return)^(252/n) - 1.", "pct"},
	{"volatility", "Volatility", "Annualised sample standard deviation of daily returns (x sqrt 252).", "pct"},
	{"sharpe", "Sharpe ratio", "Mean excess daily return / its standard deviation, x sqrt 252.", "ratio"},
	{"sortino", "Sortino ratio", "Mean excess daily return / downside deviation, x sqrt 252.", "ratio"},
	{"max_drawdown", "Max drawdown", "Deepest fall of the wealth index from a previous peak.", "pct"},
	{"calmar", "Calmar ratio", "CAGR divided by the absolute max drawdown.", "ratio"},
	{"var_95", "VaR 95%", "Daily loss exceeded on 5% of days (historical).", "pct"},
	{"cvar_95", "CVaR 95%", "Average daily loss on the days beyond VaR 95%.", "pct"},
	{"var_99", "VaR 99%", "Daily loss exceeded on 1% of days (historical).", "pct"},
	{"cvar_99", "CVaR 99%", "Average daily loss on the days beyond VaR 99%.", "pct"},
	{"beta", "Beta", "Sensitivity to the benchmark: cov(r, b) / var(b).", "ratio"},
	{"correlation", "Correlation", "Pearson correlation of daily returns with the benchmark.", "ratio"},
}

// Value returns the metric with the given key, or nil when undefined.
func (m Metrics) Value(key string) *float64 {
	switch key {
	case "total_return":
		return m.TotalReturn
	case "cagr":
		return m.CAGR
	case "volatility":
		return m.Volatility
	case "sharpe":
		return m.Sharpe
	case "sortino":
		return m.Sortino
	case "max_drawdown":
		return m.MaxDrawdown
	case "calmar":
		return m.Calmar
	case "var_95":
		return m.VaR95
	case "cvar_95":
		return m.CVaR95
	case "var_99":
		return m.VaR99
	case "cvar_99":
		return m.CVaR99
	case "beta":
		return m.Beta
	case "correlation":
		return m.Correlation
	}
	return nil
}
