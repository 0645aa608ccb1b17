//go:build !js

package ui

import (
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// TestLoginFailedAttemptsNotice: after a login with failed attempts the
// page shows how many before the user goes on.
func TestLoginFailedAttemptsNotice(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		failed int
		want   string
	}{
		{1, "There was 1 failed sign-in attempt on your account since your last login."},
		{7, "There were 7 failed sign-in attempts on your account since your last login."},
	} {
		p := load(t, &loginPage{failed: tt.failed, next: "/portfolios"})
		html := app.HTMLString(p)
		for _, want := range []string{`id="login-failed-count"`, tt.want, `id="login-continue"`, `href="/account"`} {
			if !strings.Contains(html, want) {
				t.Errorf("%d attempts: page lacks %q:\n%s", tt.failed, want, html)
			}
		}
		if strings.Contains(html, `id="login-form"`) {
			t.Errorf("%d attempts: the form is still shown", tt.failed)
		}
	}
}

// TestLoginLimitedMessage: a 429 is shown as a notice of its own, with
// the server's explanation.
func TestLoginLimitedMessage(t *testing.T) {
	t.Parallel()
	msg := "Sign-ins to this account from browsers it has not been used with are paused."
	html := app.HTMLString(load(t, &loginPage{err: msg, limited: true}))
	if !strings.Contains(html, `id="login-limited"`) || !strings.Contains(html, msg) || strings.Contains(html, `id="login-error"`) {
		t.Fatalf("limited login page:\n%s", html)
	}
}
