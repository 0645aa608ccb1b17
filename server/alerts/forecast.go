package alerts

import (
	"context"
	"fmt"
	"math"

	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// Forecaster answers a ticker's forecast over h trading days with its
// walk-forward record (server/forecast.Service).
type Forecaster interface {
	Predict(ctx context.Context, ticker string, h int) (wire.Prediction, error)
}

// checkForecast evaluates a forecast_move rule. Only a model that beats
// the naive baseline for the ticker and horizon (Prediction.BestModel)
// may fire it: its expected return must be at least Threshold percent in
// either direction, and its probability of a move in that direction above
// Probability percent. The forecast's own date is the fact (Key), so a
// new forecast can fire again once the condition cleared.
func (s *Service) checkForecast(ctx context.Context, rule model.AlertRule) (check, error) {
	if s.cfg.Forecast == nil {
		return check{}, fmt.Errorf("%w: forecasts are not available", ErrNoData)
	}
	p, err := s.cfg.Forecast.Predict(ctx, rule.Ticker, rule.Horizon)
	if err != nil {
		return check{}, fmt.Errorf("%w: forecast of %s: %w", ErrNoData, rule.Ticker, err)
	}
	c := check{Key: p.AsOf, Link: "/predictions?ticker=" + rule.Ticker}
	if p.BestModel == "" {
		c.Text = fmt.Sprintf("No forecast model beats the naive baseline for %s over %d days, so this rule stays quiet.", rule.Ticker, rule.Horizon)
		return c, nil
	}
	var f wire.ModelForecast
	for _, m := range p.Forecasts {
		if m.Model == p.BestModel {
			f = m
		}
	}
	move, prob, dir := f.ExpectedReturn*100, f.ProbUp*100, "rise"
	if move < 0 {
		prob, dir = 100-prob, "fall"
	}
	c.Value = ptr(move)
	c.Holds = math.Abs(move) >= rule.Threshold && prob > rule.Probability
	c.Text = fmt.Sprintf("As of %s the %s model forecasts %s to %s %.2f%% over %d trading days, with a %.1f%% probability of a %s "+
		"(your rule: beyond %.2f%% with probability above %.1f%%). %s", p.AsOf, p.BestModel, rule.Ticker, dir, math.Abs(move), rule.Horizon,
		prob, dir, rule.Threshold, rule.Probability, wire.NotInvestmentAdvice)
	return c, nil
}
