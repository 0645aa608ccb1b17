package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestCashCurrencyAndMWRFlow: create a EUR portfolio with the currency
// picker, deposit USD with the Deposit form, buy MSFT with the
// transaction form, see the cash balance and the base currency on the
// portfolio page, then TWR and MWR side by side on the analytics page and
// stress results that say they leave the cash out.
func TestCashCurrencyAndMWRFlow(t *testing.T) {
	s := newSite(t)
	if _, _, err := s.Platform.Auth.Register(context.Background(), "127.0.0.1", "eva", "a long secret phrase"); err != nil {
		t.Fatal(err)
	}
	var card, currency, cash, twr, mwr, why, stress string
	s.run(
		s.loginTo("/portfolios", "#portfolios-empty", "eva", "a long secret phrase"),
		chromedp.SendKeys("#portfolio-name", "Euro account", chromedp.ByQuery),
		setInput("#portfolio-currency", "EUR"),
		chromedp.Click("#portfolio-create", chromedp.ByQuery),
		s.waitFor(".portfolio-link"),
		chromedp.Text("#portfolio-list", &card, chromedp.ByQuery),
		chromedp.Click(".portfolio-link", chromedp.ByQuery),
		s.waitFor("#add-deposit"),
		chromedp.Click("#add-deposit", chromedp.ByQuery),
		s.waitFor("#tx-amount"),
		setInput("#tx-date", "2014-01-02"),
		setInput("#tx-amount", "5000"),
		setInput("#tx-currency", "USD"),
		chromedp.Click("#tx-save", chromedp.ByQuery),
		chromedp.WaitNotPresent("#tx-form", chromedp.ByQuery),
		s.waitFor("#cash-table"),
		chromedp.Click("#add-tx", chromedp.ByQuery),
		s.waitFor("#tx-quantity"),
		setInput("#tx-date", "2014-01-02"),
		setInput("#tx-ticker", "MSFT"),
		setInput("#tx-quantity", "100"),
		setInput("#tx-price", "37.16"),
		chromedp.Click("#tx-save", chromedp.ByQuery),
		chromedp.WaitNotPresent("#tx-form", chromedp.ByQuery),
		s.waitFor(`#holdings-table tr[data-ticker="MSFT"]`),
		chromedp.Text("#portfolio-currency", &currency, chromedp.ByQuery),
		chromedp.Text("#cash-table", &cash, chromedp.ByQuery),
		chromedp.Click("#tab-analytics", chromedp.ByQuery),
		s.waitFor("#mwr"),
		chromedp.Text("#twr", &twr, chromedp.ByQuery),
		chromedp.Text("#mwr", &mwr, chromedp.ByQuery),
		chromedp.Text("#returns-why", &why, chromedp.ByQuery),
		chromedp.Click("#stress-run", chromedp.ByQuery),
		s.waitFor("#stress-cash"),
		chromedp.Text("#stress-cash", &stress, chromedp.ByQuery),
	)
	s.screenshot("cash-mwr")
	if !strings.Contains(card, "EUR") || !strings.Contains(currency, "EUR") {
		t.Fatalf("base currency not shown: card %q, page %q", card, currency)
	}
	// 5000 deposited, 100 x 37.16 spent: 1284 USD left.
	if !strings.Contains(cash, "USD") || !strings.Contains(cash, "1,284") {
		t.Fatalf("cash table %q", cash)
	}
	if !strings.Contains(twr, "%") || !strings.Contains(mwr, "%") || !strings.Contains(mwr, "a year") ||
		!strings.Contains(why, "deposits and withdrawals") {
		t.Fatalf("returns: TWR %q MWR %q why %q", twr, mwr, why)
	}
	if !strings.Contains(stress, "securities only") {
		t.Fatalf("stress cash note %q", stress)
	}
}
