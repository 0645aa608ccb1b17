package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// minSweptRoutes guards the route parser: fewer routes than this means it
// broke, not that the API shrank.
const minSweptRoutes = 80

// sweepTimeout is how long one answer may take before it counts as a
// hang (generous: the race detector and a busy machine slow the reports).
const sweepTimeout = time.Minute

// sweepRequest is one hostile request of the sweep.
type sweepRequest struct {
	route       sweptRoute
	method      string
	path        string // path and query, already escaped
	as          string // "anonymous", "user" or "admin"
	contentType string
	body        string
	token       string // a session of its own, set by prepare
}

func (q sweepRequest) String() string {
	body := q.body
	if len(body) > 80 {
		body = fmt.Sprintf("%.80q... (%d bytes)", body, len(body))
	}
	path := q.path
	if len(path) > 160 {
		path = path[:160] + "..."
	}
	return fmt.Sprintf("%s %s as %s [%s] body %q", q.method, path, q.as, q.contentType, body)
}

// TestHostileSweep sends hostile path values, bodies and query strings to
// every route the API registers, anonymously, as an ordinary user and as
// an admin: no answer may be a 5xx, a hang or a non-JSON error, no audit
// entry may be lost, and the user's portfolio and transactions are
// unchanged afterwards.
func TestHostileSweep(t *testing.T) {
	routes := collectRoutes(t, "../..", "server/api")
	if len(routes) < minSweptRoutes {
		t.Fatalf("found %d routes in server/api, want at least %d: the route parser is broken", len(routes), minSweptRoutes)
	}
	withFields, withParams := 0, 0
	for _, r := range routes {
		withFields += min(len(r.fields), 1)
		withParams += min(len(r.params), 1)
	}
	if withFields < 20 || withParams < 10 {
		t.Fatalf("found the body fields of %d routes and the query parameters of %d: the handler parser is broken", withFields, withParams)
	}
	params := queryNames(t, "../..", "server/api")
	if len(params) < 10 {
		t.Fatalf("found %d query parameter names, the parser is broken: %v", len(params), params)
	}
	f := newAdminFixture(t)
	w := newSweepWorld(t, f)
	before := w.snapshot(t)

	var reqs []sweepRequest
	for _, r := range routes {
		reqs = append(reqs, w.requestsFor(r, params)...)
	}
	w.prepare(t, reqs)
	w.run(t, reqs)

	if after := w.snapshot(t); after != before {
		t.Errorf("the sweep changed the user's portfolio:\nbefore %s\nafter  %s", before, after)
	}
	if ev := f.events("audit_failure"); len(ev) != 0 {
		t.Errorf("the sweep lost %d audit entries, first: %s", len(ev), ev[0].Detail)
	}
	for as, tok := range map[string]string{"user": f.userTok, "admin": f.adminTok} {
		if r := f.do("GET", "/api/me", tok, nil); r.Status != http.StatusOK {
			t.Errorf("GET /api/me as %s after the sweep: %d %s", as, r.Status, r.Body)
		}
	}
	t.Logf("swept %d routes with %d requests", len(routes), len(reqs))
}

// sweepWorld is the state the sweep runs against: the user (alice) owns a
// portfolio with transactions, bob owns another, and target is the
// account the admin routes act on.
type sweepWorld struct {
	f                 *adminFixture
	portfolio, txID   string
	otherPortfolio    string
	otherTx, targetID string
	client            *http.Client
}

func newSweepWorld(t *testing.T, f *adminFixture) *sweepWorld {
	w := &sweepWorld{f: f, client: &http.Client{
		Timeout:       sweepTimeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
	bob, _ := f.registerAndLogin("bob", adminPassword)
	// The routes that end sessions get accounts of their own: logout-all
	// ends every session of its caller.
	f.registerAndLogin("carol", adminPassword)
	_, daveID := f.registerAndLogin("dave", adminPassword)
	if r := f.do("PUT", "/api/admin/users/"+daveID+"/role", f.adminTok, map[string]string{"role": "admin"}); r.Status != http.StatusOK {
		t.Fatalf("make dave an admin: %d %s", r.Status, r.Body)
	}
	_, w.targetID = f.registerAndLogin("target", adminPassword)
	w.portfolio, w.txID = w.portfolioWithTx(t, f.userTok)
	w.otherPortfolio, w.otherTx = w.portfolioWithTx(t, bob)
	return w
}

func (w *sweepWorld) portfolioWithTx(t *testing.T, token string) (string, string) {
	pid := w.f.newPortfolio(token, "Swept")
	for _, tx := range fixtureTxs[:2] {
		if r := w.f.do("POST", "/api/portfolios/"+pid+"/transactions", token, tx); r.Status != http.StatusCreated {
			t.Fatalf("create transaction: %d %s", r.Status, r.Body)
		}
	}
	var txs []wire.Transaction
	r := w.f.do("GET", "/api/portfolios/"+pid+"/transactions", token, nil)
	if err := json.Unmarshal([]byte(r.Body), &txs); err != nil || len(txs) != 2 {
		t.Fatalf("transactions: %d %s", r.Status, r.Body)
	}
	return pid, txs[0].ID
}

// snapshot is what the sweep must not change.
func (w *sweepWorld) snapshot(t *testing.T) string {
	var b strings.Builder
	for _, path := range []string{"/api/portfolios/" + w.portfolio, "/api/portfolios/" + w.portfolio + "/transactions", "/api/portfolios"} {
		r := w.f.do("GET", path, w.f.userTok, nil)
		if r.Status != http.StatusOK {
			t.Fatalf("GET %s: %d %s", path, r.Status, r.Body)
		}
		if path == "/api/portfolios" && !strings.Contains(r.Body, w.portfolio) {
			t.Errorf("the user's portfolio is gone from the list: %s", r.Body)
			continue
		}
		if path != "/api/portfolios" {
			b.WriteString(r.Body)
		}
	}
	return b.String()
}

// run sends the requests from a few workers and checks every answer.
func (w *sweepWorld) run(t *testing.T, reqs []sweepRequest) {
	work := make(chan sweepRequest)
	var wg sync.WaitGroup
	var mu sync.Mutex
	failures := map[string]int{} // per route, to keep the log readable
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for q := range work {
				if msg := w.check(q); msg != "" {
					mu.Lock()
					failures[q.route.String()]++
					if failures[q.route.String()] <= 3 {
						t.Errorf("%s: %s", q, msg)
					}
					mu.Unlock()
				}
			}
		}()
	}
	for _, q := range reqs {
		work <- q
	}
	close(work)
	wg.Wait()
	for route, n := range failures {
		if n > 3 {
			t.Errorf("%s: %d failures in all", route, n)
		}
	}
}

// check sends one request; it returns what is wrong with the answer.
func (w *sweepWorld) check(q sweepRequest) string {
	token, err := w.token(q)
	if err != nil {
		return err.Error()
	}
	ctx, cancel := context.WithTimeout(context.Background(), sweepTimeout)
	defer cancel()
	var body io.Reader
	if q.body != "" {
		body = strings.NewReader(q.body)
	}
	req, err := http.NewRequestWithContext(ctx, q.method, w.f.URL+q.path, body)
	if err != nil {
		return "" // not a request a client can send (the transport refuses it)
	}
	if q.contentType != "" {
		req.Header.Set("Content-Type", q.contentType)
	}
	if token != "" {
		req.Header.Set(wire.TokenHeader, token)
	}
	res, err := w.client.Do(req)
	if err != nil {
		return "no answer: " + err.Error()
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		return "reading the answer: " + err.Error()
	}
	switch {
	case res.StatusCode == http.StatusServiceUnavailable && modelTraining(raw):
		return "" // the fixture's forecast model is not trained yet: whatever the input
	case res.StatusCode >= 500:
		return fmt.Sprintf("status %d: %s", res.StatusCode, raw)
	case res.StatusCode >= 400:
		return errorShape(res, raw)
	}
	return ""
}

func modelTraining(raw []byte) bool {
	var e wire.Error
	return json.Unmarshal(raw, &e) == nil && e.Code == "model_training"
}

// errorShape checks a 4xx is the API's {"error","code"} JSON.
func errorShape(res *http.Response, raw []byte) string {
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		return fmt.Sprintf("status %d with Content-Type %q: %.200s", res.StatusCode, ct, raw)
	}
	var e wire.Error
	if err := json.Unmarshal(raw, &e); err != nil || e.Error == "" || e.Code == "" {
		return fmt.Sprintf("status %d without the error shape: %.200s", res.StatusCode, raw)
	}
	return ""
}

// prepare gives each request to a route that ends the session a session
// of its own (logged in one at a time, before the sweep, as password
// checks are bounded), so that the sweep keeps its tokens.
func (w *sweepWorld) prepare(t *testing.T, reqs []sweepRequest) {
	for i, q := range reqs {
		if q.as == "anonymous" || !endsSession(q.route) {
			continue
		}
		name := "carol"
		if q.as == "admin" {
			name = "dave"
		}
		tok, _ := w.f.login(name, adminPassword)
		reqs[i].token = tok
	}
}

// token is the x-token to send: none anonymously, the fixture's for the
// user and the admin, or the request's own session.
func (w *sweepWorld) token(q sweepRequest) (string, error) {
	switch {
	case q.token != "":
		return q.token, nil
	case q.as == "anonymous":
		return "", nil
	case q.as == "user":
		return w.f.userTok, nil
	case q.as == "admin":
		return w.f.adminTok, nil
	}
	return "", fmt.Errorf("unknown caller %q", q.as)
}

// endsSession tells the routes that end (or replace) the caller's session
// whatever the body says.
func endsSession(r sweptRoute) bool {
	return r.method == "POST" && (r.path == wire.RouteLogout || r.path == wire.RouteLogoutAll || r.path == wire.RouteRefresh)
}
