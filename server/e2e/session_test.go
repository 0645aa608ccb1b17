package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestSessionEnded: a dead token (here replaced with garbage, as after
// expiry or revocation) sends the user from /portfolios to the login page
// with a notice, and logging in again returns them to /portfolios.
func TestSessionEnded(t *testing.T) {
	s := newSite(t)
	const pw = "session ends secret 1"
	s.seedAdmin(pw, "boss", "sleepy")
	s.allowRefusal(401, "/api/portfolios") // the garbage token
	user, err := s.Platform.Store.UserByUsername(context.Background(), "sleepy")
	if err != nil {
		t.Fatal(err)
	}
	var info, path, search, stored, who string
	s.run(
		s.loginTo("/portfolios", "#create-portfolio", "sleepy", pw),
		chromedp.Evaluate(`(() => {
			const s = JSON.parse(sessionStorage.getItem("fortfolio.session"));
			s.token = "eyJhbGciOiJIUzI1NiJ9.garbage.garbage";
			sessionStorage.setItem("fortfolio.session", JSON.stringify(s));
			return true;
		})()`, nil),
		s.page("/portfolios", "#login-info"),
		chromedp.Text("#login-info", &info, chromedp.ByQuery),
		chromedp.Evaluate(`location.pathname`, &path),
		chromedp.Evaluate(`location.search`, &search),
		chromedp.Evaluate(`sessionStorage.getItem("fortfolio.session") || ""`, &stored),
	)
	s.screenshot("session-ended")
	if path != "/login" || !strings.Contains(search, "next=%2Fportfolios") {
		t.Fatalf("dead session on /portfolios ended on %s%s", path, search)
	}
	if !strings.Contains(info, "Your session has ended") {
		t.Fatalf("login notice %q", info)
	}
	if stored != "" {
		t.Fatalf("the dead token was kept: %q", stored)
	}
	s.run(
		chromedp.SendKeys("#username", "sleepy", chromedp.ByQuery),
		chromedp.SendKeys("#password", pw, chromedp.ByQuery),
		chromedp.Click("#login-submit", chromedp.ByQuery),
		s.waitFor("#create-portfolio"),
		chromedp.Evaluate(`location.pathname`, &path),
		chromedp.Text(".whoami", &who, chromedp.ByQuery),
	)
	if path != "/portfolios" || who != user.Username {
		t.Fatalf("after logging in again: %s as %q", path, who)
	}
}
