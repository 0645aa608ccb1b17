package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/fortfolio/fortfolio/server/auth"
)

// TestKnownDeviceLogsInDuringAttack: a browser that signed in before keeps
// its device token in localStorage and still signs in while the account is
// under attack from elsewhere; the login page reports the failed attempts.
// Without the token the same browser is told why it must wait.
func TestKnownDeviceLogsInDuringAttack(t *testing.T) {
	s := newSite(t)
	const pw = "lantern harbour seventeen"
	s.seedAdmin(pw, "owner")
	var devices string
	s.run(
		s.loginTo("/portfolios", "#logout", "owner", pw),
		chromedp.Evaluate(`localStorage.getItem("fortfolio.devices") || ""`, &devices),
		chromedp.Click("#logout", chromedp.ByQuery),
		s.waitFor("#login-link"),
	)
	if !strings.Contains(devices, `"owner":`) {
		t.Fatalf("no device token in localStorage after login: %q", devices)
	}
	for i := 0; i < 8; i++ {
		ip := fmt.Sprintf("203.0.113.%d", i+1)
		if _, err := s.Platform.Auth.Login(context.Background(), auth.Attempt{IP: ip, Username: "owner", Password: "guess number " + ip}); err == nil {
			t.Fatal("a wrong password logged in")
		}
	}
	var notice string
	s.run(
		s.page("/login", "#login-form"),
		chromedp.SendKeys("#username", "owner", chromedp.ByQuery),
		chromedp.SendKeys("#password", pw, chromedp.ByQuery),
		chromedp.Click("#login-submit", chromedp.ByQuery),
		s.waitFor("#login-failed-count"),
		chromedp.Text("#login-failed-count", &notice, chromedp.ByQuery),
	)
	s.screenshot("login-failed-attempts")
	if !strings.Contains(notice, "8 failed sign-in attempts") {
		t.Fatalf("failed-attempts notice = %q", notice)
	}
	s.allowRefusal(429, "/api/auth/login") // from here on, the browser without its device token
	var limited string
	s.run(
		chromedp.Click("#login-continue", chromedp.ByQuery),
		s.waitFor("#logout"),
		chromedp.Click("#logout", chromedp.ByQuery),
		s.waitFor("#login-link"),
		chromedp.Evaluate(`localStorage.removeItem("fortfolio.devices")`, nil),
		s.page("/login", "#login-form"),
		chromedp.SendKeys("#username", "owner", chromedp.ByQuery),
		chromedp.SendKeys("#password", pw, chromedp.ByQuery),
		chromedp.Click("#login-submit", chromedp.ByQuery),
		s.waitFor("#login-limited"),
		chromedp.Text("#login-limited", &limited, chromedp.ByQuery),
	)
	s.screenshot("login-paused-untrusted")
	if !strings.Contains(limited, "signed in with before") {
		t.Fatalf("429 message = %q", limited)
	}
}
