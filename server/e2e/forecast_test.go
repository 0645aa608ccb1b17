package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/fortfolio/fortfolio/server/forecast"
)

// e2eForecastTrain is a sparse training schedule (few retrains, six
// tickers) so a model trains in seconds; models train only when a test
// asks for a forecast.
var e2eForecastTrain = forecast.TrainConfig{MinTrain: 504, Step: 1500, Tickers: []string{"AAPL", "MSFT", "KO", "PG", "XOM", "CVX"}}

// patience polls for selector for up to 40 s and returns without error
// either way: chained before waitFor, it stretches the wait for slow work
// (model training) past one step's timeout.
func (s *site) patience(selector string) chromedp.Action {
	expr := fmt.Sprintf(`!!document.querySelector(%q)`, selector)
	return chromedp.ActionFunc(func(ctx context.Context) error {
		var ok bool
		c, cancel := context.WithTimeout(ctx, 40*time.Second)
		defer cancel()
		_ = chromedp.Poll(expr, &ok, chromedp.WithPollingInterval(200*time.Millisecond)).Do(c)
		return nil
	})
}

// TestForecastFlow: the predictions page waits for the first model, then
// shows the forecasts, the verdict against the baseline, the record and
// the advice label; the analytics page draws the Monte Carlo fan with its
// back-test; the admin's Models tab lists the version and retrains it.
func TestForecastFlow(t *testing.T) {
	s := newSite(t)
	s.allowRefusal(503, "/api/predictions/*") // "model_training" until the first model exists
	var id string
	s.run(
		s.page("/register", "#register-form"),
		chromedp.SendKeys("#reg-username", "forecaster", chromedp.ByQuery),
		chromedp.SendKeys("#reg-password", "a long secret phrase", chromedp.ByQuery),
		chromedp.SendKeys("#reg-confirm", "a long secret phrase", chromedp.ByQuery),
		chromedp.Click("#register-submit", chromedp.ByQuery),
		s.waitFor("#register-done"),
		s.loginTo("/account", "#me-username", "forecaster", "a long secret phrase"),
		chromedp.Evaluate(`(async () => {
			const tok = JSON.parse(sessionStorage.getItem("fortfolio.session")).token;
			const r = await fetch("/api/portfolios/example", {method: "POST", headers: {"x-token": tok}});
			if (r.status !== 201 && r.status !== 200) { return "status " + r.status; }
			return (await r.json()).id;
		})()`, &id, awaitPromise),
	)
	if strings.HasPrefix(id, "status") || id == "" {
		t.Fatalf("create example portfolio: %q", id)
	}
	var verdict, advice, eval, forecasts string
	s.run(
		s.page("/predictions?ticker=AAPL&horizon=5", "#prediction-form"),
		s.patience("#prediction-verdict"),
		s.patience("#prediction-verdict"),
		s.waitFor("#prediction-verdict"),
		chromedp.Text("#prediction-verdict", &verdict, chromedp.ByQuery),
		chromedp.Text("#prediction-advice", &advice, chromedp.ByQuery),
		chromedp.Text("#prediction-eval", &eval, chromedp.ByQuery),
		chromedp.Text("#prediction-forecasts", &forecasts, chromedp.ByQuery),
	)
	s.checkLayout("predictions", "#prediction-form")
	if !strings.Contains(verdict, "baseline") || !strings.Contains(advice, "Not investment advice") ||
		!strings.Contains(eval, "Naive baseline") || !strings.Contains(forecasts, "%") {
		t.Fatalf("predictions page: verdict %q advice %q eval %.200q forecasts %.200q", verdict, advice, eval, forecasts)
	}
	var backtest, points string
	var ok bool
	s.run(
		s.page("/portfolios/"+id+"/analytics", "#forecast-form"),
		chromedp.SetValue("#fc-horizon", "21", chromedp.ByQuery),
		chromedp.SetValue("#fc-paths", "500", chromedp.ByQuery),
		chromedp.Click("#fc-run", chromedp.ByQuery),
		s.waitFor("#forecast-fan"),
		chromedp.Text("#forecast-backtest", &backtest, chromedp.ByQuery),
		chromedp.AttributeValue("#fan-outer", "points", &points, &ok, chromedp.ByQuery),
	)
	s.screenshot("forecast-fan")
	if !strings.Contains(backtest, "Back-test over") || !ok || strings.Count(points, ",") < 40 {
		t.Fatalf("fan chart: backtest %q, outer band points %.80q", backtest, points)
	}
	var models string
	s.run(
		s.page("/admin?tab=models", "#model-v1"),
		chromedp.Click("#models-retrain", chromedp.ByQuery),
		s.patience("#model-v2"),
		s.waitFor("#model-v2"),
		chromedp.Text("#admin-models", &models, chromedp.ByQuery),
	)
	if !strings.Contains(models, "Version 2 (serving)") || !strings.Contains(models, "Horizon 21 days") {
		t.Fatalf("models tab: %.300q", models)
	}
}
