package e2e

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// optimalWeightsJS maps each ticker of the trades table to its optimal
// weight in percent.
const optimalWeightsJS = `Object.fromEntries([...document.querySelectorAll("#optimize-trades tbody tr")].map(
	tr => [tr.cells[0].textContent, parseFloat(tr.cells[2].textContent)]))`

// TestOptimiserConstraintsAndStressSets checks the minimum weight and
// sector cap inputs (inline validation, then their effect on the result)
// and deleting a saved stress set.
func TestOptimiserConstraintsAndStressSets(t *testing.T) {
	s := newSite(t)
	const pw = "optimiser secret 1"
	s.seedAdmin(pw, "quant")
	var id string
	s.run(
		s.loginTo("/account", "#me-username", "quant", pw),
		chromedp.Evaluate(`(async () => {
			const tok = JSON.parse(sessionStorage.getItem("fortfolio.session")).token;
			const r = await fetch("/api/portfolios/example", {method: "POST", headers: {"x-token": tok}});
			return r.ok ? (await r.json()).id : "status " + r.status;
		})()`, &id, awaitPromise),
	)
	if id == "" || strings.HasPrefix(id, "status") {
		t.Fatalf("create example portfolio: %q", id)
	}
	var minErr, capErr, sector string
	var errCount int
	s.run(
		s.page("/portfolios/"+id+"/analytics", "#opt-cap-0"),
		chromedp.AttributeValue("#opt-cap-0", "data-sector", &sector, nil, chromedp.ByQuery),
		setInput("#opt-min", "0.5"),
		s.waitFor("#optimize-form .field-error"),
		chromedp.Text("#optimize-form .field-error", &minErr, chromedp.ByQuery),
		setInput("#opt-min", "0.05"),
		chromedp.WaitNotPresent("#optimize-form .field-error", chromedp.ByQuery),
		setInput("#opt-cap-0", "1.5"),
		s.waitFor("#optimize-form .field-error"),
		chromedp.Text("#optimize-form .field-error", &capErr, chromedp.ByQuery),
		chromedp.Click("#optimize-run", chromedp.ByQuery),
		s.waitFor("#optimize-error"),
		chromedp.Evaluate(`document.querySelectorAll("#optimize-results").length`, &errCount),
	)
	if !strings.Contains(minErr, "cannot exceed the maximum") {
		t.Errorf("min weight above max: %q", minErr)
	}
	if !strings.Contains(capErr, "between 0 and 1") || errCount != 0 {
		t.Errorf("bad sector cap: %q (results shown: %d)", capErr, errCount)
	}
	weights := map[string]float64{}
	s.run(
		setInput("#opt-cap-0", ""),
		chromedp.WaitNotPresent("#optimize-form .field-error", chromedp.ByQuery),
		chromedp.Click("#optimize-run", chromedp.ByQuery),
		s.waitFor("#optimize-trades"),
		chromedp.Evaluate(optimalWeightsJS, &weights),
	)
	if len(weights) < 2 {
		t.Fatalf("optimal weights: %v", weights)
	}
	for tk, w := range weights {
		if w < 4.99 || w > 40.01 {
			t.Errorf("%s optimal weight %.2f%% outside [5%%, 40%%]", tk, w)
		}
	}
	// A zero cap on one sector leaves its holdings out.
	var inSector []string
	s.run(chromedp.Evaluate(fmt.Sprintf(`(async () => {
		const tok = JSON.parse(sessionStorage.getItem("fortfolio.session")).token;
		const h = await (await fetch("/api/portfolios/%s/holdings", {headers: {"x-token": tok}})).json();
		return h.positions.filter(p => p.sector === %q).map(p => p.ticker);
	})()`, id, sector), &inSector, awaitPromise))
	if len(inSector) == 0 {
		t.Fatalf("no holding in sector %q", sector)
	}
	tickers, _ := json.Marshal(inSector)
	s.run(
		setInput("#opt-min", "0"),
		setInput("#opt-cap-0", "0"),
		chromedp.Click("#optimize-run", chromedp.ByQuery),
		pollPage(fmt.Sprintf(`(() => {
			if (!document.querySelector("#optimize-trades")) return false;
			const w = %s;
			return %s.every(t => w[t] === 0);
		})()`, optimalWeightsJS, tickers)),
		chromedp.Evaluate(optimalWeightsJS, &weights),
	)
	s.screenshot("optimiser-constraints")
	for _, tk := range inSector {
		if w, ok := weights[tk]; !ok || w != 0 {
			t.Errorf("%s (%s, capped at 0) has optimal weight %v (present %v)", tk, sector, w, ok)
		}
	}
	s.checkStressSetDelete()
}

// checkStressSetDelete saves a stress set, sees it run, deletes it.
func (s *site) checkStressSetDelete() {
	var results, ok, left string
	s.run(
		chromedp.SendKeys("#stress-set-name", "Doomsday", chromedp.ByQuery),
		chromedp.SendKeys("#stress-set-market", "-35", chromedp.ByQuery),
		chromedp.Click("#stress-set-save", chromedp.ByQuery),
		s.waitFor(`tr.stress-set-row[data-name="Doomsday"]`),
		s.waitFor("#stress-results"),
		pollPage(`document.querySelector("#stress-results").textContent.includes("Doomsday")`),
		chromedp.Click(`tr.stress-set-row[data-name="Doomsday"] .stress-set-delete`, chromedp.ByQuery),
		chromedp.WaitNotPresent(`tr.stress-set-row[data-name="Doomsday"]`, chromedp.ByQuery),
		s.waitFor("#stress-ok"),
		chromedp.Text("#stress-ok", &ok, chromedp.ByQuery),
		pollPage(`!document.querySelector("#stress-results").textContent.includes("Doomsday")`),
		chromedp.Text("#stress-results", &results, chromedp.ByQuery),
		chromedp.Evaluate(`(async () => {
			const tok = JSON.parse(sessionStorage.getItem("fortfolio.session")).token;
			return await (await fetch("/api/stress/sets", {headers: {"x-token": tok}})).text();
		})()`, &left, awaitPromise),
	)
	s.screenshot("stress-set-deleted")
	if !strings.Contains(ok, "Deleted the stress set Doomsday") {
		s.t.Errorf("delete notice %q", ok)
	}
	if strings.Contains(results, "Doomsday") || strings.TrimSpace(left) != "[]" {
		s.t.Errorf("stress set survived: results %q, API %s", results, left)
	}
}
