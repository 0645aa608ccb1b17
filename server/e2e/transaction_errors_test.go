package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestTransactionServerFieldErrors: rules only the server can check (the
// ticker is in the market data, the date is not before it starts) come
// back as per-field messages shown under their own fields.
func TestTransactionServerFieldErrors(t *testing.T) {
	s := newSite(t)
	s.allowRefusal(400, "/api/portfolios/*/transactions") // the server-side field checks
	const pw = "a long secret phrase"
	u, _, err := s.Platform.Auth.Register(context.Background(), "127.0.0.1", "trader", pw)
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.Platform.Store.CreatePortfolio(context.Background(), u.ID, "Trading", "", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	var tickerErr, combined string
	s.run(
		s.loginTo("/portfolios/"+p.ID, "#add-tx", "trader", pw),
		chromedp.Click("#add-tx", chromedp.ByQuery),
		s.waitFor("#tx-form"),
		setInput("#tx-date", "2010-01-04"),
		setInput("#tx-ticker", "ZZZZ"),
		setInput("#tx-quantity", "10"),
		setInput("#tx-price", "20"),
		chromedp.Click("#tx-save", chromedp.ByQuery),
		s.waitFor("#tx-ticker-error"),
		chromedp.Text("#tx-ticker-error", &tickerErr, chromedp.ByQuery),
		chromedp.Evaluate(`(document.querySelector("#tx-error") || {textContent: ""}).textContent`, &combined),
	)
	s.screenshot("transaction-server-field-error")
	if !strings.Contains(tickerErr, "not in the market data") || combined != "" {
		t.Fatalf("ticker error %q, combined line %q", tickerErr, combined)
	}
	var dateErr string
	var others int
	s.run(
		setInput("#tx-ticker", "AAPL"),
		chromedp.WaitNotPresent("#tx-ticker-error", chromedp.ByQuery),
		setInput("#tx-date", "2005-06-01"),
		chromedp.Click("#tx-save", chromedp.ByQuery),
		s.waitFor("#tx-date-error"),
		chromedp.Text("#tx-date-error", &dateErr, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelectorAll("#tx-form .field-error, #tx-error").length`, &others),
	)
	if !strings.Contains(dateErr, "market data starts") || others != 1 {
		t.Fatalf("date error %q with %d messages in the form", dateErr, others)
	}
	s.run(
		setInput("#tx-date", "2010-01-04"),
		chromedp.WaitNotPresent("#tx-date-error", chromedp.ByQuery),
		chromedp.Click("#tx-save", chromedp.ByQuery),
		s.waitFor(`#holdings-table tr[data-ticker="AAPL"]`),
	)
}
