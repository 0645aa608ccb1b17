package wire

// CountryNotes are plain-text tax notes of a supported country.
type CountryNotes struct {
	Code          string `json:"code"`
	Name          string `json:"name"`
	Summary       string `json:"summary"`
	HoldingPeriod string `json:"holding_period"`
	WashSale      string `json:"wash_sale"`
	LossOffset    string `json:"loss_offset"`
}

// HarvestCandidate is an open lot with an unrealised loss. Loss is
// positive. Term is "short", "long" or "none" (country without a
// holding-period distinction). RecentBuys lists dates of buys inside the
// wash window before the sale, OtherBuys those in the user's other
// portfolios.
type HarvestCandidate struct {
	Ticker       string    `json:"ticker"`
	Quantity     float64   `json:"quantity"`
	CostPerShare float64   `json:"cost_per_share"`
	Price        float64   `json:"price"`
	Acquired     string    `json:"acquired"`
	HoldingDays  int       `json:"holding_days"`
	Term         string    `json:"term"`
	Loss         float64   `json:"loss"`
	TaxSaved     float64   `json:"tax_saved"`
	WashRisk     bool      `json:"wash_risk"`
	RecentBuys   []string  `json:"recent_buys,omitempty"`
	OtherBuys    []WashBuy `json:"other_buys,omitempty"`
	Warning      string    `json:"warning,omitempty"`
}

// HarvestReport answers GET /api/portfolios/{id}/tax-harvest: the
// harvesting opportunities at AsOf. TaxSaved = loss x rate.
type HarvestReport struct {
	Country       CountryNotes       `json:"country"`
	AsOf          string             `json:"as_of"`
	Rate          float64            `json:"rate"`
	Candidates    []HarvestCandidate `json:"candidates"`
	TotalLoss     float64            `json:"total_loss"`
	ShortTermLoss float64            `json:"short_term_loss"`
	LongTermLoss  float64            `json:"long_term_loss"`
	TaxSaved      float64            `json:"tax_saved"`
	MissingPrices []string           `json:"missing_prices,omitempty"`
	Disclaimer    string             `json:"disclaimer"`
}

// ReportRequest is the body of POST /api/portfolios/{id}/report.
type ReportRequest struct {
	Note string `json:"note"`
}

// ChartRequest is the body of POST /api/portfolio/chart. Kind is "value"
// or "drawdown"; From and To are optional YYYY-MM-DD dates.
type ChartRequest struct {
	PortfolioID string `json:"portfolio_id"`
	Kind        string `json:"kind"`
	From        string `json:"from,omitempty"`
	To          string `json:"to,omitempty"`
}
