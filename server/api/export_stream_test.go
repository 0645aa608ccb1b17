package api_test

import (
	"encoding/json"
	"testing"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// TestExportStreamsEveryPortfolio checks the streamed export is one valid
// JSON document holding every portfolio and transaction.
func TestExportStreamsEveryPortfolio(t *testing.T) {
	f := newPFFixture(t)
	f.ts.runScenarios(t, []scenario{
		{name: "second portfolio", method: "POST", path: "/api/portfolios", token: f.alice, body: wire.PortfolioInput{Name: "Second"}, wantStatus: 201},
		{name: "export", method: "GET", path: "/api/export.json", token: f.alice, wantStatus: 200,
			wantHeader: map[string]string{"Cache-Control": "no-store"},
			after: func(t *testing.T, r response) {
				var out wire.ExportData
				if err := json.Unmarshal([]byte(r.Body), &out); err != nil {
					t.Fatalf("export is not valid JSON: %v\n%s", err, r.Body)
				}
				if out.User.Username != "alice" || len(out.Portfolios) != 2 {
					t.Fatalf("user %q, %d portfolios", out.User.Username, len(out.Portfolios))
				}
				txs := 0
				for _, p := range out.Portfolios {
					txs += len(p.Transactions)
				}
				if txs != 2 {
					t.Fatalf("%d transactions exported, want 2", txs)
				}
			}},
	})
}
