package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestCustomAssetFlow: define an asset on the My assets page, paste its
// prices, buy it in a portfolio and see it valued in the holdings.
func TestCustomAssetFlow(t *testing.T) {
	s := newSite(t)
	const pw = "a long secret phrase"
	s.seedAdmin(pw, "collector")
	s.run(s.loginTo("/portfolios", "#my-assets", "collector", pw))
	var msg string
	s.run(
		chromedp.Click("#my-assets", chromedp.ByQuery),
		s.waitFor("#create-asset"),
		chromedp.SendKeys("#asset-symbol", "MYFUND", chromedp.ByQuery),
		chromedp.SendKeys("#asset-name", "My pension fund", chromedp.ByQuery),
		chromedp.SetValue("#asset-kind", "fund", chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector("#asset-kind").dispatchEvent(new Event("change", {bubbles: true}))`, nil),
		chromedp.SendKeys("#asset-sector", "Multi-asset", chromedp.ByQuery),
		chromedp.Click("#asset-create", chromedp.ByQuery),
		s.waitFor("#asset-prices-text"),
		setInput("#asset-prices-text", "date,close\n2017-01-03,100\n2017-01-04,102\n2017-01-05,108\n"),
		chromedp.Click("#asset-prices-save", chromedp.ByQuery),
		// The end state, not a message: the list shows the asset with its
		// three prices (the "Created" message stays until the save answers).
		pollPage(`[...document.querySelectorAll("#assets-table .asset-row")].some(r =>
			r.cells[0].textContent === "MYFUND" && r.cells[6].textContent === "3")`),
		chromedp.Text("#assets-msg", &msg, chromedp.ByQuery),
	)
	if !strings.Contains(msg, "Saved 3 prices of MYFUND") {
		t.Fatalf("message %q", msg)
	}
	id := s.newPortfolio("Pension")
	var created string
	s.run(chromedp.Evaluate(`(async () => {
		const tok = JSON.parse(sessionStorage.getItem("fortfolio.session")).token;
		const r = await fetch("/api/portfolios/`+id+`/transactions", {method: "POST", headers: {"x-token": tok, "Content-Type": "application/json"},
			body: JSON.stringify({date: "2017-01-03", kind: "buy", ticker: "MYFUND", quantity: 10, price: 100})});
		return String(r.status);
	})()`, &created, awaitPromise))
	if created != "201" {
		t.Fatalf("buy: %s", created)
	}
	var row string
	s.run(
		s.page("/portfolios/"+id, "#holdings-table"),
		chromedp.Text("#holdings-table tbody", &row, chromedp.ByQuery),
	)
	if !strings.Contains(row, "MYFUND") || !strings.Contains(row, "1,080") {
		t.Fatalf("holdings row %q", row)
	}
}
