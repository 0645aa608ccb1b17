package api_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// TestTOTPSetupExpiry: POST /api/me/mfa/totp/confirm with a right code of
// a set-up started more than 15 minutes ago answers 409 setup_expired
// with a message that says to start again; the authenticator stays off,
// the key is discarded (audited as setup_expired), GET /api/me/mfa shows
// nothing, and a new set-up works. At 14m59s the same confirm works.
func TestTOTPSetupExpiry(t *testing.T) {
	clock := newFakeClock()
	ts := newTestServer(t, testOptions{now: clock.Now})
	cases := []struct {
		name       string
		after      time.Duration
		wantStatus int
		wantCode   string
	}{
		{name: "in time", after: 14*time.Minute + 59*time.Second, wantStatus: http.StatusOK},
		{name: "late", after: 15*time.Minute + time.Second, wantStatus: http.StatusConflict, wantCode: "setup_expired"},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			u := enrolTOTPLater(t, ts, clock, "totp-expiry-"+string(rune('a'+i)))
			r := ts.do("POST", wire.RouteTOTPSetup, u.token, wire.PasswordConfirm{CurrentPassword: goodPassword})
			expect(t, r, http.StatusOK)
			var setup wire.TOTPSetup
			decode(t, r, &setup)
			u.secret = setup.Secret
			clock.Add(tc.after)
			u.token, _ = ts.login(u.name, goodPassword) // the access token lives 15 minutes too
			r = ts.do("POST", wire.RouteTOTPConfirm, u.token, wire.TOTPCode{Code: u.code(t)})
			expect(t, r, tc.wantStatus)
			if tc.wantStatus == http.StatusOK {
				return
			}
			var body struct{ Error, Code string }
			if err := json.Unmarshal([]byte(r.Body), &body); err != nil {
				t.Fatalf("error body %q: %v", r.Body, err)
			}
			if body.Code != tc.wantCode || !strings.Contains(body.Error, "Start the set-up again") {
				t.Fatalf("error body %s", r.Body)
			}
			if strings.Contains(r.Body, setup.Secret) || strings.Contains(r.Body, "recovery") {
				t.Fatalf("the refusal holds the key or codes: %s", r.Body)
			}
			if totpRows(t, ts, u.name) {
				t.Fatal("the expired key is still stored")
			}
			r = ts.do("GET", wire.RouteMeMFA, u.token, nil)
			var st wire.MFAStatus
			decode(t, r, &st)
			if st.TOTP || st.RecoveryCodesLeft != 0 {
				t.Fatalf("after the late confirm: %s", r.Body)
			}
			if n := auditCount(t, ts, "auth.mfa.totp.setup_expired"); n != 1 {
				t.Fatalf("%d setup_expired audit entries, want 1", n)
			}
			if n := auditCount(t, ts, "auth.mfa.totp.enable"); n != 1 { // the in-time case's only
				t.Fatalf("%d enable audit entries, want 1", n)
			}
			// Starting again works and gets a full lifetime.
			r = ts.do("POST", wire.RouteTOTPSetup, u.token, wire.PasswordConfirm{CurrentPassword: goodPassword})
			expect(t, r, http.StatusOK)
			decode(t, r, &setup)
			u.secret = setup.Secret
			clock.Add(time.Minute)
			expect(t, ts.do("POST", wire.RouteTOTPConfirm, u.token, wire.TOTPCode{Code: u.code(t)}), http.StatusOK)
		})
	}
}
