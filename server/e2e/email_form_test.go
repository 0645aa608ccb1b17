package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestEmailFormNeedsPassword: the Account page asks for the current
// password before it saves a notice address, and says when it is wrong.
func TestEmailFormNeedsPassword(t *testing.T) {
	s := newSite(t)
	const pw = "e-mail form secret 1"
	s.seedAdmin(pw, "mailer")
	s.allowRefusal(400, "/api/me/email") // the wrong current password
	var wrong, ok, cleared string
	s.run(
		s.loginTo("/account", "#email-form", "mailer", pw),
		s.waitFor("#email-input"),
		// The form loads the saved address first and would overwrite what was typed before.
		pollPage(`document.querySelector("#email-server-state").textContent !== "Loading…"`),
		chromedp.SendKeys("#email-input", "me@example.com", chromedp.ByQuery),
		chromedp.SendKeys("#email-password", "not my password", chromedp.ByQuery),
		chromedp.Click("#email-submit", chromedp.ByQuery),
		s.waitFor("#email-error"),
		chromedp.Text("#email-error", &wrong, chromedp.ByQuery),
		setInput("#email-password", pw),
		chromedp.Click("#email-submit", chromedp.ByQuery),
		s.waitFor("#email-ok"),
		chromedp.Text("#email-ok", &ok, chromedp.ByQuery),
		chromedp.Value("#email-password", &cleared, chromedp.ByQuery),
	)
	if !strings.Contains(wrong, "current password is not correct") {
		t.Errorf("wrong password: error %q", wrong)
	}
	if !strings.Contains(ok, "me@example.com") {
		t.Errorf("after saving: %q", ok)
	}
	if cleared != "" {
		t.Error("the password field kept the password after saving")
	}
}
