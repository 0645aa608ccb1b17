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
	if r := f.ts.do("POST", "/api/portfolios", f.alice, wire.PortfolioInput{Name: "Second"}); r.Status != 201 {
		t.Fatalf("create: %d", r.Status)
	}
	r := f.ts.do("GET", "/api/export.json", f.alice, nil)
	if r.Status != 200 || r.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("%d %q", r.Status, r.Header.Get("Cache-Control"))
	}
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
}
