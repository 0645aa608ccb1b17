package api_test

import (
	"net/http"
	"strings"
	"testing"

	serverapi "github.com/fortfolio/fortfolio/server/api"
	"github.com/fortfolio/fortfolio/server/ratelimit"
	"github.com/fortfolio/fortfolio/shared/wire"
)

func TestClientLog(t *testing.T) {
	ts := newTestServer(t)
	tok, _ := ts.registerAndLogin("logger", adminPassword)
	ok := wire.ClientLog{Level: "error", Message: "boom\x1b[31m\u2028", URL: "http://x/y", Stack: "at main\n\tat go"}
	ts.runScenarios(t, []scenario{
		{name: "anonymous", method: "POST", path: "/api/log", body: ok, wantStatus: 204},
		{name: "signed in", method: "POST", path: "/api/log", token: tok, body: ok, wantStatus: 204},
		{name: "invalid token is anonymous", method: "POST", path: "/api/log", token: "x.y.z", body: ok, wantStatus: 204},
		{name: "bad level", method: "POST", path: "/api/log", body: wire.ClientLog{Level: "panic", Message: "m"}, wantStatus: 400},
		{name: "unknown field", method: "POST", path: "/api/log", body: `{"level":"error","message":"m","url":"","admin":true}`, wantStatus: 400},
		{name: "two values", method: "POST", path: "/api/log", body: `{"level":"error","message":"m","url":""}{}`, wantStatus: 400},
		{name: "oversize", method: "POST", path: "/api/log", body: wire.ClientLog{Level: "error", Message: strings.Repeat("a", 9000)}, wantStatus: 413},
		{name: "not json", method: "GET", path: "/api/log", wantStatus: 405},
	})
}

func TestClientLogFlood(t *testing.T) {
	rules := ratelimit.DefaultUserRules()
	for k := range rules {
		rules[k] = ratelimit.PerMinute(100000, 10000)
	}
	rules[ratelimit.ClassLog] = ratelimit.PerMinute(1, 3)
	ts := newTestServer(t, testOptions{rules: rules})
	body := wire.ClientLog{Level: "warn", Message: "m", URL: "/"}
	var statuses []int
	for range 5 {
		statuses = append(statuses, ts.do("POST", "/api/log", "", body).Status)
	}
	if statuses[2] != http.StatusNoContent || statuses[3] != http.StatusTooManyRequests || statuses[4] != http.StatusTooManyRequests {
		t.Fatalf("statuses %v: want 3 x 204 then 429", statuses)
	}
	r := ts.do("POST", "/api/log", "", body)
	if r.Header.Get("Retry-After") == "" {
		t.Fatal("429 without Retry-After")
	}
}

func TestCleanLogCaps(t *testing.T) {
	tests := []struct {
		name, in  string
		max       int
		multiline bool
		want      string
	}{
		{"controls stripped", "a\x00b\x1bc\u2028d\re", 100, false, "abcde"},
		{"newline kept in stack", "a\nb\tc", 100, true, "a\nb\tc"},
		{"newline dropped in message", "a\nb", 100, false, "ab"},
		{"capped on rune boundary", "ééé", 5, false, "éé"},
		{"invalid utf8 dropped", "a\xffb", 100, false, "ab"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := serverapi.CleanLog(tc.in, tc.max, tc.multiline); got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
}
