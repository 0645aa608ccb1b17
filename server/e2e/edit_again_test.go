package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// selectValue picks an option of a select and fires its change event.
func selectValue(selector, value string) chromedp.Action {
	return chromedp.Tasks{
		chromedp.SetValue(selector, value, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector(`+"`"+selector+"`"+`).dispatchEvent(new Event("change", {bubbles: true}))`, nil),
	}
}

// TestEditAgainShowsSavedValues: a portfolio's base currency and a
// deposit's amount, once saved, are what the next Edit opens with, so a
// second save cannot put the old value back.
func TestEditAgainShowsSavedValues(t *testing.T) {
	s := newSite(t)
	const pw = "a long secret phrase"
	s.seedAdmin(pw, "editor")
	var currency, amount string
	s.run(
		s.loginTo("/portfolios", "#portfolios-empty", "editor", pw),
		chromedp.SendKeys("#portfolio-name", "Savings", chromedp.ByQuery),
		chromedp.Click("#portfolio-create", chromedp.ByQuery),
		s.waitFor(".portfolio-edit"),
		chromedp.Click(".portfolio-edit", chromedp.ByQuery),
		s.waitFor("#edit-dialog"),
		selectValue("#edit-currency", "EUR"),
		chromedp.Click("#edit-save", chromedp.ByQuery),
		s.waitText("#portfolio-list", "EUR"),
		chromedp.Click(".portfolio-edit", chromedp.ByQuery),
		s.waitFor("#edit-dialog"),
		chromedp.Value("#edit-currency", &currency, chromedp.ByQuery),
	)
	if currency != "EUR" {
		t.Errorf("the rename dialog reopens with base currency %q after saving EUR", currency)
	}
	s.run(
		s.page("/portfolios", ".portfolio-link"),
		chromedp.Click(".portfolio-link", chromedp.ByQuery),
		s.waitFor("#add-deposit"),
		chromedp.Click("#add-deposit", chromedp.ByQuery),
		s.waitFor("#tx-amount"),
		setInput("#tx-date", "2012-01-03"),
		setInput("#tx-amount", "1000"),
		chromedp.Click("#tx-save", chromedp.ByQuery),
		chromedp.Click("#tab-transactions", chromedp.ByQuery),
		s.waitFor(".tx-edit"),
		chromedp.Click(".tx-edit", chromedp.ByQuery),
		s.waitFor("#tx-amount"),
		setInput("#tx-amount", "2500"),
		chromedp.Click("#tx-save", chromedp.ByQuery),
		s.waitText("#transactions-table", "2,500.00"),
		chromedp.Click(".tx-edit", chromedp.ByQuery),
		s.waitFor("#tx-amount"),
		chromedp.Value("#tx-amount", &amount, chromedp.ByQuery),
	)
	if amount != "2500" {
		t.Errorf("the deposit's form reopens with amount %q after saving 2500", amount)
	}
}
