package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestWeakPasswordRefusals: the register and change-password forms show
// the server's refusal of a common or name-based password in words.
func TestWeakPasswordRefusals(t *testing.T) {
	s := newSite(t)
	s.allowRefusal(400, "/api/auth/register") // the refused passwords
	s.allowRefusal(400, "/api/auth/change-password")
	var common, named string
	s.run(
		s.page("/register", "#register-form"),
		chromedp.SendKeys("#reg-username", "weakling", chromedp.ByQuery),
		chromedp.SendKeys("#reg-password", "Summer2024!", chromedp.ByQuery),
		chromedp.SendKeys("#reg-confirm", "Summer2024!", chromedp.ByQuery),
		chromedp.Click("#register-submit", chromedp.ByQuery),
		s.waitFor("#register-error"),
		chromedp.Text("#register-error", &common, chromedp.ByQuery),
		s.page("/register", "#register-form"),
		chromedp.SendKeys("#reg-username", "weakling", chromedp.ByQuery),
		chromedp.SendKeys("#reg-password", "weakling-2024", chromedp.ByQuery),
		chromedp.SendKeys("#reg-confirm", "weakling-2024", chromedp.ByQuery),
		chromedp.Click("#register-submit", chromedp.ByQuery),
		s.waitFor("#register-error"),
		chromedp.Text("#register-error", &named, chromedp.ByQuery),
	)
	if !strings.Contains(common, "too common") {
		t.Errorf("register with Summer2024!: error %q", common)
	}
	if !strings.Contains(named, "username") {
		t.Errorf("register with the username in the password: error %q", named)
	}
	const pw = "weak password tester 1"
	s.seedAdmin(pw, "keeper")
	var changed string
	s.run(
		s.loginTo("/account", "#password-form", "keeper", pw),
		chromedp.SendKeys("#cur-password", pw, chromedp.ByQuery),
		chromedp.SendKeys("#new-password", "Passw0rd!", chromedp.ByQuery),
		chromedp.SendKeys("#new-confirm", "Passw0rd!", chromedp.ByQuery),
		chromedp.Click("#password-submit", chromedp.ByQuery),
		s.waitFor("#password-error"),
		chromedp.Text("#password-error", &changed, chromedp.ByQuery),
	)
	s.screenshot("change-password-common")
	if !strings.Contains(changed, "too common") {
		t.Errorf("change password to Passw0rd!: error %q", changed)
	}
}
