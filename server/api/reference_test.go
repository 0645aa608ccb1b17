package api_test

import (
	"math"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/server/analytics"
	"github.com/fortfolio/fortfolio/server/market"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// narrowReference is the embedded data cut to AAPL and KO in 2008-2009.
type narrowReference struct {
	e           *market.Embedded
	first, last time.Time
}

func (n *narrowReference) Tickers() []string             { return []string{"AAPL", "KO"} }
func (n *narrowReference) Range() (time.Time, time.Time) { return n.first, n.last }
func (n *narrowReference) Closes(tk string, from, to time.Time) ([]time.Time, []float64, error) {
	if !slices.Contains(n.Tickers(), tk) {
		return nil, nil, market.ErrUnknownTicker
	}
	if from.Before(n.first) {
		from = n.first
	}
	if to.After(n.last) {
		to = n.last
	}
	return n.e.Closes(tk, from, to)
}

// narrowProvider serves the embedded prices with the narrow reference.
type narrowProvider struct {
	*market.Embedded
	ref *narrowReference
}

func (p narrowProvider) Reference() (market.Reference, error) { return p.ref, nil }

// TestAnalyticsAskConfiguredProvider: the analysable range, the stress
// scenarios offered and the date checks follow the configured provider's
// reference set, not the embedded data set.
func TestAnalyticsAskConfiguredProvider(t *testing.T) {
	e, err := market.NewEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	prov := narrowProvider{Embedded: e, ref: &narrowReference{e: e, first: day("2008-01-02"), last: day("2009-12-31")}}
	ts := newTestServer(t, testOptions{market: prov})
	tok, _ := ts.registerAndLogin("alice", "correct horse battery")
	r := ts.do("POST", "/api/portfolios", tok, wire.PortfolioInput{Name: "Narrow"})
	var p wire.Portfolio
	mustJSON(t, r.Body, &p)
	ts.do("POST", "/api/portfolios/"+p.ID+"/transactions", tok, wire.TransactionInput{Date: "2008-03-03", Kind: "buy", Ticker: "AAPL", Quantity: 10, Price: 17})

	ts.runScenarios(t, []scenario{
		{name: "range is the provider's", method: "GET", path: "/api/analytics/range", token: tok, wantStatus: http.StatusOK,
			want: []string{`"from":"2008-01-02"`, `"to":"2009-12-31"`}, notWant: []string{"2006", "2017"}},
		{name: "only scenarios inside the provider's range", method: "GET", path: "/api/stress/scenarios", token: tok,
			wantStatus: http.StatusOK, want: []string{`"id":"lehman"`}, notWant: []string{`"id":"gfc"`, `"id":"flash-crash"`}},
		{name: "a date the embedded set has is outside the provider's range", method: "GET",
			path: "/api/portfolios/" + p.ID + "/analytics?from=2012-01-03", token: tok, wantStatus: http.StatusBadRequest,
			want: []string{"2008-01-02 to 2009-12-31"}},
	})

	// The EQW benchmark is the index of the provider's two tickers.
	r = ts.do("GET", "/api/portfolios/"+p.ID+"/analytics?benchmark=EQW&from=2008-06-02&to=2009-06-01", tok, nil)
	var rep wire.AnalyticsReport
	mustJSON(t, r.Body, &rep)
	if rep.Benchmark == nil || rep.Benchmark.TotalReturn == nil {
		t.Fatalf("no benchmark in %s", r.Body)
	}
	got := *rep.Benchmark.TotalReturn
	narrow, wide := indexReturn(t, prov.ref, day("2008-06-02"), day("2009-06-01")), indexReturn(t, e, day("2008-06-02"), day("2009-06-01"))
	if math.Abs(got-narrow) > 1e-9 || math.Abs(got-wide) < 1e-6 {
		t.Errorf("EQW total return %v, want the provider's %v (the embedded set's is %v)", got, narrow, wide)
	}
}

// indexReturn is the change of the equal-weight index of ref's tickers
// over [from, to], built here from the closes.
func indexReturn(t *testing.T, ref market.Reference, from, to time.Time) float64 {
	t.Helper()
	var series []analytics.PriceSeries
	for _, tk := range ref.Tickers() {
		d, c, err := ref.Closes(tk, time.Time{}, to.AddDate(1, 0, 0))
		if err != nil {
			t.Fatal(err)
		}
		series = append(series, analytics.PriceSeries{Ticker: tk, Dates: d, Close: c})
	}
	idx, err := analytics.EqualWeightIndex(series)
	if err != nil {
		t.Fatal(err)
	}
	var a, b float64
	for i, d := range idx.Dates {
		if a == 0 && !d.Before(from) {
			a = idx.Close[i]
		}
		if !d.After(to) {
			b = idx.Close[i]
		}
	}
	return b/a - 1
}
