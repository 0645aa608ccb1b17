package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/server/audit"
	"github.com/fortfolio/fortfolio/server/ratelimit"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// loginFrom sends a login as the client at ip (through X-Forwarded-For,
// believed from the trusted proxy 127.0.0.1) with an optional device token.
func (ts *testServer) loginFrom(ip, username, password, device string) (response, wire.LoginResponse) {
	ts.t.Helper()
	b, _ := json.Marshal(wire.LoginRequest{Username: username, Password: password, Device: device})
	req, err := http.NewRequest("POST", ts.URL+"/api/auth/login", bytes.NewReader(b))
	if err != nil {
		ts.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if ip != "" {
		req.Header.Set("X-Forwarded-For", ip)
	}
	r := ts.send(req)
	var lr wire.LoginResponse
	if r.Status == http.StatusOK {
		if err := json.Unmarshal([]byte(r.Body), &lr); err != nil {
			ts.t.Fatal(err)
		}
	}
	return r, lr
}

// testClock is a settable clock shared by the server under test.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func newTestClock() *testClock { return &testClock{t: time.Now()} }

func (c *testClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// proxied is a server behind --trusted-proxy 127.0.0.1 with the default
// (production) login limits.
func proxied(t *testing.T, o testOptions) *testServer {
	t.Helper()
	rules := ratelimit.DefaultUserRules()
	for k := range rules {
		if k != ratelimit.ClassLogin {
			rules[k] = ratelimit.PerMinute(100000, 10000)
		}
	}
	o.rules = rules
	o.trusted = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
	return newTestServer(t, o)
}

// TestAttackDoesNotLockOutOwner drives 100 wrong passwords for one account
// from 20 client addresses: the owner's open session keeps working, a
// browser the owner signed in with before still logs in with the right
// password, and that login reports every attempt.
func TestAttackDoesNotLockOutOwner(t *testing.T) {
	clk := newTestClock()
	ts := proxied(t, testOptions{now: clk.now})
	if r := ts.do("POST", "/api/auth/register", "", wire.Credentials{Username: "victim", Password: goodPassword}); r.Status != 201 {
		t.Fatalf("register: %d %s", r.Status, r.Body)
	}
	r, home := ts.loginFrom("198.51.100.1", "victim", goodPassword, "")
	if r.Status != 200 || len(home.Device) != 43 {
		t.Fatalf("first login: %d device %q", r.Status, home.Device)
	}
	locks := 0
	for i := 0; i < 100; i++ {
		if i%5 == 0 {
			clk.advance(35 * time.Second) // a patient attacker: the rate limits refill, the locks trip
		}
		r, _ := ts.loginFrom(fmt.Sprintf("203.0.113.%d", i%20+1), "victim", fmt.Sprintf("wrong guess %d", i), "")
		if r.Status != 401 && r.Status != 429 {
			t.Fatalf("attempt %d: %d %s", i, r.Status, r.Body)
		}
		if r.Status == 429 {
			if s, _ := strconv.Atoi(r.Header.Get("Retry-After")); s < 1 || s > 15*60 {
				t.Fatalf("attempt %d: Retry-After %q, want 1..900", i, r.Header.Get("Retry-After"))
			}
			if strings.Contains(r.Body, "paused") {
				locks++
			}
		}
		if me := ts.do("GET", "/api/me", home.Token.Token, nil); me.Status != 200 {
			t.Fatalf("after %d attempts the open session answers %d: a failed-login lock ended it", i+1, me.Status)
		}
	}
	if locks == 0 {
		t.Fatal("the attack never locked untrusted clients: the test proves nothing about locks")
	}
	r, _ = ts.loginFrom("192.0.2.9", "victim", goodPassword, "")
	if r.Status != 429 || !strings.Contains(r.Body, "signed in with before") || r.Header.Get("Retry-After") == "" {
		t.Fatalf("right password from an unknown browser = %d %s, want 429 saying why", r.Status, r.Body)
	}
	r, again := ts.loginFrom("192.0.2.9", "victim", goodPassword, home.Device)
	if r.Status != 200 {
		t.Fatalf("known device with the right password = %d %s, want 200", r.Status, r.Body)
	}
	if again.FailedAttempts != 101 || again.Device != home.Device {
		t.Errorf("failed attempts %d (want the 100 guesses and the refused login), device kept %v",
			again.FailedAttempts, again.Device == home.Device)
	}
}

// TestKnownDeviceHasItsOwnLock: failures from a known device lock that
// device only; other clients are not refused because of them.
func TestKnownDeviceHasItsOwnLock(t *testing.T) {
	ts := proxied(t, testOptions{})
	ts.registerAndLogin("dora", goodPassword)
	_, first := ts.loginFrom("198.51.100.2", "dora", goodPassword, "")
	for i := 0; i < 5; i++ {
		if r, _ := ts.loginFrom(fmt.Sprintf("198.51.100.%d", 10+i), "dora", "wrong password!", first.Device); r.Status != 401 {
			t.Fatalf("attempt %d: %d %s", i, r.Status, r.Body)
		}
	}
	r, _ := ts.loginFrom("198.51.100.20", "dora", goodPassword, first.Device)
	if r.Status != 429 || !strings.Contains(r.Body, "from this browser") {
		t.Fatalf("locked device = %d %s, want 429 naming the browser", r.Status, r.Body)
	}
	if r, _ := ts.loginFrom("198.51.100.21", "dora", goodPassword, ""); r.Status != 200 {
		t.Fatalf("another browser after the device lock = %d %s, want 200", r.Status, r.Body)
	}
	if r, _ := ts.loginFrom("198.51.100.22", "dora", goodPassword, "not-a-device-token"); r.Status != 200 {
		t.Fatalf("a malformed device token is an unknown browser, not an error: %d %s", r.Status, r.Body)
	}
}

// TestLockIsTimeBoundedAndAdminClearsIt: repeated locks of untrusted
// clients never exceed 15 minutes, and an admin unlock clears the lock and
// the account's login limit at once.
func TestLockIsTimeBoundedAndAdminClearsIt(t *testing.T) {
	clk := newTestClock()
	advance := clk.advance
	ts := proxied(t, testOptions{now: clk.now})
	ts.registerAndLogin("gus", goodPassword)
	advance(time.Minute) // the account's login bucket refills
	for round := 0; round < 7; round++ {
		for i := 0; i < 5; i++ {
			if r, _ := ts.loginFrom(fmt.Sprintf("203.0.113.%d", round*5+i+1), "gus", "wrong password!", ""); r.Status != 401 {
				t.Fatalf("round %d attempt %d: %d %s", round, i, r.Status, r.Body)
			}
		}
		r, _ := ts.loginFrom("192.0.2.1", "gus", goodPassword, "")
		secs, _ := strconv.Atoi(r.Header.Get("Retry-After"))
		if r.Status != 429 || secs < 1 || secs > 15*60 {
			t.Fatalf("round %d: %d Retry-After %q, want 429 within 15 minutes", round, r.Status, r.Header.Get("Retry-After"))
		}
		advance(time.Duration(secs)*time.Second + time.Second)
	}
	r, lr := ts.loginFrom("192.0.2.1", "gus", goodPassword, "")
	if r.Status != 200 || lr.FailedAttempts != 42 {
		t.Fatalf("after the last lock ran out: %d failed %d %s, want 200 and 42 attempts", r.Status, lr.FailedAttempts, r.Body)
	}
	if !strings.Contains(r.Body, "open sessions were not affected") {
		t.Errorf("no lockout notice at the next login: %s", r.Body)
	}
	if _, lr := ts.loginFrom("192.0.2.1", "gus", goodPassword, ""); lr.FailedAttempts != 0 {
		t.Fatalf("the notice repeats: %d attempts", lr.FailedAttempts)
	}
	u, err := ts.Platform.Store.UserByUsername(t.Context(), "gus")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 5; i++ {
		ts.loginFrom(fmt.Sprintf("203.0.113.%d", 100+i), "gus", "wrong password!", "")
	}
	if err := ts.Platform.Store.Unlock(t.Context(), u.ID); err != nil {
		t.Fatal(err)
	}
	ts.Platform.Auth.ClearLoginLimits("gus")
	if r, _ := ts.loginFrom("192.0.2.2", "gus", goodPassword, ""); r.Status != 200 {
		t.Fatalf("after unlock: %d %s", r.Status, r.Body)
	}
}

// TestCancelledLoginIsRecorded: a client that disconnects before the
// answer still has its attempt counted and audited.
func TestCancelledLoginIsRecorded(t *testing.T) {
	ts := newTestServer(t)
	ts.registerAndLogin("hank", goodPassword)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	body, _ := json.Marshal(wire.LoginRequest{Username: "hank", Password: "cancelled guess"})
	req := httptest.NewRequestWithContext(ctx, "POST", "/api/auth/login", bytes.NewReader(body))
	req.Host = strings.TrimPrefix(ts.URL, "http://")
	req.RemoteAddr = "127.0.0.1:5555"
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	ts.Platform.Handler.ServeHTTP(rec, req)
	if rec.Code != 401 {
		t.Fatalf("cancelled attempt answered %d %s", rec.Code, rec.Body)
	}
	if !strings.Contains(auditText(t, ts), `"reason":"wrong password (untrusted device)"`) {
		t.Error("the cancelled attempt is not in the audit log")
	}
	if r, lr := ts.loginFrom("", "hank", goodPassword, ""); r.Status != 200 || lr.FailedAttempts != 1 {
		t.Fatalf("next login: %d, %d failed attempts, want 1", r.Status, lr.FailedAttempts)
	}
}

// TestOverlongLoginInputRecorded: overlong usernames and passwords are
// refused without a hash but counted and audited.
func TestOverlongLoginInputRecorded(t *testing.T) {
	ts := newTestServer(t)
	ts.registerAndLogin("ivy", goodPassword)
	if r, _ := ts.loginFrom("", strings.Repeat("u", 200), goodPassword, ""); r.Status != 401 {
		t.Fatalf("overlong username: %d %s", r.Status, r.Body)
	}
	if r, _ := ts.loginFrom("", "ivy", strings.Repeat("p", 5000), ""); r.Status != 401 {
		t.Fatalf("overlong password: %d %s", r.Status, r.Body)
	}
	log := auditText(t, ts)
	for _, want := range []string{`"reason":"overlong username"`, `"reason":"overlong password (untrusted device)"`} {
		if !strings.Contains(log, want) {
			t.Errorf("audit log lacks %s", want)
		}
	}
	if _, lr := ts.loginFrom("", "ivy", goodPassword, ""); lr.FailedAttempts != 1 {
		t.Fatalf("%d failed attempts reported, want the overlong password", lr.FailedAttempts)
	}
}

// TestRefusalFloodKeepsOlderEvents: 2,000 refused requests cost no
// synchronous write, keep older events and add a few counted rows and
// audit summaries.
func TestRefusalFloodKeepsOlderEvents(t *testing.T) {
	ts := newTestServer(t, testOptions{rateAPI: 60})
	token, _ := ts.registerAndLogin("jay", goodPassword)
	if r := ts.do("GET", "/api/admin/users", token, nil); r.Status != 403 {
		t.Fatalf("admin probe: %d", r.Status)
	}
	ctx := t.Context()
	before := eventRows(t, ts)
	refused := 0
	for i := 0; i < 2000; i++ {
		if r := ts.do("GET", "/api/me", token, nil); r.Status == 429 {
			refused++
		}
	}
	if refused < 1900 {
		t.Fatalf("only %d of 2000 refused", refused)
	}
	if n := eventRows(t, ts); n != before {
		t.Errorf("refusals wrote %d rows synchronously", n-before)
	}
	if err := ts.Platform.Refusals.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if n := eventRows(t, ts); n > before+3 {
		t.Errorf("2000 refusals added %d rows, want at most 3", n-before)
	}
	if ev, _ := ts.Platform.Store.ListSecurityEvents(ctx, "forbidden_admin", time.Time{}, 10); len(ev) != 1 {
		t.Errorf("the older forbidden_admin event is gone: %v", ev)
	}
	counts, err := ts.Platform.Store.CountSecurityEvents(ctx, time.Now().Add(-time.Hour))
	if err != nil || counts["rate_limited"] != refused {
		t.Errorf("rate_limited counted %d, want %d (err %v)", counts["rate_limited"], refused, err)
	}
	lines, total := rateLimitSummaries(t, ts)
	if lines > 3 || total != refused {
		t.Errorf("audit: %d summary lines counting %d, want at most 3 counting %d", lines, total, refused)
	}
}

// eventRows counts the security event rows.
func eventRows(t *testing.T, ts *testServer) int {
	t.Helper()
	ev, err := ts.Platform.Store.ListSecurityEvents(t.Context(), "", time.Time{}, 500)
	if err != nil {
		t.Fatal(err)
	}
	return len(ev)
}

// auditText is the whole audit log.
func auditText(t *testing.T, ts *testServer) string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(ts.DataDir, "audit", "*.jsonl"))
	var b strings.Builder
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(data)
	}
	return b.String()
}

// rateLimitSummaries counts the ratelimit.hit audit lines and the refusals
// they stand for.
func rateLimitSummaries(t *testing.T, ts *testServer) (lines, total int) {
	t.Helper()
	for _, line := range strings.Split(auditText(t, ts), "\n") {
		var e struct {
			Action  string            `json:"action"`
			Details map[string]string `json:"details"`
		}
		if line == "" || json.Unmarshal([]byte(line), &e) != nil || e.Action != audit.ActionRateLimitHit {
			continue
		}
		n, _ := strconv.Atoi(e.Details["count"])
		lines, total = lines+1, total+n
	}
	return lines, total
}

// TestAttackDoesNotBlockPasswordChange: attempts by others on an account
// name use up its login limit, not its owner's password change.
func TestAttackDoesNotBlockPasswordChange(t *testing.T) {
	// Both changes that ask for the current password are keyed by the
	// signed-in account, not by the name attackers can target.
	changes := []struct {
		name, method, path string
		body               any
	}{
		{"password change", "POST", "/api/auth/change-password", wire.ChangePassword{CurrentPassword: goodPassword, NewPassword: "a different fine passphrase"}},
		{"e-mail change", "PUT", "/api/me/email", wire.EmailChange{Email: "kim@example.com", CurrentPassword: goodPassword}},
	}
	for _, c := range changes {
		t.Run(c.name, func(t *testing.T) {
			ts := proxied(t, testOptions{})
			token, _ := ts.registerAndLogin("kim", goodPassword)
			limited := false
			for i := 0; i < 20; i++ {
				r, _ := ts.loginFrom(fmt.Sprintf("203.0.113.%d", i+1), "kim", "wrong password!", "")
				limited = limited || r.Status == 429
			}
			if !limited {
				t.Fatal("the account's login limit never refused: the test proves nothing")
			}
			if r := ts.do(c.method, c.path, token, c.body); r.Status != 200 {
				t.Fatalf("%s during an attack = %d %s, want 200", c.name, r.Status, r.Body)
			}
		})
	}
}

// TestOverlongPasswordCostsTheSameForAnyName: an overlong password is
// refused after exactly one bcrypt run whether or not the account exists,
// so its answer time does not tell which usernames are taken.
func TestOverlongPasswordCostsTheSameForAnyName(t *testing.T) {
	ts := newTestServer(t)
	ts.registerAndLogin("lena", goodPassword)
	hasher := ts.Platform.Auth.Hasher()
	for _, name := range []string{"lena", "nobody-here"} {
		before := hasher.BcryptRuns()
		r, _ := ts.loginFrom("", name, strings.Repeat("p", 5000), "")
		if r.Status != 401 {
			t.Fatalf("%s: overlong password = %d %s, want 401", name, r.Status, r.Body)
		}
		if ran := hasher.BcryptRuns() - before; ran != 1 {
			t.Errorf("%s: %d bcrypt runs for an overlong password, want 1 like any other name", name, ran)
		}
	}
}
