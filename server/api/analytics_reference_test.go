//go:build !js

package api_test

import (
	"math"
	"net/http"
	"testing"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// Reference numbers for referencePortfolio over 2015-01-02..2015-03-31
// with benchmark JNJ and rf 2%, computed independently of the Go code by
// testdata/analytics_reference.py (numpy on the embedded closes, the
// formulas of docs/methodology.md). Rerun it after changing the portfolio.
const (
	refReturns          = 60
	refStartValue       = 1936.1
	refEndValue         = 2461.9
	refTotalReturn      = 0.05449497516659885
	refCAGR             = 0.2496458789339353
	refVolatility       = 0.18665574799334878
	refSharpe           = 1.1800779571025757
	refSortino          = 1.7839888858984407
	refCalmar           = 3.953863237396295
	refMaxDrawdown      = -0.06313973548016105
	refVaR95            = 0.0179348191991005
	refCVaR95           = 0.021441315714932907
	refVaR99            = 0.021987569612172655
	refCVaR99           = 0.02601707684580612
	refBeta             = 0.4021072566355088
	refCorrelation      = 0.39504350077351535
	refBenchTotalReturn = -0.037504783773440464
	refPeak, refTrough  = "2015-02-23", "2015-03-27"
	refQuery            = "?from=2015-01-02&to=2015-03-31&benchmark=JNJ&rf=0.02"
)

// referencePortfolio: 10 AAPL and 20 KO held before the window, 10 MSFT
// bought inside it at 41.00 (close 41.28) with a fee of 5.
var referencePortfolio = []wire.TransactionInput{
	{Date: "2014-12-31", Kind: "buy", Ticker: "AAPL", Quantity: 10, Price: 110.38},
	{Date: "2014-12-31", Kind: "buy", Ticker: "KO", Quantity: 20, Price: 42.22},
	{Date: "2015-02-02", Kind: "buy", Ticker: "MSFT", Quantity: 10, Price: 41.00, Fee: 5},
}

// TestAnalyticsReferencePortfolio checks the analytics API against numbers
// computed outside Fortfolio, so an error shared by the engine and its
// inputs cannot hide.
func TestAnalyticsReferencePortfolio(t *testing.T) {
	ts := newTestServer(t)
	tok, _ := ts.registerAndLogin("carol", "reference numbers 1")
	f := &analyticsFixture{ts: ts}
	id := f.createPortfolio(tok, "Reference", referencePortfolio)
	r := ts.do("GET", "/api/portfolios/"+id+"/analytics"+refQuery, tok, nil)
	if r.Status != http.StatusOK {
		t.Fatalf("status %d %s", r.Status, r.Body)
	}
	var got wire.AnalyticsReport
	mustJSON(t, r.Body, &got)
	if got.Returns != refReturns || got.From != "2015-01-02" || got.To != "2015-03-31" {
		t.Fatalf("window %s..%s with %d returns, want 2015-01-02..2015-03-31 with %d", got.From, got.To, got.Returns, refReturns)
	}
	m := got.Metrics
	for _, c := range []struct {
		name string
		got  *float64
		want float64
	}{
		{"start_value", &got.StartValue, refStartValue},
		{"end_value", &got.EndValue, refEndValue},
		{"total_return", m.TotalReturn, refTotalReturn},
		{"cagr", m.CAGR, refCAGR},
		{"volatility", m.Volatility, refVolatility},
		{"sharpe", m.Sharpe, refSharpe},
		{"sortino", m.Sortino, refSortino},
		{"calmar", m.Calmar, refCalmar},
		{"max_drawdown", m.MaxDrawdown, refMaxDrawdown},
		{"var_95", m.VaR95, refVaR95},
		{"cvar_95", m.CVaR95, refCVaR95},
		{"var_99", m.VaR99, refVaR99},
		{"cvar_99", m.CVaR99, refCVaR99},
		{"beta", m.Beta, refBeta},
		{"correlation", m.Correlation, refCorrelation},
		{"benchmark total_return", benchTotal(got.Benchmark), refBenchTotalReturn},
	} {
		if c.got == nil || !closeTo(*c.got, c.want) {
			t.Errorf("%s = %v, want %v", c.name, deref(c.got), c.want)
		}
	}
	if d := got.Drawdown; d == nil || d.Peak != refPeak || d.Trough != refTrough || !closeTo(d.Depth, refMaxDrawdown) {
		t.Errorf("drawdown = %+v, want peak %s trough %s depth %v", d, refPeak, refTrough, refMaxDrawdown)
	}
}

func benchTotal(b *wire.BenchmarkSummary) *float64 {
	if b == nil || b.Ticker != "JNJ" {
		return nil
	}
	return b.TotalReturn
}

// closeTo allows 1e-9 (relative above 1): far tighter than any formula
// slip, looser than a different float summation order.
func closeTo(got, want float64) bool {
	return math.Abs(got-want) <= 1e-9*math.Max(1, math.Abs(want))
}
