package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestEditAgainShowsSavedValues: a portfolio's base currency and a
// deposit's amount, once saved, are what the next Edit opens with, so a
// second save cannot put the old value back.
func TestEditAgainShowsSavedValues(t *testing.T) {
	s := newSite(t)
	const pw = "a long secret phrase"
	s.seedAdmin(pw, "editor")
	var currency, amount, href string
	s.run(
		s.loginTo("/portfolios", "#portfolios-empty", "editor", pw),
		chromedp.SendKeys("#portfolio-name", "Savings", chromedp.ByQuery),
		clickWhenShown("#portfolio-create"),
		s.waitFor(".portfolio-edit"),
		clickWhenShown(".portfolio-edit"),
		s.waitFor("#edit-dialog"),
		setInput("#edit-currency", "EUR"),
		clickWhenShown("#edit-save"),
		s.waitText("#portfolio-list", "EUR"),
		clickWhenShown(".portfolio-edit"),
		s.waitFor("#edit-dialog"),
		chromedp.Value("#edit-currency", &currency, chromedp.ByQuery),
		chromedp.AttributeValue(".portfolio-link", "href", &href, nil, chromedp.ByQuery),
	)
	if currency != "EUR" {
		t.Errorf("the rename dialog reopens with base currency %q after saving EUR", currency)
	}
	s.run(
		s.page(href, "#add-deposit"),
		clickWhenShown("#add-deposit"),
		s.waitFor("#tx-amount"),
		setInput("#tx-date", "2012-01-03"),
		setInput("#tx-amount", "1000"),
		clickWhenShown("#tx-save"),
		clickWhenShown("#tab-transactions"),
		s.waitFor(".tx-edit"),
		clickWhenShown(".tx-edit"),
		s.waitFor("#tx-amount"),
		setInput("#tx-amount", "2500"),
		clickWhenShown("#tx-save"),
		s.waitText("#transactions-table", "2,500.00"),
		clickWhenShown(".tx-edit"),
		s.waitFor("#tx-amount"),
		chromedp.Value("#tx-amount", &amount, chromedp.ByQuery),
	)
	if amount != "2500" {
		t.Errorf("the deposit's form reopens with amount %q after saving 2500", amount)
	}
}
