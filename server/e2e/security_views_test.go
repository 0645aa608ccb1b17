package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestSecurityPageViews: a visitor sees the security facts without
// versions or backup times; an administrator sees the build and modules.
func TestSecurityPageViews(t *testing.T) {
	s := newSite(t)
	var public, publicBuild string
	s.run(
		s.page("/security", "#build-card"),
		chromedp.Text("#live-status", &public, chromedp.ByQuery),
		chromedp.Text("#build-card", &publicBuild, chromedp.ByQuery),
	)
	if !strings.Contains(publicBuild, "administrators only") || strings.Contains(public, "Last successful backup") ||
		strings.Contains(public, "Go\n") || !strings.Contains(public, "chain intact") {
		t.Errorf("public view:\n%s", public)
	}
	const pw = "security views secret 1"
	s.seedAdmin(pw, "warden")
	var admin, adminBuild string
	s.run(
		s.loginTo("/security", "#build-card", "warden", pw),
		chromedp.Text("#live-status", &admin, chromedp.ByQuery),
		chromedp.Text("#build-card", &adminBuild, chromedp.ByQuery),
	)
	s.screenshot("security-admin")
	if !strings.Contains(adminBuild, "Modules") || !strings.Contains(admin, "Last successful backup") ||
		!strings.Contains(admin, "entries, chain intact") {
		t.Errorf("admin view:\n%s", admin)
	}
}
