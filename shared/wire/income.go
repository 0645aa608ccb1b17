package wire

// IncomePeriod is the income of one month ("2014-03") or year ("2014") in
// the portfolio's base currency: Dividends (net of their fees), Interest,
// Tax (withholding and other taxes, positive = paid) and Net =
// Dividends + Interest - Tax.
type IncomePeriod struct {
	Period    string  `json:"period"`
	Dividends float64 `json:"dividends"`
	Interest  float64 `json:"interest"`
	Tax       float64 `json:"tax"`
	Net       float64 `json:"net"`
}

// IncomeHolding is the income of one open holding at AsOf. Income12m is
// the dividends of the trailing twelve months (AsOf minus one year
// excluded, AsOf included) before withholding tax; Yield = Income12m /
// MarketValue and YieldOnCost = Income12m / CostBasis (null when the
// denominator is zero). Tax12m is the tax booked for the holding in the
// same twelve months (withholding on its dividends).
type IncomeHolding struct {
	Ticker      string   `json:"ticker"`
	Quantity    float64  `json:"quantity"`
	MarketValue float64  `json:"market_value"`
	CostBasis   float64  `json:"cost_basis"`
	Income12m   float64  `json:"income_12m"`
	Tax12m      float64  `json:"tax_12m"`
	Yield       *float64 `json:"yield"`
	YieldOnCost *float64 `json:"yield_on_cost"`
}

// IncomeReport answers GET /api/portfolios/{id}/income. Periods run from
// the first to the last period with income, gaps filled with zeros. The
// portfolio's Income12m adds interest to the holdings' dividends; its
// Yield and YieldOnCost divide it by the open long holdings' market value
// and cost basis.
type IncomeReport struct {
	PortfolioID string          `json:"portfolio_id"`
	Currency    string          `json:"currency"`
	By          string          `json:"by"`
	AsOf        string          `json:"as_of"`
	Periods     []IncomePeriod  `json:"periods"`
	Totals      IncomePeriod    `json:"totals"`
	Holdings    []IncomeHolding `json:"holdings"`
	Income12m   float64         `json:"income_12m"`
	Tax12m      float64         `json:"tax_12m"`
	MarketValue float64         `json:"market_value"`
	CostBasis   float64         `json:"cost_basis"`
	Yield       *float64        `json:"yield"`
	YieldOnCost *float64        `json:"yield_on_cost"`
	// Pending counts the entries dated after the last price date (not
	// counted until prices reach their date).
	Pending int `json:"pending,omitempty"`
}
