package api_test

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// TestSecurityStatusMatchesResponses checks that the published header list
// equals the headers of a real response, and that nothing secret leaks.
func TestSecurityStatusMatchesResponses(t *testing.T) {
	ts := newTestServer(t, testOptions{dev: true})
	tok, _ := ts.registerAndLogin("sec", goodPassword) // the first account: admin in dev mode
	u, err := ts.Platform.Store.UserByUsername(t.Context(), "sec")
	if err != nil {
		t.Fatal(err)
	}
	secrets := []string{string(ts.Secret), base64.StdEncoding.EncodeToString(ts.Secret), strings.Repeat("p", 32), "$2a$", "$2b$", u.PasswordHash}
	ts.runScenarios(t, []scenario{
		{name: "status", method: "GET", path: "/api/security/status", token: tok, wantStatus: 200, notWant: secrets,
			after: func(t *testing.T, r response) {
				var st wire.SecurityStatus
				if err := json.Unmarshal([]byte(r.Body), &st); err != nil {
					t.Fatal(err)
				}
				if len(st.Headers) < 7 {
					t.Fatalf("only %d headers published", len(st.Headers))
				}
				for _, h := range st.Headers {
					if got := r.Header.Get(h.Name); got != h.Value {
						t.Errorf("published %s = %q, response has %q", h.Name, h.Value, got)
					}
				}
				if st.Audit.State != "verified" || st.Audit.Entries < 2 || !st.Audit.OK {
					t.Errorf("audit status %+v, want a verified chain with the register and login entries", st.Audit)
				}
				if st.Sessions.TokenLifetime != "15 minutes" || st.Lockout.Failures != 5 || st.Build == nil || st.Build.GoVersion == "" {
					t.Errorf("policy fields wrong: %+v %+v", st.Sessions, st.Lockout)
				}
			}},
	})
}

func TestSecurityTxt(t *testing.T) {
	ts := newTestServer(t)
	ts.runScenarios(t, []scenario{
		{name: "security.txt", method: "GET", path: "/.well-known/security.txt", wantStatus: 200,
			want: []string{"Contact: mailto:", "Expires: ", "Policy: https://", "Preferred-Languages: en"},
			after: func(t *testing.T, r response) {
				if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/plain") {
					t.Fatalf("Content-Type %q", r.Header.Get("Content-Type"))
				}
			}},
	})
}
