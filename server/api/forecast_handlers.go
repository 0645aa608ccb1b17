package api

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/fortfolio/fortfolio/server/forecast"
	"github.com/fortfolio/fortfolio/server/httpx"
	"github.com/fortfolio/fortfolio/server/jobs"
	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/shared/validate"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// RetrainTimeout bounds an admin's retrain job.
const RetrainTimeout = 30 * time.Minute

// registerForecast adds the prediction, Monte Carlo and model routes.
func (h *Handlers) registerForecast(mux *http.ServeMux) {
	mux.Handle("GET "+wire.RoutePrediction, h.User(h.prediction))
	mux.Handle("GET "+wire.RoutePortfolioForecast, h.Compute(h.portfolioForecast))
	mux.Handle("GET "+wire.RouteAdminModels, h.Admin(h.adminModels))
	mux.Handle("POST "+wire.RouteAdminRetrain, h.Admin(h.adminRetrain))
}

// errModelTraining answers predictions before the first model exists.
var errModelTraining = httpx.Unavailable("model_training", "The forecast model is still being trained. Please try again in a minute.")

// errNoModel answers predictions when no model exists and the last
// training run failed: none is coming until an admin retrains.
var errNoModel = httpx.Unavailable("model_unavailable", "No forecast model is available: its training failed. An administrator can retrain it from the admin page.")

// forecastError maps prediction service errors.
func forecastError(err error) *httpx.Error {
	switch {
	case errors.Is(err, forecast.ErrNotReady):
		return errModelTraining
	case errors.Is(err, forecast.ErrTrainingFailed):
		return errNoModel
	case errors.Is(err, forecast.ErrUnknownTicker):
		return errNotForecast
	case errors.Is(err, forecast.ErrBadHorizon):
		return httpx.BadRequest("Parameter horizon must be 1, 5 or 21 trading days.")
	case errors.Is(err, forecast.ErrTraining):
		return httpx.Conflict("A training run is already under way.")
	}
	return nil
}

// errNotForecast answers a ticker the model has no forecast for: one
// outside the market data, or without enough history to be trained on.
var errNotForecast = httpx.NewError(http.StatusNotFound, "not_found",
	"No forecast for this ticker: the model covers the tickers of the market data that have enough price history.")

// parseHorizon reads ?horizon= (default 5) as one of forecast.Horizons.
func parseHorizon(raw string) (int, error) {
	if raw == "" {
		return 5, nil
	}
	h, err := strconv.Atoi(raw)
	if err != nil || len(raw) > 3 || !forecast.ValidHorizon(h) {
		return 0, httpx.BadRequest("Parameter horizon must be 1, 5 or 21 trading days.")
	}
	return h, nil
}

// prediction answers GET /api/predictions/{ticker}?horizon=N.
func (h *Handlers) prediction(w http.ResponseWriter, r *http.Request) error {
	tk, err := validate.Ticker(r.PathValue("ticker"))
	if err != nil {
		return httpx.BadRequest("Invalid ticker symbol.")
	}
	hz, err := parseHorizon(r.URL.Query().Get("horizon"))
	if err != nil {
		return err
	}
	if h.Forecast == nil {
		return errModelTraining
	}
	p, err := h.Forecast.Predict(r.Context(), tk, hz)
	if err != nil {
		return err
	}
	httpx.JSON(w, r, http.StatusOK, p)
	return nil
}

// adminModels answers GET /api/admin/models: every version's metrics.
func (h *Handlers) adminModels(w http.ResponseWriter, r *http.Request) error {
	if h.Forecast == nil {
		return errModelTraining
	}
	st, err := h.Forecast.Status(r.Context())
	if err != nil {
		return err
	}
	httpx.JSON(w, r, http.StatusOK, st)
	return nil
}

// adminRetrain answers POST /api/admin/models/retrain: a job with
// progress (GET /api/jobs/{id}); 409 while a run is under way.
func (h *Handlers) adminRetrain(w http.ResponseWriter, r *http.Request) error {
	if h.Forecast == nil {
		return errModelTraining
	}
	if h.Forecast.Training() {
		return forecastError(forecast.ErrTraining)
	}
	h.Audit(r, "model_retrain", "models", nil)
	return h.submitJob(w, r, kindRetrain, RetrainTimeout, struct{}{})
}

// runRetrain is the executor of retrain jobs, on whichever node claims
// them: it retrains that node's models, if the job's owner is still an
// administrator.
func (h *Handlers) runRetrain(ctx context.Context, owner string, _ []byte) (any, error) {
	u, err := h.Store.UserByID(ctx, owner)
	if errors.Is(err, model.ErrNotFound) || (err == nil && u.Role != "admin") {
		return nil, jobs.Public("Only an administrator can retrain the models.")
	}
	if err != nil {
		return nil, err
	}
	if h.Forecast == nil {
		return nil, jobs.Public(errModelTraining.Message)
	}
	v, err := h.Forecast.Retrain(ctx, func(done float64) { jobs.ReportProgress(ctx, done) })
	if errors.Is(err, forecast.ErrTraining) {
		return nil, jobs.Public("A training run is already under way.")
	}
	if err != nil {
		return nil, jobs.Public("Training failed; the previous model stays in use. Details are in the security events.")
	}
	return v, nil
}
