package wire

// Scenario is a built-in historical stress window. Start and End are
// time.DateOnly (YYYY-MM-DD) dates; the replayed return of a holding is close(at or
// before End) / close(at or before Start) - 1.
type Scenario struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Start       string `json:"start"`
	End         string `json:"end"`
	Description string `json:"description"`
}

// StressSet is a user-defined hypothetical shock. Shocks are returns in
// [-1, 1] (-0.2 = -20%). A ticker shock replaces everything else for that
// ticker; otherwise the shock is beta x MarketShock + SectorShocks[sector].
// A combined shock below -100% is floored at -100%.
type StressSet struct {
	Name         string             `json:"name"`
	MarketShock  float64            `json:"market_shock"`
	SectorShocks map[string]float64 `json:"sector_shocks,omitempty"`
	TickerShocks map[string]float64 `json:"ticker_shocks,omitempty"`
}

// SavedStressSet is a user's stored stress set.
type SavedStressSet struct {
	ID        string    `json:"id"`
	CreatedAt string    `json:"created_at"`
	Set       StressSet `json:"set"`
}

// ScenarioList answers GET /api/stress/scenarios.
type ScenarioList struct {
	Scenarios []Scenario  `json:"scenarios"`
	Defaults  []StressSet `json:"defaults"`
}

// StressRequest is the body of POST /api/portfolios/{id}/stress. With no
// field set, every built-in scenario and default set runs. SetIDs names
// saved stress sets; Sets are ad-hoc ones.
type StressRequest struct {
	ScenarioIDs []string    `json:"scenario_ids,omitempty"`
	SetIDs      []string    `json:"set_ids,omitempty"`
	Sets        []StressSet `json:"sets,omitempty"`
}

// StressHolding is one position's stressed result. Shock is the return
// applied to its market value; Beta is set for hypothetical shocks.
type StressHolding struct {
	Ticker   string   `json:"ticker"`
	Quantity float64  `json:"quantity"`
	Value    float64  `json:"value"`
	Shock    float64  `json:"shock"`
	Beta     *float64 `json:"beta,omitempty"`
	PnL      float64  `json:"pnl"`
}

// StressResult is the outcome of one scenario or stress set. Return is PnL
// divided by the portfolio's net value (gross exposure when the net value
// is not positive); it is nil when no holding could be stressed. Missing
// lists held tickers without the needed prices; they are left out of PnL
// and Holdings but their current value (when known) stays in Value.
type StressResult struct {
	ID       string          `json:"id,omitempty"`
	Name     string          `json:"name"`
	AsOf     string          `json:"as_of"`
	Value    float64         `json:"value"`
	PnL      float64         `json:"pnl"`
	Return   *float64        `json:"return,omitempty"`
	Holdings []StressHolding `json:"holdings"`
	Missing  []string        `json:"missing,omitempty"`
}

// StressResponse answers POST /api/portfolios/{id}/stress.
type StressResponse struct {
	Results []StressResult `json:"results"`
}
