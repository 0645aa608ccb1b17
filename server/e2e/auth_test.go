package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestRegisterLoginLogout walks the account flow a newcomer takes. In
// development mode the first account is admin and the UI says so.
func TestRegisterLoginLogout(t *testing.T) {
	s := newSite(t)
	var firstAdmin, who, stored string
	s.run(
		s.page("/register", "#register-form"),
		chromedp.SendKeys("#reg-username", "newcomer", chromedp.ByQuery),
		chromedp.SendKeys("#reg-password", "a long secret phrase", chromedp.ByQuery),
		chromedp.SendKeys("#reg-confirm", "a long secret phrase", chromedp.ByQuery),
		chromedp.Click("#register-submit", chromedp.ByQuery),
		s.waitFor("#register-done"),
		chromedp.Text("#first-admin", &firstAdmin, chromedp.ByQuery),
		s.page("/login", "#login-form"),
		chromedp.SendKeys("#username", "newcomer", chromedp.ByQuery),
		chromedp.SendKeys("#password", "a long secret phrase", chromedp.ByQuery),
		chromedp.Click("#login-submit", chromedp.ByQuery),
		// Signing up already signed in, so the topbar shows Log out on
		// the login page too: wait for the page the login lands on.
		s.waitFor("#create-portfolio"),
		s.waitFor("#logout"),
		chromedp.Text(".whoami", &who, chromedp.ByQuery),
		chromedp.Evaluate(`sessionStorage.getItem("fortfolio.session") || ""`, &stored),
	)
	s.screenshot("after-login")
	if !strings.Contains(firstAdmin, "administrator") {
		t.Errorf("first-admin notice = %q", firstAdmin)
	}
	if who != "newcomer" {
		t.Errorf("signed in as %q", who)
	}
	if !strings.Contains(stored, `"token"`) {
		t.Fatal("the token is not kept in sessionStorage")
	}
	var cookies, after string
	s.run(
		chromedp.Evaluate(`document.cookie`, &cookies),
		chromedp.Click("#logout", chromedp.ByQuery),
		s.waitFor("#login-link"),
		chromedp.Evaluate(`sessionStorage.getItem("fortfolio.session") || ""`, &after),
	)
	if cookies != "" {
		t.Errorf("cookies were set: %q", cookies)
	}
	if after != "" {
		t.Error("the session survived logout")
	}
}

// TestWrongPasswordShowsGenericError checks the login error path.
func TestWrongPasswordShowsGenericError(t *testing.T) {
	s := newSite(t)
	s.allowRefusal(401, "/api/auth/login")
	var msg string
	s.run(
		s.page("/login", "#login-form"),
		chromedp.SendKeys("#username", "ghost", chromedp.ByQuery),
		chromedp.SendKeys("#password", "not the password", chromedp.ByQuery),
		chromedp.Click("#login-submit", chromedp.ByQuery),
		s.waitFor("#login-error"),
		chromedp.Text("#login-error", &msg, chromedp.ByQuery),
	)
	if msg != "Invalid username or password." {
		t.Errorf("error = %q", msg)
	}
}
