package alerts

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// fakeForecaster answers one fixed prediction (or error).
type fakeForecaster struct {
	p   wire.Prediction
	err error
}

func (f fakeForecaster) Predict(_ context.Context, ticker string, h int) (wire.Prediction, error) {
	p := f.p
	p.Ticker, p.Horizon = ticker, h
	return p, f.err
}

func prediction(best string, probUp, ret float64) wire.Prediction {
	return wire.Prediction{AsOf: "2017-12-29", BestModel: best, Forecasts: []wire.ModelForecast{
		{Model: "linear", ProbUp: probUp, ExpectedReturn: ret},
		{Model: "gbt", ProbUp: 0.5, ExpectedReturn: 0},
		{Model: "baseline", ProbUp: 0.99, ExpectedReturn: 0.5},
	}}
}

func TestCheckForecast(t *testing.T) {
	rule := model.AlertRule{AlertRule: wire.AlertRule{AlertRuleInput: wire.AlertRuleInput{
		Kind: wire.AlertForecast, Ticker: "AAPL", Threshold: 2, Probability: 60, Horizon: 21}}}
	for _, c := range []struct {
		name  string
		f     fakeForecaster
		holds bool
		value float64 // expected return in percent; NaN: no value
	}{
		{"rise beyond 2% at 65%", fakeForecaster{p: prediction("linear", 0.65, 0.025)}, true, 2.5},
		{"fall beyond 2% at 1-0.3 = 70%", fakeForecaster{p: prediction("linear", 0.30, -0.031)}, true, -3.1},
		{"move too small", fakeForecaster{p: prediction("linear", 0.9, 0.019)}, false, 1.9},
		{"probability exactly at p is not above", fakeForecaster{p: prediction("linear", 0.60, 0.05)}, false, 5},
		{"fall with a rise probability", fakeForecaster{p: prediction("linear", 0.55, -0.05)}, false, -5},
		// The baseline predicts +50% at 99% but is not a model that beat it.
		{"no model beats the baseline", fakeForecaster{p: prediction("", 0.99, 0.5)}, false, math.NaN()},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := New(Config{Forecast: c.f})
			got, err := s.checkForecast(context.Background(), rule)
			if err != nil {
				t.Fatal(err)
			}
			if got.Holds != c.holds || got.Key != "2017-12-29" || !strings.Contains(got.Text, "AAPL") {
				t.Fatalf("check %+v", got)
			}
			if math.IsNaN(c.value) != (got.Value == nil) || got.Value != nil && math.Abs(*got.Value-c.value) > 1e-9 {
				t.Fatalf("value %v, want %v", got.Value, c.value)
			}
		})
	}
	if _, err := New(Config{Forecast: fakeForecaster{err: errors.New("training")}}).checkForecast(context.Background(), rule); !errors.Is(err, ErrNoData) {
		t.Fatalf("model not ready: %v, want ErrNoData", err)
	}
	if _, err := New(Config{}).checkForecast(context.Background(), rule); !errors.Is(err, ErrNoData) {
		t.Fatalf("no forecaster: %v, want ErrNoData", err)
	}
}
