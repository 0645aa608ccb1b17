package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestIncomeAndGainsFlow signs up, records buys, a sale and dividends
// through the API, enters a second sale in the form naming the lot it
// closes, follows the portfolio page's links to the income page (bars and
// tables) and the realised-gains page, and switches the lot method, which
// changes the lots the unnamed sale closes and the total.
func TestIncomeAndGainsFlow(t *testing.T) {
	s := newSite(t)
	var id string
	s.run(
		s.page("/register", "#register-form"),
		chromedp.SendKeys("#reg-username", "earner", chromedp.ByQuery),
		chromedp.SendKeys("#reg-password", "a long secret phrase", chromedp.ByQuery),
		chromedp.SendKeys("#reg-confirm", "a long secret phrase", chromedp.ByQuery),
		chromedp.Click("#register-submit", chromedp.ByQuery),
		s.waitFor("#register-done"),
		s.loginTo("/account", "#me-username", "earner", "a long secret phrase"),
		chromedp.Evaluate(`(async () => {
			const tok = JSON.parse(sessionStorage.getItem("fortfolio.session")).token;
			const h = {"x-token": tok, "Content-Type": "application/json"};
			let r = await fetch("/api/portfolios", {method: "POST", headers: h, body: JSON.stringify({name: "Income"})});
			const id = (await r.json()).id;
			const txs = [
				{date: "2015-01-02", kind: "buy", ticker: "KO", quantity: 10, price: 40, fee: 0},
				{date: "2015-06-01", kind: "buy", ticker: "KO", quantity: 10, price: 44, fee: 0},
				{date: "2015-07-01", kind: "dividend", ticker: "KO", quantity: 20, price: 0.33, fee: 0},
				{date: "2016-07-01", kind: "dividend", ticker: "KO", quantity: 20, price: 0.35, fee: 0},
				{date: "2016-08-01", kind: "sell", ticker: "KO", quantity: 5, price: 46, fee: 0},
				{date: "2017-07-03", kind: "dividend", ticker: "KO", quantity: 10, price: 0.37, fee: 0},
			];
			for (const tx of txs) {
				r = await fetch("/api/portfolios/" + id + "/transactions", {method: "POST", headers: h, body: JSON.stringify(tx)});
				if (r.status !== 201) { return "status " + r.status; }
			}
			return id;
		})()`, &id, awaitPromise),
	)
	if strings.HasPrefix(id, "status") || id == "" {
		t.Fatalf("create portfolio: %q", id)
	}
	var bars int
	var periods, holdings, summary string
	s.run(
		s.page("/portfolios/"+id, "#add-tx"),
		chromedp.Click("#add-tx", chromedp.ByQuery),
		s.waitFor("#tx-form"),
		setInput("#tx-date", "2016-09-01"),
		setInput("#tx-kind", "sell"),
		chromedp.SendKeys("#tx-ticker", "KO", chromedp.ByQuery),
		clickWhenShown(`li.suggestion[data-ticker="KO"]`),
		chromedp.SendKeys("#tx-quantity", "5", chromedp.ByQuery),
		chromedp.SendKeys("#tx-price", "48", chromedp.ByQuery),
		chromedp.Click("#sale-lots-toggle", chromedp.ByQuery),
		s.waitFor("#sale-lots-table"),
		// The oldest lot (10 at 40, 5 left after the first sale).
		setInput("#sale-lots-table tbody tr:first-child input", "5"),
	)
	s.checkLayout("sale-lots", "#sale-lots-table")
	s.run(
		chromedp.Click("#tx-save", chromedp.ByQuery),
		chromedp.WaitNotPresent("#tx-form", chromedp.ByQuery),
		chromedp.Click("#tab-income", chromedp.ByQuery),
		s.waitFor("#income-chart rect"),
		// The title names the portfolio (it is called "Income") once known.
		pollPage(`document.title === "Income — Income · Fortfolio"`),
		chromedp.Evaluate(`document.querySelectorAll("#income-chart rect").length`, &bars),
		chromedp.Text("#income-table", &periods, chromedp.ByQuery),
		chromedp.Text("#income-holdings", &holdings, chromedp.ByQuery),
		chromedp.Text("#income-summary", &summary, chromedp.ByQuery),
	)
	s.checkLayout("income", "#income-table", "#income-holdings")
	// 2015-07 to 2017-07 by month: 25 bars. In the trailing year to
	// 2017-12-29 only the 3.70 of 2017-07 counts; the 10 KO left (fifo:
	// the 44.00 lot) are worth 458.80: yield 3.7/458.8 = 0.81%, on cost
	// 3.7/440 = 0.84%.
	if bars != 25 || !strings.Contains(periods, "2015-07") || !strings.Contains(periods, "$6.60") || !strings.Contains(holdings, "KO") {
		t.Errorf("income page: %d bars, table %q, holdings %q", bars, periods, holdings)
	}
	if !strings.Contains(summary, "$3.70") || !strings.Contains(summary, "0.81%") || !strings.Contains(summary, "0.84%") {
		t.Errorf("income summary %q", summary)
	}
	var fifo, lifo, lots string
	s.run(
		chromedp.Click("#income-to-gains", chromedp.ByQuery),
		s.waitFor("#gains-table"),
		pollPage(`document.title === "Realised gains — Income · Fortfolio"`),
		chromedp.Text("#gains-totals", &fifo, chromedp.ByQuery),
		chromedp.Text("#gains-table", &lots, chromedp.ByQuery),
		chromedp.SetValue("#gains-method", "lifo", chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector("#gains-method").dispatchEvent(new Event("change", {bubbles: true}))`, nil),
		pollPage(`document.querySelector("#gains-totals") && document.querySelector("#gains-totals").innerText.includes("$50.00")`),
		chromedp.Text("#gains-totals", &lifo, chromedp.ByQuery),
	)
	s.checkLayout("realised-gains", "#gains-table")
	// The named sale: 5 x (48 - 40) = 40 under every method. The first
	// sale: fifo 5 x (46 - 40) = 30 (total 70), lifo 5 x (46 - 44) = 10
	// (total 50). All long-term (held more than a year).
	// Each row says how its lot was found, not the buy's raw id.
	if !strings.Contains(lots, "named in sale") || !strings.Contains(lots, "FIFO") {
		t.Errorf("gains table does not say how lots were matched: %q", lots)
	}
	if !strings.Contains(fifo, "$70.00") || !strings.Contains(lifo, "$50.00") {
		t.Errorf("gains totals: fifo %q, lifo %q", fifo, lifo)
	}
}
