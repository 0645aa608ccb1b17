package api_test

import (
	"strings"
	"testing"
)

// scenario is one request of an API test table, after pocketbase's
// ApiScenario: what to send and what the answer must and must not hold.
// The scenarios of a table run in order against one real server (httptest,
// temp SQLite data dir), so a table can also be a flow: before and after
// carry what one request produced (a token, an id) to the next.
type scenario struct {
	name    string
	method  string
	path    string            // URL path and query
	token   string            // sent as x-token when set
	headers map[string]string // further request headers
	body    any               // string or []byte sent as is, other values as JSON
	// before runs first; it may set up state or fill in fields known only
	// at run time.
	before func(t *testing.T, sc *scenario)

	wantStatus int
	want       []string          // the body contains each
	notWant    []string          // the body contains none
	wantHeader map[string]string // the answer carries each header with exactly this value
	// after checks what a table cannot say: decoded bodies, stored state.
	after func(t *testing.T, r response)
}

// runScenarios executes a table of API scenarios, in order, each as a
// subtest. Error answers must be JSON.
func (ts *testServer) runScenarios(t *testing.T, scenarios []scenario) {
	t.Helper()
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			if sc.before != nil {
				sc.before(t, &sc)
			}
			r := ts.doHeaders(sc.method, sc.path, sc.token, sc.headers, sc.body)
			sc.check(t, r)
			if sc.after != nil {
				sc.after(t, r)
			}
		})
	}
}

// check compares an answer with the scenario's expectations.
func (sc *scenario) check(t *testing.T, r response) {
	t.Helper()
	if r.Status != sc.wantStatus {
		t.Fatalf("%s %s: status %d, want %d; body %s", sc.method, sc.path, r.Status, sc.wantStatus, r.Body)
	}
	for _, w := range sc.want {
		if !strings.Contains(r.Body, w) {
			t.Errorf("body %q lacks %q", r.Body, w)
		}
	}
	for _, w := range sc.notWant {
		if strings.Contains(r.Body, w) {
			t.Errorf("body %q must not contain %q", r.Body, w)
		}
	}
	for k, v := range sc.wantHeader {
		if got := r.Header.Get(k); got != v {
			t.Errorf("header %s = %q, want %q", k, got, v)
		}
	}
	if r.Status >= 400 && !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		t.Errorf("error response Content-Type = %q", r.Header.Get("Content-Type"))
	}
}

// withToken is a before hook sending the token *tok holds at run time
// (one an earlier scenario of the same table obtained).
func withToken(tok *string) func(*testing.T, *scenario) {
	return func(_ *testing.T, sc *scenario) { sc.token = *tok }
}

// keepToken is an after hook storing the token of a login, refresh or
// password-change answer in *tok.
func keepToken(tok *string) func(*testing.T, response) {
	return func(t *testing.T, r response) {
		t.Helper()
		var body struct {
			Token any `json:"token"`
		}
		decode(t, r, &body)
		switch v := body.Token.(type) {
		case string: // refresh and change-password answer {token, expires_at}
			*tok = v
		case map[string]any: // login answers {token: {token, expires_at}, user, ...}
			*tok, _ = v["token"].(string)
		}
		if *tok == "" {
			t.Fatalf("no token in %s", r.Body)
		}
	}
}
