package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestOfflineShowsLastLoadedData: a signed-in user who loaded their
// portfolios still sees them, with an offline notice, after the server is
// gone and the page is reloaded.
func TestOfflineShowsLastLoadedData(t *testing.T) {
	s := newSite(t)
	s.seedAdmin("offline password 1", "traveller")
	var name, banner string
	s.run(
		s.loginTo("/portfolios", "#create-portfolio", "traveller", "offline password 1"),
		chromedp.SendKeys("#portfolio-name", "Travel fund", chromedp.ByQuery),
		chromedp.Click("#portfolio-create", chromedp.ByQuery),
		s.waitFor(".portfolio-link"),
		s.page("/portfolios", ".portfolio-link"),
	)
	s.goOffline()
	s.run(
		chromedp.Reload(),
		s.waitFor("#offline-banner"),
		s.waitFor(".portfolio-link"),
		chromedp.Text(".portfolio-link", &name, chromedp.ByQuery),
		chromedp.Text("#offline-banner", &banner, chromedp.ByQuery),
	)
	s.screenshot("offline")
	if name != "Travel fund" {
		t.Errorf("offline list shows %q", name)
	}
	if !strings.Contains(banner, "Offline") {
		t.Errorf("banner = %q", banner)
	}
}
