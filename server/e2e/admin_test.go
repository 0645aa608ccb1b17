package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/fortfolio/fortfolio/server/audit"
	"github.com/fortfolio/fortfolio/server/auth"
)

// xssPayload is stored in an audit detail; it must render as text.
const xssPayload = `<img src=x onerror=alert(1)>`

// seedAdmin registers the admin (first account in dev mode) and a user.
func (s *site) seedAdmin(password string, users ...string) {
	s.t.Helper()
	for _, name := range users {
		if _, _, err := s.Platform.Auth.Register(context.Background(), "127.0.0.1", name, password); err != nil {
			s.t.Fatal(err)
		}
	}
}

// loginTo signs in through the login form and lands on next.
func (s *site) loginTo(next, ready, username, password string) chromedp.Action {
	return chromedp.Tasks{
		s.page("/login?next="+next, "#login-form"),
		chromedp.SendKeys("#username", username, chromedp.ByQuery),
		chromedp.SendKeys("#password", password, chromedp.ByQuery),
		chromedp.Click("#login-submit", chromedp.ByQuery),
		s.waitFor(ready),
	}
}

// confirmAction clicks a button and confirms the dialog it opens.
func (s *site) confirmAction(button, ready string) chromedp.Action {
	return chromedp.Tasks{
		chromedp.Click(button, chromedp.ByQuery),
		s.waitFor("#confirm-yes"),
		chromedp.Click("#confirm-yes", chromedp.ByQuery),
		chromedp.WaitNotPresent("#confirm-dialog", chromedp.ByQuery),
		s.waitFor(ready),
	}
}

func TestAdminPanel(t *testing.T) {
	s := newSite(t)
	const pw = "admin panel secret 1"
	s.seedAdmin(pw, "boss", "victim")
	var rows, status string
	s.run(
		s.loginTo("/admin", "#users-table", "boss", pw),
		chromedp.Text("#users-table", &rows, chromedp.ByQuery),
		s.confirmAction("#lock-victim", "#unlock-victim"),
		chromedp.Text(`tr[data-username="victim"] .user-status`, &status, chromedp.ByQuery),
	)
	s.screenshot("admin-users-locked")
	if !strings.Contains(rows, "boss") || !strings.Contains(rows, "victim") {
		t.Fatalf("users table: %q", rows)
	}
	if status != "Locked by admin" {
		t.Fatalf("status after lock: %q", status)
	}
	if _, err := s.Platform.Auth.Login(context.Background(), auth.Attempt{IP: "127.0.0.1", Username: "victim", Password: pw}); err == nil {
		t.Fatal("locked user logged in")
	}
	var temp string
	s.run(
		s.confirmAction("#unlock-victim", "#lock-victim"),
		s.confirmAction("#reset-victim", "#temp-password"),
		chromedp.Text("#temp-password", &temp, chromedp.ByQuery),
	)
	s.screenshot("admin-temp-password")
	res, err := s.Platform.Auth.Login(context.Background(), auth.Attempt{IP: "127.0.0.1", Username: "victim", Password: temp})
	if err != nil || !res.User.MustChangePassword {
		t.Fatalf("temporary password %q: %v must change %v", temp, err, res.User.MustChangePassword)
	}
	s.checkAuditTab()
	s.checkOtherTabs()
}

// checkAuditTab shows the audit log with an XSS payload in a detail.
func (s *site) checkAuditTab() {
	err := s.Platform.Audit.Append(context.Background(), audit.Entry{Actor: "system", Action: audit.ActionPortfolioCreate,
		Target: "p1", Details: map[string]string{"name": xssPayload}})
	if err != nil {
		s.t.Fatal(err)
	}
	var table, badge string
	var imgs int
	s.run(
		chromedp.Click("#temp-done", chromedp.ByQuery),
		chromedp.WaitNotPresent("#temp-dialog", chromedp.ByQuery),
		chromedp.Click("#tab-audit", chromedp.ByQuery),
		s.waitFor("#audit-table"),
		s.waitFor("#audit-verify"),
		chromedp.Text("#audit-table", &table, chromedp.ByQuery),
		chromedp.Text("#audit-verify", &badge, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelectorAll("#admin-audit img, #admin-audit script").length`, &imgs),
	)
	s.screenshot("admin-audit")
	for _, want := range []string{"admin.user.lock", "admin.user.unlock", "admin.user.reset_password", "name=" + xssPayload} {
		if !strings.Contains(table, want) {
			s.t.Errorf("audit table lacks %q", want)
		}
	}
	if imgs != 0 {
		s.t.Fatalf("audit details were rendered as HTML (%d elements)", imgs)
	}
	if !strings.HasPrefix(badge, "Chain verified") {
		s.t.Fatalf("verify badge: %q", badge)
	}
	var filtered string
	s.run(
		chromedp.SendKeys("#audit-action", "admin.user.lock", chromedp.ByQuery),
		chromedp.Click("#audit-apply", chromedp.ByQuery),
		pollPage(`document.querySelectorAll("#audit-table .audit-row").length === 1`),
		chromedp.Text("#audit-table .audit-action", &filtered, chromedp.ByQuery),
	)
	if filtered != "admin.user.lock" {
		s.t.Fatalf("filtered audit: %q", filtered)
	}
}

// checkOtherTabs opens security events and takes a backup.
func (s *site) checkOtherTabs() {
	var events, backup string
	s.run(
		chromedp.Click("#tab-events", chromedp.ByQuery),
		s.waitFor("#event-counts"),
		chromedp.Text("#event-counts", &events, chromedp.ByQuery),
		chromedp.Click("#tab-backups", chromedp.ByQuery),
		s.waitFor("#backups-none"),
		chromedp.Click("#backup-now", chromedp.ByQuery),
		s.waitFor(".backup-row"),
		chromedp.Text("#backup-ok", &backup, chromedp.ByQuery),
	)
	s.screenshot("admin-backups")
	if !strings.Contains(events, "login_failure") {
		s.t.Errorf("event counts: %q", events)
	}
	if !strings.Contains(backup, "backup-") {
		s.t.Errorf("backup notice: %q", backup)
	}
}

// TestAdminPanelRefusesUsers shows a non-admin a refusal; the API's own
// 403s are covered by the API tests.
func TestAdminPanelRefusesUsers(t *testing.T) {
	s := newSite(t)
	const pw = "admin panel secret 1"
	s.seedAdmin(pw, "boss", "mallory")
	var msg string
	s.run(
		s.loginTo("/admin", "#admin-denied", "mallory", pw),
		chromedp.Text("#admin-denied", &msg, chromedp.ByQuery),
	)
	if !strings.Contains(msg, "administrators only") {
		t.Fatalf("denied message: %q", msg)
	}
}
