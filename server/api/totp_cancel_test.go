package api_test

import (
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pquerna/otp/totp"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// TestTOTPSetupCancel: DELETE on the set-up discards the pending key, so
// a code of it confirms nothing afterwards and the server holds no key;
// with nothing pending it answers 404, and an authenticator that is on is
// kept (409). It needs a session, is audited, and no answer, audit entry
// or log line holds the key.
func TestTOTPSetupCancel(t *testing.T) {
	logs := &lockedBuffer{}
	prev := slog.Default()
	slog.SetDefault(slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	t.Cleanup(func() { slog.SetDefault(prev) })
	clock := newFakeClock()
	ts := newTestServer(t, testOptions{now: clock.Now})
	start := func(t *testing.T, u *totpUser) {
		t.Helper()
		r := ts.do("POST", wire.RouteTOTPSetup, u.token, wire.PasswordConfirm{CurrentPassword: goodPassword})
		expect(t, r, http.StatusOK)
		var setup wire.TOTPSetup
		decode(t, r, &setup)
		u.secret = setup.Secret
	}
	cases := []struct {
		name string
		// prepare leaves u in the state the cancel meets.
		prepare    func(t *testing.T, u *totpUser)
		anonymous  bool
		wantStatus int
		wantCode   string
		// wantKey: the account still holds a key (pending or confirmed).
		wantKey bool
		wantOn  bool
	}{
		{name: "pending set-up", prepare: start, wantStatus: http.StatusNoContent},
		{name: "nothing pending", prepare: func(*testing.T, *totpUser) {}, wantStatus: http.StatusNotFound, wantCode: "not_found"},
		{name: "cancelled twice", prepare: func(t *testing.T, u *totpUser) {
			start(t, u)
			expect(t, ts.do("DELETE", wire.RouteTOTPSetup, u.token, nil), http.StatusNoContent)
		}, wantStatus: http.StatusNotFound, wantCode: "not_found"},
		{name: "authenticator on", prepare: func(t *testing.T, u *totpUser) { u.enrol(t) },
			wantStatus: http.StatusConflict, wantCode: "conflict", wantKey: true, wantOn: true},
		{name: "no session", prepare: start, anonymous: true, wantStatus: http.StatusUnauthorized, wantKey: true},
	}
	var secrets []string
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			u := enrolTOTPLater(t, ts, clock, "totp-cancel-"+string(rune('a'+i)))
			tc.prepare(t, u)
			secrets = append(secrets, u.secret)
			token := u.token
			if tc.anonymous {
				token = ""
			}
			r := ts.do("DELETE", wire.RouteTOTPSetup, token, nil)
			if r.Status != tc.wantStatus || (tc.wantCode != "" && !strings.Contains(r.Body, `"code":"`+tc.wantCode+`"`)) {
				t.Fatalf("cancel: %d %s, want %d %s", r.Status, r.Body, tc.wantStatus, tc.wantCode)
			}
			if u.secret != "" && strings.Contains(r.Body, u.secret) {
				t.Fatalf("the answer holds the key: %s", r.Body)
			}
			if got := totpRows(t, ts, u.name); got != tc.wantKey {
				t.Fatalf("key stored after the cancel: %v, want %v", got, tc.wantKey)
			}
			r = ts.do("GET", wire.RouteMeMFA, u.token, nil)
			var st wire.MFAStatus
			decode(t, r, &st)
			if st.TOTP != tc.wantOn {
				t.Fatalf("authenticator on: %v, want %v", st.TOTP, tc.wantOn)
			}
			if u.secret == "" || tc.wantOn {
				return
			}
			// A code of the cancelled key confirms nothing; a kept one does.
			u.nextStep()
			code, err := totp.GenerateCode(u.secret, clock.Now())
			if err != nil {
				t.Fatal(err)
			}
			want := http.StatusConflict
			if tc.wantKey {
				want = http.StatusOK
			}
			expect(t, ts.do("POST", wire.RouteTOTPConfirm, u.token, wire.TOTPCode{Code: code}), want)
		})
	}
	if n := auditCount(t, ts, "auth.mfa.totp.setup_cancel"); n != 2 {
		t.Errorf("%d setup_cancel audit entries, want 2 (the two discarded keys)", n)
	}
	if !strings.Contains(logs.String(), wire.RouteTOTPSetup) {
		t.Fatal("the log capture saw no requests; the check below proves nothing")
	}
	for _, s := range secrets {
		if s != "" && strings.Contains(logs.String(), s) {
			t.Error("the logs contain a TOTP key")
		}
	}
	_ = filepath.WalkDir(ts.DataDir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		b, _ := os.ReadFile(path) // #nosec G304 -- a file of the test's own data directory
		for _, s := range secrets {
			if s != "" && strings.Contains(string(b), s) {
				t.Errorf("%s holds a TOTP key in clear", path)
			}
		}
		return nil
	})
}

// totpRows reports whether the account username holds a TOTP key, pending
// or confirmed.
func totpRows(t *testing.T, ts *testServer, username string) bool {
	t.Helper()
	var n int
	err := accountsDB(t, ts).QueryRow(`SELECT COUNT(*) FROM mfa_totp t JOIN users u ON u.id = t.user_id WHERE u.username = '` +
		username + `'`).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n > 0
}
