package e2e

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/pquerna/otp/totp"

	"github.com/fortfolio/fortfolio/server/auth"
	"github.com/fortfolio/fortfolio/server/config"
	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/server/platform"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// apiCall sends one JSON request to the site outside the browser (another
// device) and returns the status and body.
func (s *site) apiCall(method, path, token string, body any) (int, []byte) {
	s.t.Helper()
	var buf bytes.Buffer
	if body != nil {
		if err := json.NewEncoder(&buf).Encode(body); err != nil {
			s.t.Fatal(err)
		}
	}
	req, err := http.NewRequest(method, s.URL+path, &buf)
	if err != nil {
		s.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set(wire.TokenHeader, token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	var out bytes.Buffer
	_, _ = out.ReadFrom(res.Body)
	return res.StatusCode, out.Bytes()
}

// TestSessionsAndAuthenticator: the account page lists this browser and
// another device's session and ends the other one (its token is refused
// at once); then the user turns the authenticator app on from its QR
// page, signs out, and signs in again in two steps with a recovery code.
func TestSessionsAndAuthenticator(t *testing.T) {
	s := newSite(t)
	const pw = "two steps are better"
	s.seedAdmin(pw, "boss", "otto")
	status, body := s.apiCall("POST", wire.RouteLogin, "", wire.Credentials{Username: "otto", Password: pw})
	var other wire.LoginResponse
	if status != http.StatusOK || json.Unmarshal(body, &other) != nil {
		t.Fatalf("other device's login: %d %s", status, body)
	}
	var rows int
	var secret, qr, ok string
	s.run(
		s.loginTo("/account", "#sessions-table", "otto", pw),
		chromedp.WaitVisible(`.session-row:nth-of-type(2)`, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelectorAll(".session-row").length`, &rows),
		chromedp.Click(`.session-row:not(:has(.session-current)) .session-end`, chromedp.ByQuery),
		s.waitFor("#sessions-ok"),
		chromedp.Text("#sessions-ok", &ok, chromedp.ByQuery),
	)
	if rows != 2 || !strings.Contains(ok, "ended") {
		t.Fatalf("%d session rows, notice %q", rows, ok)
	}
	if status, _ := s.apiCall("GET", wire.RouteMe, other.Token.Token, nil); status != http.StatusUnauthorized {
		t.Fatalf("the ended session's token answered %d", status)
	}
	s.run(
		chromedp.SendKeys("#totp-password", pw, chromedp.ByQuery),
		chromedp.Click("#totp-start", chromedp.ByQuery),
		s.waitFor("#totp-secret"),
		chromedp.Text("#totp-secret", &secret, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector("#totp-qr").src.slice(0, 22) + ":" + document.querySelector("#totp-qr").naturalWidth`, &qr),
	)
	if !strings.HasPrefix(qr, "data:image/png;base64,:") || strings.HasSuffix(qr, ":0") {
		t.Fatalf("QR image %q", qr)
	}
	code, err := totp.GenerateCode(secret, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	s.run(
		chromedp.SendKeys("#totp-code", code, chromedp.ByQuery),
		chromedp.Click("#totp-confirm", chromedp.ByQuery),
		s.waitFor("#recovery-codes"),
		chromedp.Evaluate(`[...document.querySelectorAll("#recovery-codes li")].map(li => li.textContent)`, &codes),
		chromedp.Click("#recovery-done", chromedp.ByQuery),
		s.waitFor("#totp-disable-form"),
		chromedp.Click("#logout", chromedp.ByQuery),
		chromedp.WaitNotPresent("#logout", chromedp.ByQuery),
	)
	if len(codes) != 10 {
		t.Fatalf("%d recovery codes shown", len(codes))
	}
	var who, field string
	s.run(
		s.page("/login?next=/account", "#login-form"),
		chromedp.SendKeys("#username", "otto", chromedp.ByQuery),
		chromedp.SendKeys("#password", pw, chromedp.ByQuery),
		chromedp.Click("#login-submit", chromedp.ByQuery),
		s.waitFor("#mfa-code"),
		chromedp.Evaluate(`document.querySelector("#mfa-code").value`, &field),
		chromedp.SendKeys("#mfa-code", codes[0], chromedp.ByQuery),
		chromedp.Click("#mfa-submit", chromedp.ByQuery),
		s.waitFor(".whoami"),
		chromedp.Text(".whoami", &who, chromedp.ByQuery),
	)
	if field != "" {
		t.Fatalf("the code field starts with %q", field)
	}
	if who != "otto" {
		t.Fatalf("signed in as %q", who)
	}
}

// TestAdminMustEnrol: with --require-mfa-for-admins an admin without a
// second factor is sent to enrol; after setting up the authenticator
// app the admin panel answers.
func TestAdminMustEnrol(t *testing.T) {
	s := newSite(t, func(c *config.Config, _ *platform.Options) { c.RequireMFAForAdmins = true })
	const pw = "policy first always"
	s.seedAdmin(pw, "chief")
	var secret, policy string
	s.run(
		s.loginTo("/admin", "#admin-enrol", "chief", pw),
		chromedp.Click("#admin-enrol a", chromedp.ByQuery),
		s.waitFor("#totp-password"),
		chromedp.Text("#mfa-policy", &policy, chromedp.ByQuery),
		chromedp.SendKeys("#totp-password", pw, chromedp.ByQuery),
		chromedp.Click("#totp-start", chromedp.ByQuery),
		s.waitFor("#totp-secret"),
		chromedp.Text("#totp-secret", &secret, chromedp.ByQuery),
	)
	if !strings.Contains(policy, "requires administrators") {
		t.Fatalf("policy notice %q", policy)
	}
	code, err := totp.GenerateCode(secret, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	s.run(
		chromedp.SendKeys("#totp-code", code, chromedp.ByQuery),
		chromedp.Click("#totp-confirm", chromedp.ByQuery),
		s.waitFor("#recovery-codes"),
		s.page("/admin", "#users-table"),
	)
}

// TestAuthenticatorSetupCancel: Cancel on the QR step returns the panel to
// "Off" without turning anything on, and the server no longer holds the
// pending key; the next set-up makes a new one (a code of the cancelled
// key is refused, one of the new key turns the app on).
func TestAuthenticatorSetupCancel(t *testing.T) {
	s := newSite(t)
	const pw = "changed my mind"
	s.seedAdmin(pw, "boss", "wavering")
	s.allowRefusal(http.StatusBadRequest, wire.RouteTOTPConfirm) // the cancelled key's code
	user, err := s.Platform.Store.UserByUsername(context.Background(), "wavering")
	if err != nil {
		t.Fatal(err)
	}
	var first, state string
	var shown bool
	s.run(
		s.loginTo("/account", "#totp-start-form", "wavering", pw),
		chromedp.SendKeys("#totp-password", pw, chromedp.ByQuery),
		chromedp.Click("#totp-start", chromedp.ByQuery),
		s.waitFor("#totp-secret"),
		chromedp.Text("#totp-secret", &first, chromedp.ByQuery),
		chromedp.Click("#totp-cancel", chromedp.ByQuery),
		s.waitFor("#totp-start-form"),
		chromedp.Text("#totp-state", &state, chromedp.ByQuery),
		chromedp.Evaluate(`!!document.querySelector("#totp-secret, #totp-qr, #recovery-codes")`, &shown),
	)
	if !strings.HasPrefix(state, "Off.") || shown {
		t.Fatalf("after Cancel: state %q, set-up still shown %v", state, shown)
	}
	if st, err := s.Platform.Auth.MFAStatus(context.Background(), user.ID); err != nil || st.TOTP {
		t.Fatalf("after Cancel the server reports TOTP on=%v (err %v)", st.TOTP, err)
	}
	if _, err := s.Platform.Store.TOTPOf(context.Background(), user.ID); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("after Cancel the server still holds a key (err %v)", err)
	}
	var second, refused string
	s.run(
		chromedp.SendKeys("#totp-password", pw, chromedp.ByQuery),
		chromedp.Click("#totp-start", chromedp.ByQuery),
		s.waitFor("#totp-secret"),
		chromedp.Text("#totp-secret", &second, chromedp.ByQuery),
	)
	if second == first {
		t.Fatalf("the new set-up shows the cancelled key %q", first)
	}
	old, err := totp.GenerateCode(first, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	s.run(
		chromedp.SendKeys("#totp-code", old, chromedp.ByQuery),
		chromedp.Click("#totp-confirm", chromedp.ByQuery),
		s.waitFor("#totp-error"),
		chromedp.Text("#totp-error", &refused, chromedp.ByQuery),
	)
	if !strings.Contains(refused, "not correct") {
		t.Fatalf("the cancelled key's code: %q", refused)
	}
	code, err := totp.GenerateCode(second, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	s.run(
		chromedp.Evaluate(`document.querySelector("#totp-code").value = ""`, nil),
		chromedp.SendKeys("#totp-code", code, chromedp.ByQuery),
		chromedp.Click("#totp-confirm", chromedp.ByQuery),
		s.waitFor("#recovery-codes"),
	)
	if st, err := s.Platform.Auth.MFAStatus(context.Background(), user.ID); err != nil || !st.TOTP {
		t.Fatalf("after confirming the new key the server reports TOTP on=%v (err %v)", st.TOTP, err)
	}
}

// TestAuthenticatorSetupExpired: a set-up confirmed more than 15 minutes
// after it started is refused; the panel shows the server's message over
// the start form (no stale QR code or key), and starting again turns the
// app on. The set-up is aged in the accounts database, since moving the
// server's clock would end the browser's session too.
func TestAuthenticatorSetupExpired(t *testing.T) {
	var dataDir string
	s := newSite(t, func(cfg *config.Config, _ *platform.Options) { dataDir = cfg.DataDir })
	const pw = "slow to scan codes"
	s.seedAdmin(pw, "boss", "dawdler")
	s.allowRefusal(http.StatusConflict, wire.RouteTOTPConfirm) // the expired set-up
	user, err := s.Platform.Store.UserByUsername(context.Background(), "dawdler")
	if err != nil {
		t.Fatal(err)
	}
	var first string
	s.run(
		s.loginTo("/account", "#totp-start-form", "dawdler", pw),
		chromedp.SendKeys("#totp-password", pw, chromedp.ByQuery),
		chromedp.Click("#totp-start", chromedp.ByQuery),
		s.waitFor("#totp-secret"),
		chromedp.Text("#totp-secret", &first, chromedp.ByQuery),
	)
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dataDir, "fortfolio.db")+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`UPDATE mfa_totp SET created_at = created_at - ? WHERE user_id = ?`,
		(auth.TOTPSetupLifetime + time.Minute).Milliseconds(), user.ID); err != nil {
		t.Fatal(err)
	}
	code, err := totp.GenerateCode(first, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	var refused string
	var shown bool
	s.run(
		chromedp.SendKeys("#totp-code", code, chromedp.ByQuery),
		chromedp.Click("#totp-confirm", chromedp.ByQuery),
		s.waitFor("#totp-error"),
		s.waitFor("#totp-start-form"),
		chromedp.Text("#totp-error", &refused, chromedp.ByQuery),
		chromedp.Evaluate(`!!document.querySelector("#totp-secret, #totp-qr, #totp-confirm-form")`, &shown),
	)
	if !strings.Contains(refused, "expired") || !strings.Contains(refused, "Start the set-up again") || shown {
		t.Fatalf("after the expired confirm: message %q, set-up still shown %v", refused, shown)
	}
	if _, err := s.Platform.Store.TOTPOf(context.Background(), user.ID); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("the expired key is still stored (err %v)", err)
	}
	var second string
	s.run(
		chromedp.SendKeys("#totp-password", pw, chromedp.ByQuery),
		chromedp.Click("#totp-start", chromedp.ByQuery),
		s.waitFor("#totp-secret"),
		chromedp.Text("#totp-secret", &second, chromedp.ByQuery),
	)
	if second == first {
		t.Fatal("the new set-up shows the expired key")
	}
	code, err = totp.GenerateCode(second, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	s.run(
		chromedp.SendKeys("#totp-code", code, chromedp.ByQuery),
		chromedp.Click("#totp-confirm", chromedp.ByQuery),
		s.waitFor("#recovery-codes"),
	)
	if st, err := s.Platform.Auth.MFAStatus(context.Background(), user.ID); err != nil || !st.TOTP {
		t.Fatalf("after starting again the server reports TOTP on=%v (err %v)", st.TOTP, err)
	}
}
