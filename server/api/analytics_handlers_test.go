package api_test

import (
	"context"
	"math"
	"net/http"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/server/analytics"
	"github.com/fortfolio/fortfolio/server/market"
	"github.com/fortfolio/fortfolio/server/portfolioanalytics"
	"github.com/fortfolio/fortfolio/shared/wire"
)

func TestAnalyticsBadParams(t *testing.T) {
	f := newAnalyticsFixture(t, "Main")
	base := "/api/portfolios/" + f.folio + "/analytics"
	f.ts.runScenarios(t, []scenario{
		{name: "no token", method: "GET", path: base, wantStatus: 401},
		{name: "bad id", method: "GET", path: "/api/portfolios/bad%20id/analytics", token: f.alice, wantStatus: 400, want: []string{"Invalid identifier"}},
		{name: "dot id", method: "GET", path: "/api/portfolios/..%2Fx/analytics", token: f.alice, wantStatus: 400, want: []string{"Invalid identifier"}},
		{name: "missing", method: "GET", path: "/api/portfolios/nope123/analytics", token: f.alice, wantStatus: 404},
		{name: "other user", method: "GET", path: "/api/portfolios/" + f.other + "/analytics", token: f.alice, wantStatus: 404, notWant: []string{"Bob"}},
		{name: "bad from", method: "GET", path: base + "?from=2010-13-01", token: f.alice, wantStatus: 400, want: []string{"from"}},
		{name: "from outside data", method: "GET", path: base + "?from=1999-01-04", token: f.alice, wantStatus: 400, want: []string{"market data range"}},
		{name: "to outside data", method: "GET", path: base + "?to=2030-01-04", token: f.alice, wantStatus: 400},
		{name: "from after to", method: "GET", path: base + "?from=2015-01-05&to=2012-01-05", token: f.alice, wantStatus: 400, want: []string{"before"}},
		{name: "same day", method: "GET", path: base + "?from=2015-01-05&to=2015-01-05", token: f.alice, wantStatus: 400},
		{name: "bad benchmark", method: "GET", path: base + "?benchmark=..", token: f.alice, wantStatus: 400, want: []string{"benchmark"}},
		{name: "unknown benchmark", method: "GET", path: base + "?benchmark=ZZZZ", token: f.alice, wantStatus: 400, want: []string{"Unknown benchmark"}},
		{name: "rf NaN", method: "GET", path: base + "?rf=NaN", token: f.alice, wantStatus: 400},
		{name: "rf too high", method: "GET", path: base + "?rf=0.5", token: f.alice, wantStatus: 400},
		{name: "rf negative", method: "GET", path: base + "?rf=-0.01", token: f.alice, wantStatus: 400},
		{name: "before holdings", method: "GET", path: base + "?from=2006-01-03&to=2008-01-03", token: f.alice, wantStatus: 422},
		{name: "ok EQW", method: "GET", path: base + "?from=2010-01-04&to=2017-12-29&benchmark=EQW&rf=0.02", token: f.alice, wantStatus: 200,
			want: []string{`"sharpe"`, `"ticker":"EQW"`}, notWant: []string{"NaN", "Infinity"}},
		{name: "ok ticker benchmark", method: "GET", path: base + "?benchmark=msft", token: f.alice, wantStatus: 200, want: []string{`"ticker":"MSFT"`}},
	})
}

// TestAnalyticsMatchesEngine checks the API's numbers equal Analyze on the
// same inputs built independently from the embedded data.
func TestAnalyticsMatchesEngine(t *testing.T) {
	f := newAnalyticsFixture(t, "Main")
	r := f.ts.do("GET", "/api/portfolios/"+f.folio+"/analytics?from=2011-01-03&to=2016-12-30&benchmark=EQW&rf=0.01", f.alice, nil)
	if r.Status != http.StatusOK {
		t.Fatalf("status %d %s", r.Status, r.Body)
	}
	var got wire.AnalyticsReport
	mustJSON(t, r.Body, &got)
	want := engineReport(t)
	if got.From != want.From || got.To != want.To || got.Returns != want.Returns {
		t.Fatalf("window %s..%s n=%d, want %s..%s n=%d", got.From, got.To, got.Returns, want.From, want.To, want.Returns)
	}
	for _, c := range []struct {
		name      string
		got, want *float64
	}{
		{"total_return", got.Metrics.TotalReturn, want.Metrics.TotalReturn},
		{"sharpe", got.Metrics.Sharpe, want.Metrics.Sharpe},
		{"volatility", got.Metrics.Volatility, want.Metrics.Volatility},
		{"max_drawdown", got.Metrics.MaxDrawdown, want.Metrics.MaxDrawdown},
		{"beta", got.Metrics.Beta, want.Metrics.Beta},
		{"var_95", got.Metrics.VaR95, want.Metrics.VaR95},
	} {
		if c.got == nil || c.want == nil || math.Abs(*c.got-*c.want) > 1e-12 {
			t.Errorf("%s = %v, want %v", c.name, deref(c.got), deref(c.want))
		}
	}
	if math.Abs(got.EndValue-want.EndValue) > 1e-9 || len(got.Holdings) != len(want.Holdings) {
		t.Errorf("end value %v holdings %d, want %v %d", got.EndValue, len(got.Holdings), want.EndValue, len(want.Holdings))
	}
}

// engineReport runs analytics.Analyze on the fixture built by hand.
func engineReport(t *testing.T) wire.AnalyticsReport {
	t.Helper()
	e, err := market.NewEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	in := analytics.Input{Meta: map[string]analytics.Meta{}, From: day("2011-01-03"), To: day("2016-12-30"), RiskFree: 0.01}
	for _, tk := range []string{"AAPL", "GE", "KO"} {
		d, c, err := e.Closes(tk, day("1990-01-01"), day("2030-01-01"))
		if err != nil {
			t.Fatal(err)
		}
		in.Series = append(in.Series, analytics.PriceSeries{Ticker: tk, Dates: d, Close: c})
		sym, _ := e.Symbol(context.Background(), tk)
		in.Meta[tk] = analytics.Meta{Sector: sym.Sector, Country: sym.Country}
	}
	for _, tx := range fixtureTxs {
		switch tx.Kind {
		case "buy":
			in.Trades = append(in.Trades, analytics.Trade{Date: day(tx.Date), Ticker: tx.Ticker, Quantity: tx.Quantity, Price: tx.Price, Fee: tx.Fee})
		case "sell":
			in.Trades = append(in.Trades, analytics.Trade{Date: day(tx.Date), Ticker: tx.Ticker, Quantity: -tx.Quantity, Price: tx.Price, Fee: tx.Fee})
		case "dividend":
			in.Dividends = append(in.Dividends, analytics.Dividend{Date: day(tx.Date), Ticker: tx.Ticker, Amount: tx.Quantity*tx.Price - tx.Fee})
		case "fee":
			in.Dividends = append(in.Dividends, analytics.Dividend{Date: day(tx.Date), Ticker: tx.Ticker, Amount: -(tx.Quantity*tx.Price + tx.Fee)})
		}
	}
	eqw, err := portfolioanalytics.Source{Market: e}.EqualWeightIndex()
	if err != nil {
		t.Fatal(err)
	}
	in.Benchmark = &eqw
	rep, err := analytics.Analyze(in)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}
