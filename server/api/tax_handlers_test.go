package api_test

import (
	"encoding/json"
	"testing"

	"github.com/fortfolio/fortfolio/shared/wire"
)

func jsonUnmarshal(body string, v any) error { return json.Unmarshal([]byte(body), v) }

func TestTaxHarvest(t *testing.T) {
	f := newAnalyticsFixture(t, "Main")
	base := "/api/portfolios/" + f.folio + "/tax-harvest"
	f.ts.runScenarios(t, []scenario{
		{name: "countries", method: "GET", path: "/api/tax/countries", token: f.alice, wantStatus: 200, want: []string{"Abgeltungsteuer"}},
		{name: "bad id", method: "GET", path: "/api/portfolios/x%00/tax-harvest", token: f.alice, wantStatus: 400},
		{name: "other user", method: "GET", path: "/api/portfolios/" + f.other + "/tax-harvest", token: f.alice, wantStatus: 404},
		{name: "country", method: "GET", path: base + "?country=XX", token: f.alice, wantStatus: 400, want: []string{"country"}},
		{name: "rate", method: "GET", path: base + "?rate=2", token: f.alice, wantStatus: 400},
		{name: "rate nan", method: "GET", path: base + "?rate=NaN", token: f.alice, wantStatus: 400},
		{name: "uk", method: "GET", path: base + "?country=uk&rate=0.2", token: f.alice, wantStatus: 200, want: []string{"Bed and breakfasting"}},
		{name: "us candidates", method: "GET", path: base + "?country=US&rate=0.3", token: f.alice, wantStatus: 200,
			after: func(t *testing.T, r response) {
				var rep wire.HarvestReport
				mustJSON(t, r.Body, &rep)
				// GE was bought at 18.50 and 24.20 and closed 2017 near 17.45:
				// both lots are losses; the October 2017 buy is short-term.
				if len(rep.Candidates) != 2 || rep.Candidates[0].Ticker != "GE" || rep.TaxSaved <= 0 {
					t.Fatalf("candidates = %+v", rep.Candidates)
				}
				terms := map[string]bool{}
				for _, c := range rep.Candidates {
					terms[c.Term] = true
					if c.TaxSaved != c.Loss*0.3 {
						t.Errorf("tax saved %v != loss %v x 0.3", c.TaxSaved, c.Loss)
					}
				}
				if !terms["short"] || !terms["long"] {
					t.Errorf("terms = %v", terms)
				}
			}},
	})
}
