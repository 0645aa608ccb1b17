package api_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/server/forecast"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// sparseTrain trains in seconds: few retrains, on six tickers of the
// embedded data (two of each of three sectors, so every feature has peers)
// over its whole calendar.
var sparseTrain = forecast.TrainConfig{MinTrain: 504, Step: 1000, Tickers: []string{"AAPL", "MSFT", "KO", "PG", "XOM", "CVX"}}

// waitStatus polls path until it answers want while the model trains in
// the background; once no training run is under way the next answer is
// final.
func waitStatus(t *testing.T, ts *testServer, path, token string, want int) response {
	t.Helper()
	for {
		r := ts.do("GET", path, token, nil)
		if r.Status == want {
			return r
		}
		if r.Status != http.StatusServiceUnavailable {
			t.Fatalf("GET %s: %d %s", path, r.Status, r.Body)
		}
		if !ts.Platform.Forecast.Training() {
			if r = ts.do("GET", path, token, nil); r.Status != want {
				t.Fatalf("GET %s after training ended: %d %s", path, r.Status, r.Body)
			}
			return r
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// waitJob polls job id until it ends (the job's own timeout bounds it)
// and decodes its final state into dst.
func waitJob(t *testing.T, ts *testServer, id, token string, dst any) {
	t.Helper()
	for {
		var st struct {
			Status string `json:"status"`
		}
		r := ts.do("GET", "/api/jobs/"+id, token, nil)
		decode(t, r, &st)
		if st.Status != "queued" && st.Status != "running" {
			decode(t, r, dst)
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestPredictionsAPI(t *testing.T) {
	f := newAdminFixture(t, testOptions{forecastTrain: sparseTrain})
	first := f.do("GET", "/api/predictions/AAPL?horizon=5", f.userTok, nil)
	if first.Status != http.StatusServiceUnavailable || !strings.Contains(first.Body, "model_training") {
		t.Fatalf("before any model: %d %s", first.Status, first.Body)
	}
	r := waitStatus(t, f.testServer, "/api/predictions/AAPL?horizon=5", f.userTok, http.StatusOK)
	var p wire.Prediction
	mustJSON(t, r.Body, &p)
	if p.Ticker != "AAPL" || p.Horizon != 5 || p.AsOf != "2017-12-29" || len(p.Forecasts) != 3 || p.Notice != wire.NotInvestmentAdvice {
		t.Fatalf("prediction %+v", p)
	}
	if p.Evaluation.Predictions == 0 || len(p.Evaluation.Models) != 3 || p.Evaluation.Models[2].Model != "baseline" ||
		p.Universe.Predictions <= p.Evaluation.Predictions {
		t.Fatalf("evaluation %+v", p.Evaluation)
	}
	if cc := r.Header.Get("Cache-Control"); cc != "no-store" {
		t.Fatalf("Cache-Control %q", cc)
	}
	for _, h := range []string{"1", "21"} {
		expect(t, f.do("GET", "/api/predictions/KO?horizon="+h, f.userTok, nil), http.StatusOK)
	}
	expect(t, f.do("GET", "/api/predictions/KO", f.userTok, nil), http.StatusOK)
	t.Run("hostile", func(t *testing.T) {
		for _, c := range []struct {
			path   string
			token  string
			status int
		}{
			{"/api/predictions/AAPL?horizon=0", f.userTok, 400},
			{"/api/predictions/AAPL?horizon=7", f.userTok, 400},
			{"/api/predictions/AAPL?horizon=99999999999999999999", f.userTok, 400},
			{"/api/predictions/AAPL?horizon=-5", f.userTok, 400},
			{"/api/predictions/AAPL?horizon=5.0", f.userTok, 400},
			{"/api/predictions/AAPL?horizon=abc", f.userTok, 400},
			{"/api/predictions/NOSUCH?horizon=5", f.userTok, 404},
			{"/api/predictions/%3Cscript%3E?horizon=5", f.userTok, 400},
			{"/api/predictions/" + strings.Repeat("A", 300), f.userTok, 400},
			{"/api/predictions/AAPL?horizon=5", "", 401},
		} {
			if r := f.do("GET", c.path, c.token, nil); r.Status != c.status {
				t.Errorf("GET %s: %d, want %d (%s)", c.path, r.Status, c.status, r.Body)
			}
		}
		// The refusal of an unknown ticker says why, not just "Not found.".
		if r := f.do("GET", "/api/predictions/NOSUCH?horizon=5", f.userTok, nil); !strings.Contains(string(r.Body), "No forecast for this ticker") {
			t.Errorf("unknown ticker: %s", r.Body)
		}
	})
	t.Run("admin", func(t *testing.T) { testAdminModels(t, f) })
	t.Run("model files unreachable", func(t *testing.T) { testModelFilesUnreachable(t, f, r.Body) })
}

// testAdminModels: only admins list versions and retrain; the retrain is
// a job with progress that ends in a new current version.
func testAdminModels(t *testing.T, f *adminFixture) {
	expect(t, f.do("GET", "/api/admin/models", f.userTok, nil), http.StatusForbidden)
	expect(t, f.do("POST", "/api/admin/models/retrain", f.userTok, nil), http.StatusForbidden)
	var st wire.ModelStatus
	mustJSON(t, f.do("GET", "/api/admin/models", f.adminTok, nil).Body, &st)
	if len(st.Versions) != 1 || !st.Versions[0].Current || len(st.Versions[0].Evaluations) != 3 {
		t.Fatalf("status %+v", st)
	}
	r := f.do("POST", "/api/admin/models/retrain", f.adminTok, nil)
	expect(t, r, http.StatusAccepted)
	var acc wire.JobAccepted
	decode(t, r, &acc)
	var job struct {
		Status   string            `json:"status"`
		Progress float64           `json:"progress"`
		Result   wire.ModelVersion `json:"result"`
	}
	waitJob(t, f.testServer, acc.JobID, f.adminTok, &job)
	if job.Status != "done" || job.Progress != 1 || job.Result.Version != 2 || !job.Result.Current {
		t.Fatalf("retrain job %+v", job)
	}
	expect(t, f.do("GET", "/api/jobs/"+acc.JobID, f.userTok, nil), http.StatusNotFound)
	mustJSON(t, f.do("GET", "/api/admin/models", f.adminTok, nil).Body, &st)
	if len(st.Versions) != 2 || st.Versions[0].Version != 2 || !st.Versions[0].Current || st.Versions[1].Current {
		t.Fatalf("after retrain %+v", st)
	}
	if p := f.do("GET", "/api/predictions/AAPL?horizon=5", f.userTok, nil); !strings.Contains(p.Body, `"model_version":2`) {
		t.Fatalf("prediction does not use version 2: %s", p.Body)
	}
}

// testModelFilesUnreachable requests the model paths through every static
// and page route and checks no answer holds model bytes; the API answers
// carry no parameters either.
func testModelFilesUnreachable(t *testing.T, f *adminFixture, prediction string) {
	dir := filepath.Join(f.DataDir, "models")
	for _, name := range []string{"v000001/model.json", "v000001/training.log"} {
		info, err := os.Stat(filepath.Join(dir, name))
		if err != nil || info.Mode().Perm() != 0o600 {
			t.Fatalf("%s: %v mode %v", name, err, info)
		}
	}
	model, _ := os.ReadFile(filepath.Join(dir, "v000001", "model.json"))
	logData, _ := os.ReadFile(filepath.Join(dir, "v000001", "training.log"))
	secrets := []string{string(model[:200]), strings.SplitN(string(logData), "\n", 2)[0], `"gbt_direction"`, `"scaler"`}
	for _, body := range []string{prediction, f.do("GET", "/api/admin/models", f.adminTok, nil).Body} {
		for _, s := range secrets {
			if strings.Contains(body, s) {
				t.Fatalf("API answer holds model content %q", s)
			}
		}
	}
	for _, base := range []string{"", "/web", "/web/..", "/web/%2e%2e", "/data", "/DATA", "/api", "/portfolios", "/app.wasm/..", "/.well-known", "/web/models/..", "//"} {
		for _, name := range []string{"/models/v000001/model.json", "/models/v000001/training.log", "/models/", "/models", "/v000001/model.json"} {
			path := base + name
			for _, tok := range []string{"", f.adminTok} {
				r := f.do("GET", path, tok, nil)
				for _, s := range secrets {
					if strings.Contains(r.Body, s) {
						t.Fatalf("GET %s (%d) served model content", path, r.Status)
					}
				}
			}
		}
	}
}

func TestPortfolioForecastAPI(t *testing.T) {
	f := newAnalyticsFixture(t, "Forecast")
	path := "/api/portfolios/" + f.folio + "/forecast"
	r := f.ts.do("GET", path+"?horizon=21&paths=500&seed=42", f.alice, nil)
	expect(t, r, http.StatusOK)
	var mc wire.MonteCarlo
	mustJSON(t, r.Body, &mc)
	if mc.Horizon != 21 || mc.Paths != 500 || mc.Seed != 42 || len(mc.Fan) != 21 || mc.Holdings != 3 || mc.Value <= 0 ||
		mc.Backtest.Windows == 0 || mc.Method != "bootstrap" || mc.LossThreshold != 0.1 || mc.Notice == "" {
		t.Fatalf("monte carlo %+v", mc)
	}
	if again := f.ts.do("GET", path+"?horizon=21&paths=500&seed=42", f.alice, nil); again.Body != r.Body {
		t.Fatal("same seed gave a different answer")
	}
	if other := f.ts.do("GET", path+"?horizon=21&paths=500&seed=43", f.alice, nil); other.Body == r.Body {
		t.Fatal("different seeds gave the same answer")
	}
	st := f.ts.do("GET", path+"?horizon=21&paths=500&method=student_t&loss=5", f.alice, nil)
	expect(t, st, http.StatusOK)
	mustJSON(t, st.Body, &mc)
	if mc.Method != "student_t" || mc.DegreesOfFreedom <= 2 || mc.LossThreshold != 0.05 {
		t.Fatalf("student-t %+v", mc)
	}
	empty := f.createPortfolio(f.alice, "Empty", nil)
	for _, c := range []struct {
		path   string
		token  string
		status int
	}{
		{path + "?horizon=0", f.alice, 400},
		{path + "?horizon=253", f.alice, 400},
		{path + "?horizon=999999999999", f.alice, 400},
		{path + "?paths=99", f.alice, 400},
		{path + "?paths=10001", f.alice, 400},
		{path + "?paths=100000000", f.alice, 400},
		{path + "?seed=-1", f.alice, 400},
		{path + "?seed=abc", f.alice, 400},
		{path + "?method=normal", f.alice, 400},
		{path + "?loss=0", f.alice, 400},
		{path + "?loss=101", f.alice, 400},
		{path + "?loss=NaN", f.alice, 400},
		{"/api/portfolios/" + f.other + "/forecast", f.alice, 404},
		{"/api/portfolios/no-such/forecast", f.alice, 404},
		{"/api/portfolios/bad%20id/forecast", f.alice, 400},
		{"/api/portfolios/" + empty + "/forecast", f.alice, 400},
		{path, "", 401},
	} {
		if r := f.ts.do("GET", c.path, c.token, nil); r.Status != c.status {
			t.Errorf("GET %s: %d, want %d (%s)", c.path, r.Status, c.status, r.Body)
		}
	}
}

// TestForecastAlertRule: a forecast_move rule keeps its probability and
// horizon, refuses bad ones with 400 and is evaluated against the model.
func TestForecastAlertRule(t *testing.T) {
	f := newAlertsFixture(t, testOptions{forecastTrain: sparseTrain})
	for _, in := range []wire.AlertRuleInput{
		{Kind: wire.AlertForecast, Ticker: "AAPL", Threshold: 2, Probability: 40, Horizon: 5},
		{Kind: wire.AlertForecast, Ticker: "AAPL", Threshold: 2, Probability: 60, Horizon: 7},
		{Kind: wire.AlertForecast, Ticker: "AAPL", Threshold: -1, Probability: 60, Horizon: 5},
	} {
		if r := f.do("POST", wire.RouteAlerts, f.alice, in); r.Status != http.StatusBadRequest {
			t.Errorf("%+v: %d %s", in, r.Status, r.Body)
		}
	}
	rule := f.createRule(t, f.alice, wire.AlertRuleInput{Kind: wire.AlertForecast, Ticker: "aapl", Threshold: 0.01, Probability: 50, Horizon: 21})
	if rule.Ticker != "AAPL" || rule.Probability != 50 || rule.Horizon != 21 || rule.State != wire.AlertArmed {
		t.Fatalf("created %+v", rule)
	}
	// Train the model first (the rule has no data until one exists).
	waitStatus(t, f.ts, "/api/predictions/AAPL?horizon=21", f.alice, http.StatusOK)
	f.evaluate(t, "2017-12-29")
	var got wire.AlertRule
	mustJSON(t, f.do("GET", wire.Path(wire.RouteAlert, rule.ID), f.alice, nil).Body, &got)
	var p wire.Prediction
	mustJSON(t, f.do("GET", "/api/predictions/AAPL?horizon=21", f.alice, nil).Body, &p)
	if got.LastEvaluatedAt == nil || got.Probability != 50 || got.Horizon != 21 {
		t.Fatalf("evaluated rule %+v", got)
	}
	// A model that beats the baseline gives a value; otherwise the rule
	// stays quiet whatever the models say.
	if p.BestModel == "" && (got.State != wire.AlertArmed || got.LastValue != nil) {
		t.Fatalf("no model beats the baseline, yet the rule %+v", got)
	}
	if p.BestModel != "" && got.LastValue == nil {
		t.Fatalf("best model %s, rule has no value: %+v", p.BestModel, got)
	}
}

// TestTrainingFailureIsSecurityEvent: a retrain that cannot write its
// model version fails as a job with a public message, and admins get a
// model_training_failed security event.
func TestTrainingFailureIsSecurityEvent(t *testing.T) {
	f := newAdminFixture(t, testOptions{forecastTrain: sparseTrain})
	dir := filepath.Join(f.DataDir, "models")
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dir, []byte("not a directory"), 0o600); err != nil { // even root cannot create a version in it
		t.Fatal(err)
	}
	r := f.do("POST", "/api/admin/models/retrain", f.adminTok, nil)
	expect(t, r, http.StatusAccepted)
	var acc wire.JobAccepted
	decode(t, r, &acc)
	var job wire.Job[wire.ModelVersion]
	waitJob(t, f.testServer, acc.JobID, f.adminTok, &job)
	if job.Status != "failed" || !strings.Contains(job.Error, "previous model stays in use") || strings.Contains(job.Error, dir) {
		t.Fatalf("job %+v", job)
	}
	ev := f.events("model_training_failed")
	if len(ev) != 1 || !strings.Contains(ev[0].Detail, "forecast:") {
		t.Fatalf("events %+v", ev)
	}
	// With no model and a failed training run, predictions say so rather
	// than "still being trained" for ever.
	expect(t, f.do("GET", "/api/predictions/AAPL?horizon=5", f.userTok, nil), http.StatusServiceUnavailable)
	for f.Platform.Forecast.Training() {
		time.Sleep(50 * time.Millisecond)
	}
	r = f.do("GET", "/api/predictions/AAPL?horizon=5", f.userTok, nil)
	if r.Status != http.StatusServiceUnavailable || !strings.Contains(r.Body, `"model_unavailable"`) || strings.Contains(r.Body, dir) {
		t.Fatalf("prediction after a failed training: %d %s", r.Status, r.Body)
	}
}
