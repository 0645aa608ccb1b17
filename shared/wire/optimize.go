package wire

// Optimiser objectives.
const (
	ObjectiveMinVariance  = "min_variance"
	ObjectiveMaxSharpe    = "max_sharpe"
	ObjectiveTargetReturn = "target_return"
)

// OptimizeRequest is the body of POST /api/portfolios/{id}/optimize.
// Weights are fractions (0.3 = 30%); Shrinkage is "none" or "ledoit_wolf";
// FrontierPoints > 0 also computes the efficient frontier (as a job).
type OptimizeRequest struct {
	Objective      string             `json:"objective"`
	TargetReturn   *float64           `json:"target_return,omitempty"`
	MinWeight      *float64           `json:"min_weight,omitempty"`
	MaxWeight      *float64           `json:"max_weight,omitempty"`
	SectorCaps     map[string]float64 `json:"sector_caps,omitempty"`
	Shrinkage      string             `json:"shrinkage,omitempty"`
	FrontierPoints int                `json:"frontier_points,omitempty"`
	From           string             `json:"from,omitempty"`
	To             string             `json:"to,omitempty"`
	RiskFree       float64            `json:"rf,omitempty"`
}

// WeightedPortfolio is a set of weights with its annualised expected
// return, volatility and Sharpe ratio ((return - rf)/volatility; nil at
// zero risk).
type WeightedPortfolio struct {
	Weights    []float64 `json:"weights"`
	Return     float64   `json:"return"`
	Volatility float64   `json:"volatility"`
	Sharpe     *float64  `json:"sharpe,omitempty"`
}

// RebalanceTrade is the trade moving one holding from its current to its
// target weight. Shares is signed (+ buy, - sell); Value = Shares x Price.
type RebalanceTrade struct {
	Ticker        string  `json:"ticker"`
	Price         float64 `json:"price"`
	CurrentShares float64 `json:"current_shares"`
	TargetShares  float64 `json:"target_shares"`
	Shares        float64 `json:"shares"`
	Value         float64 `json:"value"`
	CurrentWeight float64 `json:"current_weight"`
	TargetWeight  float64 `json:"target_weight"`
}

// OptimizeResponse is the optimiser's answer.
type OptimizeResponse struct {
	Objective    string              `json:"objective"`
	Shrinkage    string              `json:"shrinkage"`
	Intensity    float64             `json:"intensity"`
	Observations int                 `json:"observations"`
	AsOf         string              `json:"as_of"`
	Tickers      []string            `json:"tickers"`
	Current      WeightedPortfolio   `json:"current"`
	Optimal      WeightedPortfolio   `json:"optimal"`
	Trades       []RebalanceTrade    `json:"trades"`
	Frontier     []WeightedPortfolio `json:"frontier,omitempty"`
}

// JobAccepted answers a request that started a background job (202).
type JobAccepted struct {
	JobID string `json:"job_id"`
}

// Job is the state of a background job (GET /api/jobs/{id}). Result
// holds the endpoint's normal answer once Status is "done".
type Job[T any] struct {
	ID     string `json:"id"`
	Kind   string `json:"kind"`
	Status string `json:"status"`
	// Progress is the share of work done (0..1) for jobs that report it.
	Progress float64 `json:"progress,omitempty"`
	Result   *T      `json:"result,omitempty"`
	Error    string  `json:"error,omitempty"`
}
