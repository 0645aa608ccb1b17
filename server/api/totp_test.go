package api_test

import (
	"bytes"
	"encoding/base64"
	"image/png"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/fortfolio/fortfolio/server/ratelimit"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// fakeClock is a settable clock for the server under test.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{t: time.Now().UTC()} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// totpUser is an account with the authenticator app on.
type totpUser struct {
	ts       *testServer
	clock    *fakeClock
	name     string
	token    string
	secret   string
	recovery []string
}

// code is the current TOTP code of the user's secret.
func (u *totpUser) code(t *testing.T) string {
	t.Helper()
	c, err := totp.GenerateCode(u.secret, u.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// nextStep moves the clock to the next 30-second step.
func (u *totpUser) nextStep() { u.clock.Add(30 * time.Second) }

// enrolTOTP registers name and turns the authenticator on.
func enrolTOTP(t *testing.T, ts *testServer, clock *fakeClock, name string) *totpUser {
	t.Helper()
	tok, _ := ts.registerAndLogin(name, goodPassword)
	u := &totpUser{ts: ts, clock: clock, name: name, token: tok}
	r := ts.do("POST", wire.RouteTOTPSetup, tok, wire.PasswordConfirm{CurrentPassword: goodPassword})
	expect(t, r, http.StatusOK)
	var setup wire.TOTPSetup
	decode(t, r, &setup)
	u.secret = setup.Secret
	r = ts.do("POST", wire.RouteTOTPConfirm, tok, wire.TOTPCode{Code: u.code(t)})
	expect(t, r, http.StatusOK)
	var rc wire.RecoveryCodes
	decode(t, r, &rc)
	u.recovery = rc.Codes
	return u
}

// passwordStep logs in with the password and returns the mfa_token.
func (u *totpUser) passwordStep(t *testing.T) string {
	t.Helper()
	r := u.ts.do("POST", wire.RouteLogin, "", wire.Credentials{Username: u.name, Password: goodPassword})
	expect(t, r, http.StatusOK)
	if strings.Contains(r.Body, `"token"`) {
		t.Fatalf("a password alone got a token: %s", r.Body)
	}
	var ch wire.MFAChallenge
	decode(t, r, &ch)
	if !ch.MFARequired || ch.MFAToken == "" || len(ch.Methods) != 1 || ch.Methods[0] != "totp" {
		t.Fatalf("challenge %+v", ch)
	}
	return ch.MFAToken
}

func (u *totpUser) second(mfaToken, code string) response {
	return u.ts.do("POST", wire.RouteMFA, "", wire.MFAVerify{MFAToken: mfaToken, Code: code})
}

// TestTOTPEnrolment: the set-up needs the password, the QR code is a
// local PNG, a wrong or malformed code does not confirm, the confirmation
// answers 10 distinct recovery codes once, and the secret is never shown
// again nor stored in clear.
func TestTOTPEnrolment(t *testing.T) {
	clock := newFakeClock()
	ts := newTestServer(t, testOptions{now: clock.Now})
	tok, _ := ts.registerAndLogin("totp-enrol", goodPassword)
	r := ts.do("POST", wire.RouteTOTPSetup, tok, wire.PasswordConfirm{CurrentPassword: "not my password"})
	expect(t, r, http.StatusBadRequest)
	expect(t, ts.do("POST", wire.RouteTOTPConfirm, tok, wire.TOTPCode{Code: "123456"}), http.StatusConflict)
	r = ts.do("POST", wire.RouteTOTPSetup, tok, wire.PasswordConfirm{CurrentPassword: goodPassword})
	expect(t, r, http.StatusOK)
	var setup wire.TOTPSetup
	decode(t, r, &setup)
	if !strings.HasPrefix(setup.OTPAuthURL, "otpauth://totp/Fortfolio:totp-enrol?") || len(setup.Secret) != 32 {
		t.Fatalf("setup %+v", setup)
	}
	raw, ok := strings.CutPrefix(setup.QRCode, "data:image/png;base64,")
	if !ok {
		t.Fatalf("QR code is not a PNG data URL: %.40s", setup.QRCode)
	}
	pngBytes, err := base64.StdEncoding.DecodeString(raw)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := png.Decode(bytes.NewReader(pngBytes)); err != nil {
		t.Fatalf("QR code PNG: %v", err)
	}
	for _, bad := range []string{"", "12345", "1234567", "abcdef", "12 34 5x", "１２３４５６", strings.Repeat("9", 5000)} {
		r := ts.do("POST", wire.RouteTOTPConfirm, tok, wire.TOTPCode{Code: bad})
		if r.Status != http.StatusBadRequest {
			t.Errorf("code %.20q: %d %s", bad, r.Status, r.Body)
		}
	}
	wrong, _ := totp.GenerateCode(setup.Secret, clock.Now().Add(-10*time.Minute))
	expect(t, ts.do("POST", wire.RouteTOTPConfirm, tok, wire.TOTPCode{Code: wrong}), http.StatusBadRequest)
	code, _ := totp.GenerateCode(setup.Secret, clock.Now())
	r = ts.do("POST", wire.RouteTOTPConfirm, tok, wire.TOTPCode{Code: code})
	expect(t, r, http.StatusOK)
	var rc wire.RecoveryCodes
	decode(t, r, &rc)
	seen := map[string]bool{}
	format := regexp.MustCompile(`^[A-Z2-7]{5}-[A-Z2-7]{5}$`)
	for _, c := range rc.Codes {
		if !format.MatchString(c) || seen[c] {
			t.Errorf("recovery code %q (dup %v)", c, seen[c])
		}
		seen[c] = true
	}
	if len(rc.Codes) != 10 {
		t.Fatalf("%d recovery codes", len(rc.Codes))
	}
	r = ts.do("GET", wire.RouteMeMFA, tok, nil)
	expect(t, r, http.StatusOK)
	var st wire.MFAStatus
	decode(t, r, &st)
	if !st.TOTP || st.RecoveryCodesLeft != 10 || strings.Contains(r.Body, setup.Secret) {
		t.Fatalf("status %s", r.Body)
	}
	expect(t, ts.do("POST", wire.RouteTOTPSetup, tok, wire.PasswordConfirm{CurrentPassword: goodPassword}), http.StatusConflict)
	assertNotStored(t, ts, setup.Secret, rc.Codes)
}

// assertNotStored checks the accounts database holds neither the secret
// nor any recovery code in clear.
func assertNotStored(t *testing.T, ts *testServer, secret string, codes []string) {
	t.Helper()
	db := accountsDB(t, ts)
	var sealed []byte
	if err := db.QueryRow(`SELECT secret FROM mfa_totp`).Scan(&sealed); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed, []byte(secret)) {
		t.Error("the TOTP secret is stored in clear")
	}
	rows, err := db.Query(`SELECT hash FROM recovery_codes`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var h string
		_ = rows.Scan(&h)
		for _, c := range codes {
			if strings.Contains(h, c) || strings.Contains(h, strings.ReplaceAll(c, "-", "")) {
				t.Error("a recovery code is stored in clear")
			}
		}
	}
}

// TestTOTPLogin: two steps; a code of a used step is refused (replay);
// the mfa_token is single-use; a recovery code works once.
func TestTOTPLogin(t *testing.T) {
	clock := newFakeClock()
	ts := newTestServer(t, testOptions{now: clock.Now})
	u := enrolTOTP(t, ts, clock, "totp-login")
	mfaTok := u.passwordStep(t)
	// The confirming code's step is used: replay refused.
	expect(t, u.second(mfaTok, u.code(t)), http.StatusUnauthorized)
	u.nextStep()
	code := u.code(t)
	r := u.second(mfaTok, code)
	expect(t, r, http.StatusOK)
	var lr wire.LoginResponse
	decode(t, r, &lr)
	if lr.Token.Token == "" || lr.Session == "" {
		t.Fatalf("second step answered %s", r.Body)
	}
	expect(t, ts.do("GET", wire.RouteMe, lr.Token.Token, nil), http.StatusOK)
	// Single use: the same mfa_token again, even with a fresh code.
	u.nextStep()
	r = u.second(mfaTok, u.code(t))
	expect(t, r, http.StatusUnauthorized)
	if !strings.Contains(r.Body, "mfa_token_invalid") {
		t.Fatalf("reused mfa_token: %s", r.Body)
	}
	// The code just used, on a new login within its window: refused.
	clock.Add(-30 * time.Second)
	expect(t, u.second(u.passwordStep(t), code), http.StatusUnauthorized)
	clock.Add(30 * time.Second)
	// A recovery code, typed loosely, works once.
	rec := strings.ToLower(strings.ReplaceAll(u.recovery[3], "-", " "))
	expect(t, u.second(u.passwordStep(t), rec), http.StatusOK)
	expect(t, u.second(u.passwordStep(t), rec), http.StatusUnauthorized)
	r = ts.do("GET", wire.RouteMeMFA, lr.Token.Token, nil)
	var st wire.MFAStatus
	decode(t, r, &st)
	if st.RecoveryCodesLeft != 9 {
		t.Fatalf("%d recovery codes left, want 9", st.RecoveryCodesLeft)
	}
}

// TestMFATokenHostile: forged, malformed, expired and worn-out mfa_tokens.
func TestMFATokenHostile(t *testing.T) {
	clock := newFakeClock()
	ts := newTestServer(t, testOptions{now: clock.Now})
	u := enrolTOTP(t, ts, clock, "totp-hostile")
	u.nextStep()
	cases := map[string]string{
		"empty":        "",
		"forged":       base64.RawURLEncoding.EncodeToString(bytes.Repeat([]byte{7}, 32)),
		"short":        "abc",
		"long":         strings.Repeat("A", 5000),
		"access token": u.token,
	}
	for name, tok := range cases {
		r := u.second(tok, u.code(t))
		if r.Status != http.StatusUnauthorized || !strings.Contains(r.Body, "mfa_token_invalid") {
			t.Errorf("%s: %d %s", name, r.Status, r.Body)
		}
	}
	for name, body := range map[string]string{
		"not json":      "{",
		"unknown field": `{"mfa_token":"x","code":"123456","admin":true}`,
		"two values":    `{"mfa_token":"x"}{"code":"1"}`,
	} {
		if r := ts.do("POST", wire.RouteMFA, "", body); r.Status != http.StatusBadRequest {
			t.Errorf("%s: %d %s", name, r.Status, r.Body)
		}
	}
	// Expired: more than five minutes after the password.
	tok := u.passwordStep(t)
	clock.Add(6 * time.Minute)
	expect(t, u.second(tok, u.code(t)), http.StatusUnauthorized)
	// Five wrong codes wear a token out: the right one is refused after.
	tok = u.passwordStep(t)
	for range 5 {
		expect(t, u.second(tok, "000000"), http.StatusUnauthorized)
	}
	u.nextStep()
	r := u.second(tok, u.code(t))
	if r.Status != http.StatusUnauthorized || !strings.Contains(r.Body, "mfa_token_invalid") {
		t.Fatalf("worn-out token: %d %s", r.Status, r.Body)
	}
	// A malformed code is 400 and counts as a try.
	tok = u.passwordStep(t)
	expect(t, u.second(tok, "12-34"), http.StatusBadRequest)
	expect(t, u.second(tok, u.code(t)), http.StatusOK)
}

// TestMFARateLimit: codes are limited per account across mfa_tokens.
func TestMFARateLimit(t *testing.T) {
	clock := newFakeClock()
	rules := ratelimit.DefaultUserRules()
	for k := range rules {
		rules[k] = ratelimit.PerMinute(100000, 10000)
	}
	rules[ratelimit.ClassMFA] = ratelimit.PerMinute(1, 3)
	ts := newTestServer(t, testOptions{now: clock.Now, rules: rules})
	u := enrolTOTP(t, ts, clock, "totp-limit") // the confirmation takes one
	expect(t, u.second(u.passwordStep(t), "000000"), http.StatusUnauthorized)
	expect(t, u.second(u.passwordStep(t), "000000"), http.StatusUnauthorized)
	u.nextStep()
	r := u.second(u.passwordStep(t), u.code(t))
	expect(t, r, http.StatusTooManyRequests)
	if r.Header.Get("Retry-After") == "" {
		t.Fatal("429 without Retry-After")
	}
}

// TestTOTPDisable needs the password and a current code.
func TestTOTPDisable(t *testing.T) {
	clock := newFakeClock()
	ts := newTestServer(t, testOptions{now: clock.Now})
	u := enrolTOTP(t, ts, clock, "totp-off")
	u.nextStep()
	expect(t, ts.do("POST", wire.RouteTOTPDisable, u.token, wire.TOTPDisable{CurrentPassword: "wrong password", Code: u.code(t)}), http.StatusBadRequest)
	expect(t, ts.do("POST", wire.RouteTOTPDisable, u.token, wire.TOTPDisable{CurrentPassword: goodPassword, Code: "000000"}), http.StatusBadRequest)
	expect(t, ts.do("POST", wire.RouteTOTPDisable, u.token, wire.TOTPDisable{CurrentPassword: goodPassword, Code: u.code(t)}), http.StatusNoContent)
	if tok, _ := ts.login("totp-off", goodPassword); tok == "" {
		t.Fatal("no token after turning the second factor off")
	}
}

// TestAdminResetKeepsSecondFactor: an admin's password reset keeps the
// authenticator; the admin's second-factor reset removes it, audited and
// notified.
func TestAdminResetKeepsSecondFactor(t *testing.T) {
	clock := newFakeClock()
	ts := newTestServer(t, testOptions{now: clock.Now, dev: true})
	adminTok, _ := ts.registerAndLogin("mfa-admin", goodPassword)
	u := enrolTOTP(t, ts, clock, "mfa-victim")
	r := ts.do("GET", wire.RouteMe, u.token, nil)
	var me wire.User
	decode(t, r, &me)
	r = ts.do("POST", wire.Path(wire.RouteAdminUserReset, me.ID), adminTok, nil)
	expect(t, r, http.StatusOK)
	var tp wire.TemporaryPassword
	decode(t, r, &tp)
	r = ts.do("POST", wire.RouteLogin, "", wire.Credentials{Username: u.name, Password: tp.Password})
	expect(t, r, http.StatusOK)
	if !strings.Contains(r.Body, `"mfa_required":true`) {
		t.Fatalf("the password reset dropped the second factor: %s", r.Body)
	}
	expect(t, ts.do("POST", wire.Path(wire.RouteAdminUserResetMFA, me.ID), u.token, nil), http.StatusUnauthorized)
	expect(t, ts.do("POST", wire.Path(wire.RouteAdminUserResetMFA, "nope"), adminTok, nil), http.StatusNotFound)
	expect(t, ts.do("POST", wire.Path(wire.RouteAdminUserResetMFA, me.ID), adminTok, nil), http.StatusNoContent)
	r = ts.do("POST", wire.RouteLogin, "", wire.Credentials{Username: u.name, Password: tp.Password})
	expect(t, r, http.StatusOK)
	var lr wire.LoginResponse
	decode(t, r, &lr)
	if lr.Token.Token == "" {
		t.Fatalf("after the second-factor reset: %s", r.Body)
	}
	found := false
	for _, n := range lr.Notifications {
		found = found || n.Kind == "mfa_reset"
	}
	if !found {
		t.Errorf("no mfa_reset notice: %+v", lr.Notifications)
	}
	if n := auditCount(t, ts, "admin.user.reset_mfa"); n != 1 {
		t.Errorf("%d reset_mfa audit entries", n)
	}
}

// TestRequireMFAForAdmins: with the policy on, an admin without a second
// factor gets 403 mfa_enrolment_required from every admin endpoint (and
// can still enrol); after enrolment the admin endpoints answer. The
// public status shows the policy.
func TestRequireMFAForAdmins(t *testing.T) {
	clock := newFakeClock()
	ts := newTestServer(t, testOptions{now: clock.Now, dev: true, requireMFA: true})
	admin := enrolTOTPLater(t, ts, clock, "policy-admin")
	userTok, _ := ts.registerAndLogin("policy-user", goodPassword)
	for _, path := range []string{wire.RouteAdminUsers, wire.RouteAdminAudit, wire.RouteAdminEvents} {
		r := ts.do("GET", path, admin.token, nil)
		if r.Status != http.StatusForbidden || !strings.Contains(r.Body, `"code":"mfa_enrolment_required"`) {
			t.Fatalf("%s before enrolment: %d %s", path, r.Status, r.Body)
		}
	}
	// A non-admin still gets the generic 403.
	r := ts.do("GET", wire.RouteAdminUsers, userTok, nil)
	if r.Status != http.StatusForbidden || strings.Contains(r.Body, "mfa_enrolment_required") {
		t.Fatalf("user on an admin endpoint: %d %s", r.Status, r.Body)
	}
	r = ts.do("GET", wire.RouteSecurityStatus, "", nil)
	if !strings.Contains(r.Body, `"required_for_admins":true`) {
		t.Fatalf("status does not show the policy: %s", r.Body)
	}
	admin.enrol(t)
	expect(t, ts.do("GET", wire.RouteAdminUsers, admin.token, nil), http.StatusOK)
}

// enrolTOTPLater registers name without enrolling yet (enrol does it).
func enrolTOTPLater(t *testing.T, ts *testServer, clock *fakeClock, name string) *totpUser {
	t.Helper()
	tok, _ := ts.registerAndLogin(name, goodPassword)
	return &totpUser{ts: ts, clock: clock, name: name, token: tok}
}

// enrol turns the authenticator on for u.
func (u *totpUser) enrol(t *testing.T) {
	t.Helper()
	r := u.ts.do("POST", wire.RouteTOTPSetup, u.token, wire.PasswordConfirm{CurrentPassword: goodPassword})
	expect(t, r, http.StatusOK)
	var setup wire.TOTPSetup
	decode(t, r, &setup)
	u.secret = setup.Secret
	r = u.ts.do("POST", wire.RouteTOTPConfirm, u.token, wire.TOTPCode{Code: u.code(t)})
	expect(t, r, http.StatusOK)
}

// TestMFATokenSingleUseUnderConcurrency: several requests with one
// mfa_token and different valid recovery codes at once: exactly one
// signs in.
func TestMFATokenSingleUseUnderConcurrency(t *testing.T) {
	clock := newFakeClock()
	ts := newTestServer(t, testOptions{now: clock.Now})
	u := enrolTOTP(t, ts, clock, "totp-race")
	tok := u.passwordStep(t)
	statuses := make(chan int, len(u.recovery))
	var wg sync.WaitGroup
	for _, code := range u.recovery {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses <- ts.doNoFatal("POST", wire.RouteMFA, "", wire.MFAVerify{MFAToken: tok, Code: code}).Status
		}()
	}
	wg.Wait()
	close(statuses)
	ok := 0
	for s := range statuses {
		switch s {
		case http.StatusOK:
			ok++
		case http.StatusUnauthorized:
		default:
			t.Errorf("status %d", s)
		}
	}
	if ok != 1 {
		t.Fatalf("%d sign-ins from one mfa_token, want 1", ok)
	}
}
