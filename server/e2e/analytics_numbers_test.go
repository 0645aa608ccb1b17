//go:build !js

package e2e

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// numbersPortfolio holds positions from before the window and a buy with a
// fee inside it (the API's reference portfolio, whose numbers the API
// tests check against values computed outside Fortfolio).
var numbersPortfolio = []wire.TransactionInput{
	{Date: "2014-12-31", Kind: "buy", Ticker: "AAPL", Quantity: 10, Price: 110.38},
	{Date: "2014-12-31", Kind: "buy", Ticker: "KO", Quantity: 20, Price: 42.22},
	{Date: "2015-02-02", Kind: "buy", Ticker: "MSFT", Quantity: 10, Price: 41.00, Fee: 5},
}

// createPortfolioJS creates a portfolio with the transactions (%s, JSON)
// through the API with the tab's token and returns its id.
const createPortfolioJS = `(async () => {
	const tok = JSON.parse(sessionStorage.getItem("fortfolio.session")).token;
	const h = {"x-token": tok, "Content-Type": "application/json"};
	let r = await fetch("/api/portfolios", {method: "POST", headers: h, body: JSON.stringify({name: "Numbers"})});
	if (r.status !== 201) { return "status " + r.status; }
	const id = (await r.json()).id;
	for (const tx of %s) {
		r = await fetch("/api/portfolios/" + id + "/transactions", {method: "POST", headers: h, body: JSON.stringify(tx)});
		if (r.status !== 201) { return "status " + r.status; }
	}
	return id;
})()`

// getJSONJS fetches a path with the tab's token and returns the body.
const getJSONJS = `(async () => {
	const tok = JSON.parse(sessionStorage.getItem("fortfolio.session")).token;
	const r = await fetch(%q, {headers: {"x-token": tok}});
	return r.status === 200 ? await r.text() : "status " + r.status;
})()`

// shownMetricsJS returns every metric card's text by key.
const shownMetricsJS = `Object.fromEntries([...document.querySelectorAll("#metric-cards .metric-value")].map(e => [e.id.replace("metric-", ""), e.textContent]))`

// TestAnalyticsPageShowsAPINumbers sets a window, benchmark and risk-free
// rate on the analytics page and checks every metric card shows the API's
// answer for the same query, formatted as documented: fractions as
// percentages with two decimals, ratios with two decimals.
func TestAnalyticsPageShowsAPINumbers(t *testing.T) {
	s := newSite(t)
	const pw = "numbers on screen 1"
	s.seedAdmin(pw, "counter")
	txs, _ := json.Marshal(numbersPortfolio)
	var id, raw string
	s.run(
		s.loginTo("/portfolios", "#create-portfolio", "counter", pw),
		chromedp.Evaluate(fmt.Sprintf(createPortfolioJS, txs), &id, awaitPromise),
	)
	const query = "?from=2015-01-02&to=2015-03-31&benchmark=JNJ&rf=0.02"
	s.run(chromedp.Evaluate(fmt.Sprintf(getJSONJS, "/api/portfolios/"+id+"/analytics"+query), &raw, awaitPromise))
	var rep wire.AnalyticsReport
	if err := json.Unmarshal([]byte(raw), &rep); err != nil {
		t.Fatalf("API answer %.200q: %v", raw, err)
	}
	want := map[string]string{}
	for _, d := range wire.MetricDefs {
		v := rep.Metrics.Value(d.Key)
		if v == nil {
			t.Fatalf("the API left %s undefined: the portfolio does not exercise every card", d.Key)
		}
		want[d.Key] = display(*v, d.Format)
	}
	var shown map[string]string
	s.run(
		s.page("/portfolios/"+id+"/analytics", "#metric-sharpe"),
		setInput("#an-from", "2015-01-02"),
		setInput("#an-to", "2015-03-31"),
		setInput("#an-bench", "JNJ"),
		setInput("#an-rf", "0.02"),
		chromedp.Click("#an-submit", chromedp.ByQuery),
		pollPage(`(document.querySelector("#analytics-report") || {textContent: ""}).textContent.includes("Period 2015-01-02 to 2015-03-31")`),
		chromedp.Evaluate(shownMetricsJS, &shown),
	)
	s.screenshot("analytics-numbers")
	for _, d := range wire.MetricDefs {
		if shown[d.Key] != want[d.Key] {
			t.Errorf("%s card shows %q, the API answered %v (want %q)", d.Key, shown[d.Key], *rep.Metrics.Value(d.Key), want[d.Key])
		}
	}
	if len(shown) != len(wire.MetricDefs) {
		t.Errorf("%d metric cards, want %d: %v", len(shown), len(wire.MetricDefs), shown)
	}
}

// display is how the page formats a metric: "pct" as a percentage with
// two decimals (never "-0.00%"), anything else with two decimals.
func display(v float64, format string) string {
	if format != "pct" {
		return strconv.FormatFloat(v, 'f', 2, 64)
	}
	if v *= 100; math.Abs(v) < 0.005 {
		v = 0
	}
	return strconv.FormatFloat(v, 'f', 2, 64) + "%"
}
