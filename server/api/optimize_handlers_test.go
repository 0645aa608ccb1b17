package api_test

import (
	"math"
	"net/http"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/shared/wire"
)

func ptr(v float64) *float64 { return &v }

func TestOptimizeBadInput(t *testing.T) {
	f := newAnalyticsFixture(t, "Main")
	base := "/api/portfolios/" + f.folio + "/optimize"
	f.ts.runScenarios(t, []scenario{
		{name: "bad id", method: "POST", path: "/api/portfolios/%2e%2e/optimize", token: f.alice, body: wire.OptimizeRequest{Objective: "min_variance"}, wantStatus: 400},
		{name: "other user", method: "POST", path: "/api/portfolios/" + f.other + "/optimize", token: f.alice, body: wire.OptimizeRequest{Objective: "min_variance"}, wantStatus: 404},
		{name: "objective", method: "POST", path: base, token: f.alice, body: wire.OptimizeRequest{Objective: "yolo"}, wantStatus: 400, want: []string{"objective"}},
		{name: "target missing", method: "POST", path: base, token: f.alice, body: wire.OptimizeRequest{Objective: "target_return"}, wantStatus: 400},
		{name: "shrinkage", method: "POST", path: base, token: f.alice, body: wire.OptimizeRequest{Objective: "min_variance", Shrinkage: "magic"}, wantStatus: 400},
		{name: "weights", method: "POST", path: base, token: f.alice, body: wire.OptimizeRequest{Objective: "min_variance", MinWeight: ptr(0.5), MaxWeight: ptr(0.2)}, wantStatus: 400},
		{name: "frontier points", method: "POST", path: base, token: f.alice, body: wire.OptimizeRequest{Objective: "min_variance", FrontierPoints: 1000}, wantStatus: 400},
		{name: "sector cap", method: "POST", path: base, token: f.alice, body: wire.OptimizeRequest{Objective: "min_variance", SectorCaps: map[string]float64{"Energy": 2}}, wantStatus: 400},
		{name: "infeasible", method: "POST", path: base, token: f.alice, body: wire.OptimizeRequest{Objective: "min_variance", MaxWeight: ptr(0.2)}, wantStatus: 422, want: []string{"infeasible"}},
		// The attainable return is a percentage, as everywhere in the UI, not a raw fraction.
		{name: "target above attainable", method: "POST", path: base, token: f.alice, body: wire.OptimizeRequest{Objective: "target_return", TargetReturn: ptr(5)},
			wantStatus: 422, want: []string{"infeasible", "highest attainable, ", "%."}, notWant: []string{"attainable 0.", "attainable 1."}},
		{name: "unknown field", method: "POST", path: base, token: f.alice, body: `{"objective":"min_variance","owner":"x"}`, wantStatus: 400},
		{name: "min variance", method: "POST", path: base, token: f.alice, body: wire.OptimizeRequest{Objective: "min_variance", Shrinkage: "ledoit_wolf"}, wantStatus: 200, want: []string{`"trades"`, `"AAPL"`}},
		{name: "job not found", method: "GET", path: "/api/jobs/abcdefabcdef", token: f.alice, wantStatus: 404},
		{name: "job bad id", method: "GET", path: "/api/jobs/a%20b", token: f.alice, wantStatus: 400},
	})
}

func TestOptimizeFrontierJob(t *testing.T) {
	f := newAnalyticsFixture(t, "Main")
	var acc wire.JobAccepted
	f.ts.runScenarios(t, []scenario{
		{name: "frontier runs as a job", method: "POST", path: "/api/portfolios/" + f.folio + "/optimize", token: f.alice,
			body: wire.OptimizeRequest{Objective: "max_sharpe", MaxWeight: ptr(0.6), FrontierPoints: 10}, wantStatus: http.StatusAccepted,
			after: func(t *testing.T, r response) { mustJSON(t, r.Body, &acc) }},
		{name: "bob does not see alice's job", method: "GET", token: f.bob, wantStatus: http.StatusNotFound,
			before: func(_ *testing.T, sc *scenario) { sc.path = "/api/jobs/" + acc.JobID }},
	})
	if acc.JobID == "" {
		t.Fatal("no job")
	}
	var job wire.Job[wire.OptimizeResponse]
	for i := 0; i < 200; i++ {
		r := f.ts.do("GET", "/api/jobs/"+acc.JobID, f.alice, nil)
		job = wire.Job[wire.OptimizeResponse]{}
		decodeJob(t, r.Body, &job)
		if job.Status == "done" || job.Status == "failed" {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if job.Status != "done" || job.Result == nil {
		t.Fatalf("job = %+v", job)
	}
	res := job.Result
	sum := 0.0
	for _, w := range res.Optimal.Weights {
		sum += w
		if w > 0.6+1e-6 {
			t.Errorf("weight %v above cap", w)
		}
	}
	if math.Abs(sum-1) > 1e-6 || len(res.Frontier) < 2 || len(res.Trades) != len(res.Tickers) {
		t.Fatalf("sum %v frontier %d trades %d", sum, len(res.Frontier), len(res.Trades))
	}
	if res.Optimal.Sharpe == nil || res.Current.Sharpe == nil || *res.Optimal.Sharpe < *res.Current.Sharpe-1e-9 {
		t.Errorf("optimal Sharpe %v below current %v", res.Optimal.Sharpe, res.Current.Sharpe)
	}
}

// decodeJob decodes a job answer (the job has timestamps the client type
// ignores, so it is decoded leniently).
func decodeJob(t *testing.T, body string, v any) {
	t.Helper()
	if err := jsonUnmarshal(body, v); err != nil {
		t.Fatalf("decode job: %v %s", err, body)
	}
}
