package api_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/server/config"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// TestEmailChangeNeedsCurrentPassword: a session alone cannot redirect
// the account's security notices.
func TestEmailChangeNeedsCurrentPassword(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	tok, _ := ts.registerAndLogin("mailbox", adminPassword)
	ts.runScenarios(t, []scenario{
		{name: "set", method: "PUT", path: "/api/me/email", token: tok,
			body: wire.EmailChange{Email: "old@example.com", CurrentPassword: adminPassword}, wantStatus: http.StatusOK},
		{name: "no password", method: "PUT", path: "/api/me/email", token: tok,
			body: `{"email":"thief@example.com"}`, wantStatus: http.StatusBadRequest, want: []string{`"code":"wrong_password"`}},
		{name: "wrong password", method: "PUT", path: "/api/me/email", token: tok,
			body: wire.EmailChange{Email: "thief@example.com", CurrentPassword: "not the password"}, wantStatus: http.StatusBadRequest,
			want: []string{`"code":"wrong_password"`}, notWant: []string{"thief"}},
		{name: "wrong password cannot remove", method: "PUT", path: "/api/me/email", token: tok,
			body: wire.EmailChange{Email: "", CurrentPassword: "not the password"}, wantStatus: http.StatusBadRequest},
		{name: "unchanged", method: "GET", path: "/api/me", token: tok, wantStatus: http.StatusOK,
			want: []string{`"email":"old@example.com"`}, notWant: []string{"thief"}},
	})
}

// TestEmailChangeNoticeGoesToOldAddress: the old address hears of a
// change or removal; the new one is not told about the old.
func TestEmailChangeNoticeGoesToOldAddress(t *testing.T) {
	t.Parallel()
	addr, got := smtpSink(t)
	f := newAdminFixture(t, testOptions{smtp: config.SMTP{Addr: addr, From: "noreply@fortfolio.test"}})
	change := func(email string) {
		t.Helper()
		expect(t, f.do("PUT", "/api/me/email", f.userTok, wire.EmailChange{Email: email, CurrentPassword: adminPassword}), http.StatusOK)
	}
	next := func(what string) string {
		t.Helper()
		select {
		case m := <-got:
			return m
		case <-time.After(10 * time.Second):
			t.Fatalf("no e-mail for %s", what)
			return ""
		}
	}
	change("first@example.com")
	change("second@example.com")
	m := next("the change")
	if !strings.Contains(m, "RCPT TO:<first@example.com>") || strings.Contains(m, "second@example.com") ||
		!strings.Contains(m, "Subject: The e-mail address of your Fortfolio account was changed") || !strings.Contains(m, "was changed on") {
		t.Fatalf("change notice %q", m)
	}
	change("")
	m = next("the removal")
	if !strings.Contains(m, "RCPT TO:<second@example.com>") || !strings.Contains(m, "was removed on") {
		t.Fatalf("removal notice %q", m)
	}
	select {
	case m := <-got:
		t.Fatalf("unexpected e-mail %q", m)
	case <-time.After(200 * time.Millisecond):
	}
}
