package api_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestHostileInputs sends malformed and malicious bodies to the account
// endpoints: each gets a clear 4xx and nothing is created.
func TestHostileInputs(t *testing.T) {
	ts := newTestServer(t)
	token, _ := ts.registerAndLogin("henry", goodPassword)
	pw := goodPassword
	big := `{"username":"` + strings.Repeat("a", 2<<20) + `","password":"x"}`
	ts.runScenarios(t, []scenario{
		{name: "body over cap", method: "POST", path: "/api/auth/register", body: big, wantStatus: 413},
		{name: "malformed", method: "POST", path: "/api/auth/register", body: `{"username":`, wantStatus: 400},
		{name: "trailing json", method: "POST", path: "/api/auth/register", body: `{"username":"ivan","password":"` + pw + `"}{"x":1}`, wantStatus: 400, want: []string{"single JSON value"}},
		{name: "trailing garbage", method: "POST", path: "/api/auth/register", body: `{"username":"ivan","password":"` + pw + `"} xyz`, wantStatus: 400},
		{name: "unknown field", method: "POST", path: "/api/auth/register", body: `{"username":"ivan","password":"` + pw + `","admin":true}`, wantStatus: 400},
		{name: "duplicate keys", method: "POST", path: "/api/auth/register", body: `{"username":"ivan","username":"root","password":"` + pw + `"}`, wantStatus: 400, want: []string{"Duplicate key"}},
		{name: "duplicate keys by case", method: "POST", path: "/api/auth/register", body: `{"username":"ivan","Username":"root","password":"` + pw + `"}`, wantStatus: 400},
		{name: "invalid utf8", method: "POST", path: "/api/auth/register", body: "{\"username\":\"iv\xffan\",\"password\":\"" + pw + "\"}", wantStatus: 400},
		{name: "NUL byte", method: "POST", path: "/api/auth/register", body: "{\"username\":\"iv\x00an\",\"password\":\"" + pw + "\"}", wantStatus: 400},
		{name: "escaped NUL", method: "POST", path: "/api/auth/register", body: `{"username":"iv\u0000an","password":"` + pw + `"}`, wantStatus: 400},
		{name: "CRLF in username", method: "POST", path: "/api/auth/register", body: `{"username":"ivan\r\nX-Evil: 1","password":"` + pw + `"}`, wantStatus: 400},
		{name: "SQL injection username", method: "POST", path: "/api/auth/register", body: `{"username":"x' OR '1'='1","password":"` + pw + `"}`, wantStatus: 400},
		{name: "SQL injection login", method: "POST", path: "/api/auth/login", body: `{"username":"henry' --","password":"x' OR '1'='1"}`, wantStatus: 401},
		{name: "number for string", method: "POST", path: "/api/auth/register", body: `{"username":123,"password":"` + pw + `"}`, wantStatus: 400, want: []string{"wrong type"}},
		{name: "NaN literal", method: "POST", path: "/api/auth/register", body: `{"username":NaN,"password":"` + pw + `"}`, wantStatus: 400},
		{name: "huge number", method: "POST", path: "/api/auth/register", body: `{"username":1e999999,"password":"` + pw + `"}`, wantStatus: 400},
		{name: "huge array", method: "POST", path: "/api/auth/register", body: `{"username":[` + strings.Repeat("1,", 200000) + `1],"password":"x"}`, wantStatus: 400},
		{name: "deep nesting", method: "POST", path: "/api/auth/register", body: strings.Repeat("[", 10000) + strings.Repeat("]", 10000), wantStatus: 400},
		{name: "array body", method: "POST", path: "/api/auth/register", body: `[]`, wantStatus: 400},
		{name: "null body", method: "POST", path: "/api/auth/register", body: `null`, wantStatus: 400},
		{name: "empty body", method: "POST", path: "/api/auth/register", body: ``, wantStatus: 400},
		{name: "method not allowed", method: "GET", path: "/api/auth/login", wantStatus: 405},
		{name: "delete me not allowed", method: "DELETE", path: "/api/me", token: token, wantStatus: 405},
		{name: "unknown api path", method: "GET", path: "/api/nope", wantStatus: 404},
	})
	// Nothing was created by any of the above.
	for _, name := range []string{"ivan", "root", "iv\ufffdan"} {
		if _, err := ts.Platform.Store.UserByUsername(t.Context(), name); err == nil {
			t.Errorf("account %q was created by a hostile request", name)
		}
	}
}

func TestWrongContentTypeAndTrace(t *testing.T) {
	ts := newTestServer(t)
	ts.runScenarios(t, []scenario{
		{name: "text/plain body", method: "POST", path: "/api/auth/register", headers: map[string]string{"Content-Type": "text/plain"},
			body: `{"username":"jack","password":"` + goodPassword + `"}`, wantStatus: http.StatusUnsupportedMediaType},
		{name: "TRACE", method: "TRACE", path: "/", wantStatus: http.StatusMethodNotAllowed,
			after: func(t *testing.T, r response) {
				if r.Header.Get("Content-Security-Policy") == "" {
					t.Error("the 405 lacks security headers")
				}
			}},
	})
	if _, err := ts.Platform.Store.UserByUsername(t.Context(), "jack"); err == nil {
		t.Error("the text/plain body created an account")
	}
}

func TestForgedHostRefused(t *testing.T) {
	ts := newTestServer(t)
	var table []scenario
	for _, path := range []string{"/", "/robots.txt", "/api/me", "/web/fortfolio.css"} {
		table = append(table, scenario{name: path, method: "GET", path: path, headers: map[string]string{"Host": "evil.example"}, wantStatus: http.StatusBadRequest})
	}
	ts.runScenarios(t, table)
}

// TestLoginWithUnstorableText signs in with names and passwords no account
// can have — NUL bytes, invalid UTF-8, control characters — on both
// backends (PostgreSQL refuses NUL in text): each is a plain 401, and the
// failed attempt still reaches the audit log and the security events.
func TestLoginWithUnstorableText(t *testing.T) {
	f := newAdminFixture(t)
	cases := []struct {
		name, body string
		status     int
		code       string
	}{
		{"escaped NUL name", `{"username":"\u0000"}`, 401, "unauthorized"},
		{"escaped NUL inside name", `{"username":"al\u0000ice","password":"` + adminPassword + `"}`, 401, "unauthorized"},
		{"control characters", `{"username":"alice\r\n\u001b[31m","password":"x"}`, 401, "unauthorized"},
		{"NUL password", `{"username":"alice","password":"correct\u0000horse"}`, 401, "unauthorized"},
		{"NUL device", `{"username":"alice","password":"x","device":"\u0000"}`, 401, "unauthorized"},
		// Bytes that are not UTF-8 JSON never reach the sign-in.
		{"raw NUL name", "{\"username\":\"ali\x00ce\",\"password\":\"x\"}", 400, "invalid_json"},
		{"invalid UTF-8 name", "{\"username\":\"ali\xffce\",\"password\":\"x\"}", 400, "invalid_json"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := len(f.events("login_failure"))
			r := f.do("POST", "/api/auth/login", "", c.body)
			if r.Status != c.status || !strings.Contains(r.Body, `"code":"`+c.code+`"`) {
				t.Fatalf("status %d %s, want %d %s", r.Status, r.Body, c.status, c.code)
			}
			want := before
			if c.status == http.StatusUnauthorized {
				want++ // a failed attempt is recorded
			}
			if got := len(f.events("login_failure")); got != want {
				t.Errorf("%d login_failure events after the attempt, want %d", got, want)
			}
		})
	}
	if ev := f.events("audit_failure"); len(ev) != 0 {
		t.Errorf("audit entries were lost: %+v", ev)
	}
	if ev := f.events("server_error"); len(ev) != 0 {
		t.Errorf("server errors: %+v", ev)
	}
}
