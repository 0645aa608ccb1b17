package wire

// This file holds the result types of the analytics endpoints. They are
// the single definition: server/analytics computes them directly and the
// WebAssembly client decodes them (it cannot import server packages).

// Metrics are the performance and risk statistics of a daily return series.
// Undefined values (too few returns, zero dispersion, no drawdown) are nil;
// see the methodology page.
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

// BenchmarkSummary compares the portfolio with its benchmark over the
// window. Pairs is the number of aligned daily returns used.
type BenchmarkSummary struct {
	Ticker      string   `json:"ticker"`
	TotalReturn *float64 `json:"total_return,omitempty"`
	Pairs       int      `json:"pairs"`
}

// Drawdown describes the maximum drawdown of the portfolio's time-weighted
// wealth index. Recovery is nil when the index has not regained its peak.
// DurationDays counts calendar days from peak to recovery, or from peak to
// the last date when not recovered.
type Drawdown struct {
	Depth        float64 `json:"depth"`
	Peak         string  `json:"peak"`
	Trough       string  `json:"trough"`
	Recovery     *string `json:"recovery,omitempty"`
	Recovered    bool    `json:"recovered"`
	DurationDays int     `json:"duration_days"`
}

// Exposure is the long/short monitor at the end date. Short is the
// (negative) sum of short market values; Gross = Long - Short and
// Net = Long + Short. The percentages divide by D as in Allocation.
type Exposure struct {
	Long     float64 `json:"long"`
	Short    float64 `json:"short"`
	Gross    float64 `json:"gross"`
	Net      float64 `json:"net"`
	GrossPct float64 `json:"gross_pct"`
	NetPct   float64 `json:"net_pct"`
}

// Holding is one ticker's position at the end date and its attribution.
type Holding struct {
	Ticker      string   `json:"ticker"`
	Quantity    float64  `json:"quantity"`
	Price       float64  `json:"price"`
	MarketValue float64  `json:"market_value"`
	Weight      float64  `json:"weight"`
	Sector      string   `json:"sector"`
	Country     string   `json:"country"`
	PriceReturn *float64 `json:"price_return,omitempty"`
	// Currency is the holding's own currency when it is not the base
	// currency; PriceReturn (in the base currency) is then
	// (1 + LocalReturn) x (1 + CurrencyReturn) - 1: the price move in its
	// own currency and the move of its exchange rate.
	Currency           string   `json:"currency,omitempty"`
	LocalReturn        *float64 `json:"local_return,omitempty"`
	CurrencyReturn     *float64 `json:"currency_return,omitempty"`
	ContributionReturn float64  `json:"contribution_return"`
	ContributionRisk   *float64 `json:"contribution_risk,omitempty"`
}

// Allocation is the net market value of a group of holdings (a sector or a
// country) at the end date and its weight: value / D, where D is the
// portfolio's net value when positive, otherwise its gross exposure.
type Allocation struct {
	Key    string  `json:"key"`
	Value  float64 `json:"value"`
	Weight float64 `json:"weight"`
}

// CorrelationMatrix is a symmetric matrix of Pearson correlations of daily
// returns; undefined entries (constant series) are null.
type CorrelationMatrix struct {
	Tickers []string     `json:"tickers"`
	Values  [][]*float64 `json:"values"`
}

// SeriesPoint is one day of the chart series: net market value, the TWR
// wealth index (1 at the start), its drawdown and the gross and net
// exposure (net equals Value). Benchmark is the benchmark's price index,
// 1 on its first day in the window (absent before it, or without one).
type SeriesPoint struct {
	Date      string   `json:"date"`
	Value     float64  `json:"value"`
	Index     float64  `json:"index"`
	Drawdown  float64  `json:"drawdown"`
	Gross     float64  `json:"gross"`
	Benchmark *float64 `json:"benchmark,omitempty"`
}

// FlowPoint is a day's net external flow into the portfolio (positive:
// money in, negative: money out), the flows the TWR sub-periods split at.
type FlowPoint struct {
	Date   string  `json:"date"`
	Amount float64 `json:"amount"`
}

// AnalyticsReport answers GET /api/portfolios/{id}/analytics.
type AnalyticsReport struct {
	From       string  `json:"from"`
	To         string  `json:"to"`
	Returns    int     `json:"returns"`
	StartValue float64 `json:"start_value"`
	EndValue   float64 `json:"end_value"`
	NetFlows   float64 `json:"net_flows"`
	// Dividends is the period's income: dividends and interest less taxes
	// and fee entries, paid out or kept as cash alike.
	Dividends float64 `json:"dividends"`
	// MWR is the money-weighted return (XIRR of the start value, the
	// external flows and the end value, ACT/365, annualised); MWRPeriod is
	// the same rate over the period. Nil when undefined.
	MWR       *float64 `json:"mwr,omitempty"`
	MWRPeriod *float64 `json:"mwr_period,omitempty"`
	// Currency is the base currency every amount is in.
	Currency string `json:"currency,omitempty"`
	// FlowsAre says what the external flows are: "deposits" (deposits and
	// withdrawals of a portfolio holding cash) or "trades" (buys paid in
	// and sells, dividends and payouts taken out, without deposits).
	FlowsAre  string            `json:"flows_are,omitempty"`
	Metrics   Metrics           `json:"metrics"`
	Benchmark *BenchmarkSummary `json:"benchmark,omitempty"`
	Drawdown  *Drawdown         `json:"drawdown,omitempty"`
	Exposure  Exposure          `json:"exposure"`
	Holdings  []Holding         `json:"holdings"`
	Sectors   []Allocation      `json:"sectors"`
	Countries []Allocation      `json:"countries"`
	// Currencies and AssetKinds group the holdings by quote currency and
	// by asset kind, weighted like Sectors.
	Currencies  []Allocation       `json:"currencies,omitempty"`
	AssetKinds  []Allocation       `json:"asset_kinds,omitempty"`
	Correlation *CorrelationMatrix `json:"correlation,omitempty"`
	Series      []SeriesPoint      `json:"series"`
	// Drawdowns are the deepest drawdown periods of the TWR index, deepest
	// first (at most three); the first is Drawdown.
	Drawdowns []Drawdown `json:"drawdowns,omitempty"`
	// Flows are the days with an external flow after the first day.
	Flows []FlowPoint `json:"flows,omitempty"`
}

// DataRange is the first and last date of the market data.
type DataRange struct {
	From string `json:"from"`
	To   string `json:"to"`
}
