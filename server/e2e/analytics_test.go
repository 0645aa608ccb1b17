package e2e

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// awaitPromise makes Evaluate wait for a returned promise.
func awaitPromise(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }

// TestAnalyticsFlow registers, creates the example portfolio, opens its
// analytics page, checks the metric cards hold numbers, runs the stress
// tests and the optimiser, and opens the methodology page.
func TestAnalyticsFlow(t *testing.T) {
	s := newSite(t)
	var id string
	s.run(
		s.page("/register", "#register-form"),
		chromedp.SendKeys("#reg-username", "analyst", chromedp.ByQuery),
		chromedp.SendKeys("#reg-password", "a long secret phrase", chromedp.ByQuery),
		chromedp.SendKeys("#reg-confirm", "a long secret phrase", chromedp.ByQuery),
		chromedp.Click("#register-submit", chromedp.ByQuery),
		s.waitFor("#register-done"),
		s.loginTo("/account", "#me-username", "analyst", "a long secret phrase"),
		chromedp.Evaluate(`(async () => {
			const tok = JSON.parse(sessionStorage.getItem("fortfolio.session")).token;
			const r = await fetch("/api/portfolios/example", {method: "POST", headers: {"x-token": tok}});
			if (r.status !== 201 && r.status !== 200) { return "status " + r.status; }
			return (await r.json()).id;
		})()`, &id, awaitPromise),
	)
	if strings.HasPrefix(id, "status") || id == "" {
		t.Fatalf("create example portfolio: %q", id)
	}
	var sharpe, vol, stress, trades, method string
	var cashNote bool
	s.run(
		s.page("/portfolios/"+id+"/analytics", "#metric-sharpe"),
		chromedp.Text("#metric-sharpe", &sharpe, chromedp.ByQuery),
		chromedp.Text("#metric-volatility", &vol, chromedp.ByQuery),
		s.waitFor("#value-chart"),
		s.waitFor("#correlation"),
		chromedp.Click("#stress-run", chromedp.ByQuery),
		s.waitFor("#stress-results"),
		chromedp.Text("#stress-results", &stress, chromedp.ByQuery),
		chromedp.Evaluate(`!!document.querySelector("#stress-cash")`, &cashNote),
		chromedp.Click("#optimize-run", chromedp.ByQuery),
		s.waitFor("#optimize-results"),
		s.waitFor("#frontier-chart path.frontier"),
		s.waitFor("#frontier-chart circle.pt-opt"),
		chromedp.Text("#optimize-trades", &trades, chromedp.ByQuery),
	)
	s.screenshot("analytics")
	if _, err := strconv.ParseFloat(sharpe, 64); err != nil {
		t.Errorf("Sharpe card = %q, want a number", sharpe)
	}
	if !strings.HasSuffix(vol, "%") {
		t.Errorf("volatility card = %q", vol)
	}
	if !strings.Contains(stress, "Global financial crisis") || !strings.Contains(stress, "Market -20%") {
		t.Errorf("stress table = %q", stress)
	}
	if cashNote {
		t.Error("the stress results of a portfolio without cash carry the cash note")
	}
	if !strings.Contains(trades, "%") {
		t.Errorf("optimiser trades = %q", trades)
	}
	s.run(
		s.page("/methodology", "#methodology"),
		chromedp.Text("#methodology", &method, chromedp.ByQuery),
	)
	if !strings.Contains(method, "Sortino") || !strings.Contains(method, "Ledoit") {
		t.Errorf("methodology page = %.200q", method)
	}
}
