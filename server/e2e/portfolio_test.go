package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/fortfolio/fortfolio/server/config"
	"github.com/fortfolio/fortfolio/server/platform"
	"github.com/fortfolio/fortfolio/server/store/pgtest"
)

// TestPortfolioFlow: register, log in, create a portfolio, add a buy
// through the form with the ticker autocomplete, see the holding, reload.
func TestPortfolioFlow(t *testing.T) { portfolioFlow(t) }

// TestPortfolioFlowOnPostgres is the same flow on the PostgreSQL backend:
// what a user does in the browser works the same on several nodes' store.
func TestPortfolioFlowOnPostgres(t *testing.T) {
	url := pgtest.URL(t)
	portfolioFlow(t, func(c *config.Config, _ *platform.Options) { c.DatabaseURL = url })
}

// portfolioFlow registers, signs in, creates a portfolio, adds a trade
// (through the ticker suggestions and the inline validation) and finds it
// in the holdings, the transactions and the chart after a reload.
func portfolioFlow(t *testing.T, opts ...siteOption) {
	s := newSite(t, opts...)
	s.run(
		s.page("/register", "#register-form"),
		chromedp.SendKeys("#reg-username", "investor", chromedp.ByQuery),
		chromedp.SendKeys("#reg-password", "a long secret phrase", chromedp.ByQuery),
		chromedp.SendKeys("#reg-confirm", "a long secret phrase", chromedp.ByQuery),
		chromedp.Click("#register-submit", chromedp.ByQuery),
		s.waitFor("#register-done"),
		s.loginTo("/portfolios", "#portfolios-empty", "investor", "a long secret phrase"),
		chromedp.SendKeys("#portfolio-name", "Retirement", chromedp.ByQuery),
		chromedp.Click("#portfolio-create", chromedp.ByQuery),
		s.waitFor(".portfolio-link"),
		chromedp.Click(".portfolio-link", chromedp.ByQuery),
		s.waitFor("#add-tx"),
		chromedp.Click("#add-tx", chromedp.ByQuery),
		s.waitFor("#tx-form"),
		setInput("#tx-date", "2010-01-04"),
		chromedp.SendKeys("#tx-ticker", "appl", chromedp.ByQuery),
		clickWhenShown(`li.suggestion[data-ticker="AAPL"]`),
		chromedp.SendKeys("#tx-quantity", "-5", chromedp.ByQuery),
		s.waitFor("#tx-quantity-error"), // inline validation from shared/validate
		setInput("#tx-quantity", "25"),
		chromedp.SendKeys("#tx-price", "30.57", chromedp.ByQuery),
		chromedp.Click("#tx-save", chromedp.ByQuery),
		s.waitFor(`#holdings-table tr[data-ticker="AAPL"]`),
		s.waitFor("#price-svg"),
	)
	s.screenshot("portfolio-holding")
	var qty, gross, ticker string
	s.run(
		chromedp.Reload(),
		s.waitFor(`#holdings-table tr[data-ticker="AAPL"]`),
		chromedp.Text(`tr[data-ticker="AAPL"] .holding-qty`, &qty, chromedp.ByQuery),
		chromedp.Text("#gross-exposure", &gross, chromedp.ByQuery),
		chromedp.Click("#tab-transactions", chromedp.ByQuery),
		s.waitFor("#transactions-table"),
		chromedp.Text("#transactions-table tbody", &ticker, chromedp.ByQuery),
	)
	if !strings.HasPrefix(qty, "25") || gross == "" || gross == "0.00" || !strings.Contains(ticker, "AAPL") {
		t.Fatalf("after reload: qty %q gross %q transactions %q", qty, gross, ticker)
	}
	var href string
	s.run(chromedp.AttributeValue("#tab-analytics", "href", &href, nil, chromedp.ByQuery))
	if !strings.HasSuffix(href, "/analytics") {
		t.Fatalf("analytics link = %q", href)
	}
}

// TestPortfolioNamesRenderAsText: markup in a name and a note shows as
// text; nothing is injected and no console error appears.
func TestPortfolioNamesRenderAsText(t *testing.T) {
	s := newSite(t)
	if _, _, err := s.Platform.Auth.Register(context.Background(), "127.0.0.1", "mallory", "a long secret phrase"); err != nil {
		t.Fatal(err)
	}
	const name, note = `<img src=x onerror=alert(1)>`, `<script>alert(1)</script>`
	var injected int
	var listText, title, noteText string
	s.run(
		s.loginTo("/portfolios", "#portfolios-empty", "mallory", "a long secret phrase"),
		chromedp.SendKeys("#portfolio-name", name, chromedp.ByQuery),
		chromedp.SendKeys("#portfolio-note", note, chromedp.ByQuery),
		chromedp.Click("#portfolio-create", chromedp.ByQuery),
		s.waitFor(".portfolio-link"),
		chromedp.Evaluate(`document.querySelectorAll("main img, main script").length`, &injected),
		chromedp.Text("#portfolio-list", &listText, chromedp.ByQuery),
		chromedp.Click(".portfolio-link", chromedp.ByQuery),
		s.waitFor("#portfolio-note"),
		chromedp.Text(".portfolio-title", &title, chromedp.ByQuery),
		chromedp.Text("#portfolio-note", &noteText, chromedp.ByQuery),
	)
	if injected != 0 || !strings.Contains(listText, name) || !strings.Contains(listText, note) {
		t.Fatalf("list: injected %d, text %q", injected, listText)
	}
	s.run(chromedp.Evaluate(`document.querySelectorAll("main img, main script").length`, &injected))
	if injected != 0 || title != name || noteText != note {
		t.Fatalf("page: injected %d, title %q, note %q", injected, title, noteText)
	}
}

// TestExamplePortfolioAndDelete: the empty state's example button, then
// delete with the confirmation dialog.
func TestExamplePortfolioAndDelete(t *testing.T) {
	s := newSite(t)
	if _, _, err := s.Platform.Auth.Register(context.Background(), "127.0.0.1", "newbie", "a long secret phrase"); err != nil {
		t.Fatal(err)
	}
	var rows int
	s.run(
		s.loginTo("/portfolios", "#portfolios-empty", "newbie", "a long secret phrase"),
		chromedp.Click("#create-example", chromedp.ByQuery),
		s.waitFor(".portfolio-link"),
		chromedp.Click(".portfolio-link", chromedp.ByQuery),
		s.waitFor(`#holdings-table tr[data-ticker="MSFT"]`),
		chromedp.Evaluate(`document.querySelectorAll("#holdings-table tbody tr").length`, &rows),
	)
	s.screenshot("example-portfolio")
	if rows != 9 {
		t.Fatalf("example shows %d holdings, want 9", rows)
	}
	s.run(
		s.page("/portfolios", ".portfolio-delete"),
		chromedp.Click(".portfolio-delete", chromedp.ByQuery),
		s.waitFor("#delete-dialog"),
		chromedp.Click("#delete-confirm", chromedp.ByQuery),
		s.waitFor("#portfolios-empty"),
	)
}
