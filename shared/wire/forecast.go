package wire

import "time"

// This file holds the types of the prediction, Monte Carlo and model
// administration endpoints (server/forecast computes them; the client
// decodes them). Nothing here carries model parameters: only forecasts
// and their out-of-sample scores.

// NotInvestmentAdvice is the label every forecast carries.
const NotInvestmentAdvice = "Not investment advice: a statistical forecast from past prices, with its own track record."

// CalibrationBin is one decile of forecast probability: Count forecasts
// with p in [Lower, Upper) (the last bin includes 1), their mean forecast
// and the observed frequency of an up move.
type CalibrationBin struct {
	Lower     float64 `json:"lower"`
	Upper     float64 `json:"upper"`
	Count     int     `json:"count"`
	MeanProb  float64 `json:"mean_prob"`
	Frequency float64 `json:"frequency"`
}

// ForecastMetrics are the out-of-sample scores of one model. IC (Spearman
// rank correlation of forecast and realised return) is nil when undefined.
type ForecastMetrics struct {
	Predictions int              `json:"predictions"`
	HitRate     float64          `json:"hit_rate"`
	Brier       float64          `json:"brier"`
	LogLoss     float64          `json:"log_loss"`
	IC          *float64         `json:"ic"`
	Calibration []CalibrationBin `json:"calibration"`
}

// ModelMetrics are one model's scores; BeatsBaseline is true when both
// its Brier score and its log loss are below the baseline's on the same
// forecasts (always false for the baseline itself).
type ModelMetrics struct {
	Model string `json:"model"`
	ForecastMetrics
	BeatsBaseline bool `json:"beats_baseline"`
}

// Evaluation is the walk-forward record over the out-of-sample forecasts
// made between From and To, every model next to the baseline (last).
type Evaluation struct {
	Predictions int            `json:"predictions"`
	From        time.Time      `json:"from"`
	To          time.Time      `json:"to"`
	Models      []ModelMetrics `json:"models"`
}

// ModelForecast is one model's forecast for the horizon.
type ModelForecast struct {
	Model          string  `json:"model"`
	ProbUp         float64 `json:"prob_up"`
	ExpectedReturn float64 `json:"expected_return"`
}

// Prediction answers GET /api/predictions/{ticker}?horizon=N. Evaluation
// is the ticker's own out-of-sample record; Universe the record over every
// ticker. BestModel is the model with the lowest out-of-sample Brier score
// among those that beat the baseline ("" when none does).
type Prediction struct {
	Ticker       string          `json:"ticker"`
	Horizon      int             `json:"horizon"`
	AsOf         string          `json:"as_of"`
	ModelVersion int             `json:"model_version"`
	TrainedAt    time.Time       `json:"trained_at"`
	Forecasts    []ModelForecast `json:"forecasts"`
	Evaluation   Evaluation      `json:"evaluation"`
	Universe     Evaluation      `json:"universe_evaluation"`
	BestModel    string          `json:"best_model"`
	Notice       string          `json:"notice"`
}

// ModelVersion describes one trained model version for admins: when and
// how long it trained, on which data, and its universe-wide evaluation
// per horizon.
type ModelVersion struct {
	Version     int                 `json:"version"`
	CreatedAt   time.Time           `json:"created_at"`
	Seconds     float64             `json:"seconds"`
	DataTo      string              `json:"data_to"`
	Tickers     int                 `json:"tickers"`
	Current     bool                `json:"current"`
	Evaluations []HorizonEvaluation `json:"evaluations"`
}

// HorizonEvaluation is the evaluation of one horizon with its schedule.
type HorizonEvaluation struct {
	Horizon  int        `json:"horizon"`
	Retrains int        `json:"retrains"`
	Eval     Evaluation `json:"evaluation"`
}

// ModelStatus answers GET /api/admin/models.
type ModelStatus struct {
	Training bool           `json:"training"`
	Versions []ModelVersion `json:"versions"`
}

// FanPoint is the percentile band of portfolio value (1 = today's value)
// after Day trading days.
type FanPoint struct {
	Day int     `json:"day"`
	P5  float64 `json:"p5"`
	P25 float64 `json:"p25"`
	P50 float64 `json:"p50"`
	P75 float64 `json:"p75"`
	P95 float64 `json:"p95"`
}

// BandBacktest is how often realised portfolio paths stayed inside the
// simulated 90% band (5th to 95th percentile) over past windows: at the
// end of the horizon (EndCoverage) and on every day (PathCoverage).
type BandBacktest struct {
	Windows      int     `json:"windows"`
	EndCoverage  float64 `json:"end_coverage"`
	PathCoverage float64 `json:"path_coverage"`
	From         string  `json:"from"`
	To           string  `json:"to"`
}

// MonteCarlo answers GET /api/portfolios/{id}/forecast. Values are
// relative to today's portfolio value (1 = no change); Value is today's
// value in the portfolio's currency. ProbLoss is the probability of
// ending below 1 - LossThreshold; ExpectedShortfall the mean loss of the
// worst 5% of paths (a positive fraction).
type MonteCarlo struct {
	Method            string       `json:"method"`
	Horizon           int          `json:"horizon"`
	Paths             int          `json:"paths"`
	Seed              uint64       `json:"seed"`
	AsOf              string       `json:"as_of"`
	Value             float64      `json:"value"`
	Holdings          int          `json:"holdings"`
	Observations      int          `json:"observations"`
	BlockLength       int          `json:"block_length,omitempty"`
	DegreesOfFreedom  float64      `json:"degrees_of_freedom,omitempty"`
	Shrinkage         float64      `json:"shrinkage,omitempty"`
	Fan               []FanPoint   `json:"fan"`
	LossThreshold     float64      `json:"loss_threshold"`
	ProbLoss          float64      `json:"prob_loss"`
	ExpectedShortfall float64      `json:"expected_shortfall"`
	Backtest          BandBacktest `json:"backtest"`
	Notice            string       `json:"notice"`
}

// The forecast routes (kept with their types; see routes.go for the rest).
const (
	RoutePrediction        = "/api/predictions/{ticker}"
	RoutePortfolioForecast = "/api/portfolios/{id}/forecast"
	RouteAdminModels       = "/api/admin/models"
	RouteAdminRetrain      = "/api/admin/models/retrain"
)
