package api

// This file mirrors the JSON of the analytics endpoints so the WebAssembly
// client can decode what server/analytics produces (the server package
// cannot be imported by the client). Server tests decode real responses
// into these types with unknown fields disallowed, so both stay in step.

// Metrics are the performance and risk metrics of a period; nil means the
// value is undefined (see the methodology page).
type Metrics struct {
	TotalReturn *float64 `json:"total_return,omitempty"`
	CAGR        *float64 `json:"cagr,omitempty"`
	Volatility  *float64 `json:"volatility,omitempty"`
	Sharpe      *float64 `json:"sharpe,omitempty"`
	Sortino     *float64 `json:"sortino,omitempty"`
	Calmar      *float64 `json:"calmar,omitempty"`
	MaxDrawdown *float64 `json:"max_drawdown,omitempty"`
	VaR95       *float64 `json:"var_95,omitempty"`
	CVaR95      *float64 `json:"cvar_95,omitempty"`
	VaR99       *float64 `json:"var_99,omitempty"`
	CVaR99      *float64 `json:"cvar_99,omitempty"`
	Beta        *float64 `json:"beta,omitempty"`
	Correlation *float64 `json:"correlation,omitempty"`
}

// BenchmarkSummary compares the portfolio with its benchmark.
type BenchmarkSummary struct {
	Ticker      string   `json:"ticker"`
	TotalReturn *float64 `json:"total_return,omitempty"`
	Pairs       int      `json:"pairs"`
}

// Drawdown describes the deepest drawdown of the period.
type Drawdown struct {
	Depth        float64 `json:"depth"`
	Peak         string  `json:"peak"`
	Trough       string  `json:"trough"`
	Recovery     *string `json:"recovery,omitempty"`
	Recovered    bool    `json:"recovered"`
	DurationDays int     `json:"duration_days"`
}

// Exposure is the long, short, gross and net exposure at the end date.
type Exposure struct {
	Long     float64 `json:"long"`
	Short    float64 `json:"short"`
	Gross    float64 `json:"gross"`
	Net      float64 `json:"net"`
	GrossPct float64 `json:"gross_pct"`
	NetPct   float64 `json:"net_pct"`
}

// Holding is one position at the end date with its attribution.
type Holding struct {
	Ticker             string   `json:"ticker"`
	Quantity           float64  `json:"quantity"`
	Price              float64  `json:"price"`
	MarketValue        float64  `json:"market_value"`
	Weight             float64  `json:"weight"`
	Sector             string   `json:"sector"`
	Country            string   `json:"country"`
	PriceReturn        *float64 `json:"price_return,omitempty"`
	ContributionReturn float64  `json:"contribution_return"`
	ContributionRisk   *float64 `json:"contribution_risk,omitempty"`
}

// Allocation is the value and weight of one sector or country.
type Allocation struct {
	Key    string  `json:"key"`
	Value  float64 `json:"value"`
	Weight float64 `json:"weight"`
}

// CorrelationMatrix holds Pearson correlations; nil entries are undefined.
type CorrelationMatrix struct {
	Tickers []string     `json:"tickers"`
	Values  [][]*float64 `json:"values"`
}

// SeriesPoint is one day of the value, wealth-index and drawdown series.
type SeriesPoint struct {
	Date     string  `json:"date"`
	Value    float64 `json:"value"`
	Index    float64 `json:"index"`
	Drawdown float64 `json:"drawdown"`
	Gross    float64 `json:"gross"`
}

// AnalyticsReport answers GET /api/portfolios/{id}/analytics.
type AnalyticsReport struct {
	From        string             `json:"from"`
	To          string             `json:"to"`
	Returns     int                `json:"returns"`
	StartValue  float64            `json:"start_value"`
	EndValue    float64            `json:"end_value"`
	NetFlows    float64            `json:"net_flows"`
	Dividends   float64            `json:"dividends"`
	Metrics     Metrics            `json:"metrics"`
	Benchmark   *BenchmarkSummary  `json:"benchmark,omitempty"`
	Drawdown    *Drawdown          `json:"drawdown,omitempty"`
	Exposure    Exposure           `json:"exposure"`
	Holdings    []Holding          `json:"holdings"`
	Sectors     []Allocation       `json:"sectors"`
	Countries   []Allocation       `json:"countries"`
	Correlation *CorrelationMatrix `json:"correlation,omitempty"`
	Series      []SeriesPoint      `json:"series"`
}

// DataRange is the first and last date of the market data.
type DataRange struct {
	From string `json:"from"`
	To   string `json:"to"`
}
