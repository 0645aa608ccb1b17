package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/fortfolio/fortfolio/shared/wire"
)

func TestStressEndpoints(t *testing.T) {
	f := newAnalyticsFixture(t, "Main")
	base := "/api/portfolios/" + f.folio + "/stress"
	f.ts.runScenarios(t, []scenario{
		{name: "scenarios", method: "GET", path: "/api/stress/scenarios", token: f.alice, wantStatus: 200, want: []string{`"gfc"`, "Market -20%"}},
		{name: "scenarios need login", method: "GET", path: "/api/stress/scenarios", wantStatus: 401},
		{name: "bad id", method: "POST", path: "/api/portfolios/a.b/stress", token: f.alice, body: wire.StressRequest{}, wantStatus: 400, want: []string{"Invalid identifier"}},
		{name: "other user", method: "POST", path: "/api/portfolios/" + f.other + "/stress", token: f.alice, body: wire.StressRequest{}, wantStatus: 404},
		{name: "unknown field", method: "POST", path: base, token: f.alice, body: `{"role":"admin"}`, wantStatus: 400},
		{name: "unknown scenario", method: "POST", path: base, token: f.alice, body: wire.StressRequest{ScenarioIDs: []string{"nope"}}, wantStatus: 400, want: []string{"Unknown scenario"}},
		{name: "traversal scenario", method: "POST", path: base, token: f.alice, body: wire.StressRequest{ScenarioIDs: []string{"../x"}}, wantStatus: 400},
		{name: "shock too big", method: "POST", path: base, token: f.alice, body: wire.StressRequest{Sets: []wire.StressSet{{Name: "x", MarketShock: -3}}}, wantStatus: 400},
		{name: "empty name", method: "POST", path: base, token: f.alice, body: wire.StressRequest{Sets: []wire.StressSet{{MarketShock: -0.1}}}, wantStatus: 400},
		{name: "unknown set id", method: "POST", path: base, token: f.alice, body: wire.StressRequest{SetIDs: []string{"abc"}}, wantStatus: 400},
		{name: "gfc", method: "POST", path: base, token: f.alice, body: wire.StressRequest{ScenarioIDs: []string{"gfc"}}, wantStatus: 200, want: []string{"Global financial crisis", `"pnl"`}},
		{name: "all", method: "POST", path: base, token: f.alice, body: wire.StressRequest{}, wantStatus: 200, want: []string{"lehman", "Market -30%"}, notWant: []string{"NaN"}},
	})
}

func TestStressSetsPerUser(t *testing.T) {
	f := newAnalyticsFixture(t, "Main")
	set := wire.StressSet{Name: "Tech <crash>", MarketShock: -0.15, SectorShocks: map[string]float64{"Information Technology": -0.2}}
	var saved wire.SavedStressSet
	f.ts.runScenarios(t, []scenario{
		{name: "create", method: "POST", path: "/api/stress/sets", token: f.alice, body: set, wantStatus: http.StatusCreated,
			after: func(t *testing.T, r response) { mustJSON(t, r.Body, &saved) }},
	})
	if saved.ID == "" {
		t.Fatal("no saved set")
	}
	f.ts.runScenarios(t, []scenario{
		{name: "bad set", method: "POST", path: "/api/stress/sets", token: f.alice, body: wire.StressSet{Name: "x\x07", MarketShock: 0.1}, wantStatus: 400},
		{name: "alice lists", method: "GET", path: "/api/stress/sets", token: f.alice, wantStatus: 200, want: []string{saved.ID}},
		{name: "bob does not see it", method: "GET", path: "/api/stress/sets", token: f.bob, wantStatus: 200, notWant: []string{saved.ID}},
		{name: "bob cannot use it", method: "POST", path: "/api/portfolios/" + f.other + "/stress", token: f.bob, body: wire.StressRequest{SetIDs: []string{saved.ID}}, wantStatus: 400},
		{name: "alice uses it", method: "POST", path: "/api/portfolios/" + f.folio + "/stress", token: f.alice, body: wire.StressRequest{SetIDs: []string{saved.ID}}, wantStatus: 200, want: []string{"Tech \\u003ccrash\\u003e"}},
		{name: "bob cannot delete", method: "DELETE", path: "/api/stress/sets/" + saved.ID, token: f.bob, wantStatus: 404},
		{name: "bad delete id", method: "DELETE", path: "/api/stress/sets/..%2F", token: f.alice, wantStatus: 400},
		{name: "alice deletes", method: "DELETE", path: "/api/stress/sets/" + saved.ID, token: f.alice, wantStatus: 204},
		{name: "gone", method: "DELETE", path: "/api/stress/sets/" + saved.ID, token: f.alice, wantStatus: 404},
		{name: "gfc replay", method: "POST", path: "/api/portfolios/" + f.folio + "/stress", token: f.alice,
			body: wire.StressRequest{ScenarioIDs: []string{"gfc"}}, wantStatus: 200,
			after: func(t *testing.T, r response) {
				var res wire.StressResponse
				mustJSON(t, r.Body, &res)
				if len(res.Results) != 1 || res.Results[0].Return == nil || *res.Results[0].Return >= 0 || !strings.Contains(res.Results[0].AsOf, "2017") {
					t.Fatalf("gfc replay = %+v", res.Results)
				}
			}},
	})
}
