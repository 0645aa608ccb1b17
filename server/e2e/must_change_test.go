package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// apiStatusJS calls GET path with the tab's token and returns
// "status code" (e.g. "403 must_change_password").
const apiStatusJS = `(async () => {
	const s = JSON.parse(sessionStorage.getItem("fortfolio.session") || "{}");
	const r = await fetch(%q, {headers: {"x-token": s.token || ""}});
	let code = "";
	try { code = (await r.json()).code || ""; } catch (e) {}
	return r.status + " " + code;
})()`

// TestMustChangePassword: an admin resets a password, the user logs in
// with the temporary one, is kept on /account until they choose their own,
// then reaches their portfolios.
func TestMustChangePassword(t *testing.T) {
	s := newSite(t)
	const pw = "must change secret 1"
	s.seedAdmin(pw, "boss", "forgetful")
	s.allowRefusal(403, "/api/portfolios") // the API probe with the temporary password
	var temp string
	s.run(
		s.loginTo("/admin", "#users-table", "boss", pw),
		s.confirmAction("#reset-forgetful", "#temp-password"),
		chromedp.Text("#temp-password", &temp, chromedp.ByQuery),
		chromedp.Click("#temp-done", chromedp.ByQuery),
		chromedp.WaitNotPresent("#temp-dialog", chromedp.ByQuery),
		chromedp.Click("#logout", chromedp.ByQuery),
		s.waitFor("#login-link"),
	)
	if len(temp) < 16 {
		t.Fatalf("temporary password %q", temp)
	}
	var notice, path, api string
	s.run(
		s.loginTo("/portfolios", "#must-change", "forgetful", temp),
		chromedp.Text("#must-change", &notice, chromedp.ByQuery),
		chromedp.Evaluate(`location.pathname`, &path),
		chromedp.Evaluate(fmt.Sprintf(apiStatusJS, "/api/portfolios"), &api, awaitPromise),
	)
	s.screenshot("must-change-account")
	if path != "/account" || !strings.Contains(notice, "Choose a new one") {
		t.Fatalf("after login with a temporary password: path %q, notice %q", path, notice)
	}
	if api != "403 must_change_password" {
		t.Fatalf("GET /api/portfolios with a temporary password: %q", api)
	}
	// Any other page sends them back to the account page.
	for _, other := range []string{"/portfolios", "/portfolios/abc/analytics", "/admin"} {
		s.run(
			s.page(other, "#must-change"),
			chromedp.Evaluate(`location.pathname`, &path),
		)
		if path != "/account" {
			t.Fatalf("%s with a temporary password ended on %q", other, path)
		}
	}
	const mine = "my very own phrase 7"
	var ok string
	s.run(
		chromedp.SendKeys("#cur-password", temp, chromedp.ByQuery),
		chromedp.SendKeys("#new-password", mine, chromedp.ByQuery),
		chromedp.SendKeys("#new-confirm", mine, chromedp.ByQuery),
		chromedp.Click("#password-submit", chromedp.ByQuery),
		s.waitFor("#password-ok"),
		chromedp.Text("#password-ok", &ok, chromedp.ByQuery),
		chromedp.WaitNotPresent("#must-change", chromedp.ByQuery),
		s.page("/portfolios", "#create-portfolio"),
		chromedp.Evaluate(`location.pathname`, &path),
		chromedp.Evaluate(fmt.Sprintf(apiStatusJS, "/api/portfolios"), &api, awaitPromise),
	)
	if path != "/portfolios" || api != "200 " {
		t.Fatalf("after the change: path %q, API %q", path, api)
	}
	if !strings.Contains(ok, "password was changed") {
		t.Errorf("change notice %q", ok)
	}
}
