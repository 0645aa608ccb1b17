package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/fortfolio/fortfolio/server/alerts"
	"github.com/fortfolio/fortfolio/server/config"
	"github.com/fortfolio/fortfolio/server/forecast"
	"github.com/fortfolio/fortfolio/server/market"
	"github.com/fortfolio/fortfolio/server/platform"
	"github.com/fortfolio/fortfolio/server/ratelimit"
	"github.com/fortfolio/fortfolio/server/store/pgtest"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// testServer is a real Fortfolio on a temp data dir behind httptest.
// Tests share it through the helpers below.
type testServer struct {
	t        *testing.T
	URL      string
	Platform *platform.Platform
	DataDir  string
	// Database is the PostgreSQL URL on the PostgreSQL run ("" on SQLite).
	Database string
	Secret   []byte
}

// testOptions tweak the server under test.
type testOptions struct {
	rules    map[string]ratelimit.Rule
	now      func() time.Time
	dev      bool
	smtp     config.SMTP     // e-mail notices relay (off when empty)
	market   market.Provider // replaces the configured provider when set
	data     string          // data directory (a new temp dir when empty)
	database string          // PostgreSQL URL (on the PostgreSQL run: the data directory's database)
	// trusted is --trusted-proxy: X-Forwarded-For is believed from there.
	trusted []netip.Prefix
	// rateAPI is --rate-api (100000 when zero).
	rateAPI int
	// alerts configures the alert channels (Telegram fake Bot API).
	alerts config.Alerts
	// pushPrivate lets Web Push reach the local fake push service.
	pushPrivate bool
	// alertLimits replaces alerts.DefaultLimits when set.
	alertLimits alerts.Limits
	// forecastTrain is the model training schedule (production when zero).
	forecastTrain forecast.TrainConfig
	// requireMFA is --require-mfa-for-admins.
	requireMFA bool
	// auditSyncDelay holds the fsync of deferred audit lines (default
	// when zero).
	auditSyncDelay time.Duration
}

// newTestServer starts a server with generous per-user limits (tests of
// the limits pass their own rules) and bcrypt's minimum cost.
func newTestServer(t *testing.T, opts ...testOptions) *testServer {
	t.Helper()
	var o testOptions
	if len(opts) > 0 {
		o = opts[0]
	}
	if o.rules == nil {
		o.rules = ratelimit.DefaultUserRules()
		for k := range o.rules {
			o.rules[k] = ratelimit.PerMinute(100000, 10000)
		}
	}
	srv := httptest.NewUnstartedServer(nil)
	host := srv.Listener.Addr().String()
	ts := &testServer{t: t, DataDir: o.data, Secret: []byte(strings.Repeat("k", 32))}
	if ts.DataDir == "" {
		ts.DataDir = t.TempDir()
	}
	if o.database == "" {
		o.database = testDatabase(t, ts.DataDir)
	}
	if o.rateAPI == 0 {
		o.rateAPI = 100000
	}
	cfg := config.Config{
		DataDir: ts.DataDir, AllowedHosts: []string{host}, RateGeneral: 100000, RateAPI: o.rateAPI, Dev: o.dev,
		JWTSecret: ts.Secret, Pepper: []byte(strings.Repeat("p", 32)), SMTP: o.smtp, TrustedProxies: o.trusted,
		Alerts: o.alerts, RequireMFAForAdmins: o.requireMFA, DatabaseURL: o.database,
	}
	if o.database != "" {
		cfg.BackupDatabaseURL = pgtest.BackupURL(t, o.database) // pg_dump reads past row-level security
	}
	p, err := platform.New(context.Background(), cfg, platform.Options{BcryptCost: bcrypt.MinCost, UserRules: o.rules, Now: o.now, Market: o.market,
		PushAllowPrivate: o.pushPrivate, AlertLimits: o.alertLimits, ForecastTrain: o.forecastTrain, AuditSyncDelay: o.auditSyncDelay})
	if err != nil {
		t.Fatal(err)
	}
	ts.Platform = p
	ts.Database = o.database
	srv.Config.Handler = p.Handler
	srv.Start()
	ts.URL = srv.URL
	t.Cleanup(func() { srv.Close(); p.Close() })
	return ts
}

// response is a decoded answer.
type response struct {
	Status int
	Header http.Header
	Body   string
}

// do sends a request; body may be a string (sent as is) or a value
// (JSON-encoded). token, when set, goes in x-token.
func (ts *testServer) do(method, path, token string, body any) response {
	ts.t.Helper()
	return ts.doHeaders(method, path, token, nil, body)
}

// doHeaders is do with extra request headers.
func (ts *testServer) doHeaders(method, path, token string, headers map[string]string, body any) response {
	ts.t.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		r = strings.NewReader(b)
	case []byte:
		r = bytes.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			ts.t.Fatal(err)
		}
		r = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, ts.URL+path, r)
	if err != nil {
		ts.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set(wire.TokenHeader, token)
	}
	for k, v := range headers {
		if k == "Host" { // the client sends req.Host, not a Host header
			req.Host = v
			continue
		}
		req.Header.Set(k, v)
	}
	return ts.send(req)
}

func (ts *testServer) send(req *http.Request) response {
	ts.t.Helper()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		ts.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{Status: res.StatusCode, Header: res.Header, Body: string(b)}
}

// registerAndLogin creates an account and returns its token and id.
func (ts *testServer) registerAndLogin(username, password string) (token, id string) {
	ts.t.Helper()
	if r := ts.do("POST", "/api/auth/register", "", wire.Credentials{Username: username, Password: password}); r.Status != http.StatusCreated {
		ts.t.Fatalf("register %s: %d %s", username, r.Status, r.Body)
	}
	return ts.login(username, password)
}

// login returns a token and the user id.
func (ts *testServer) login(username, password string) (token, id string) {
	ts.t.Helper()
	r := ts.do("POST", "/api/auth/login", "", wire.Credentials{Username: username, Password: password})
	if r.Status != http.StatusOK {
		ts.t.Fatalf("login %s: %d %s", username, r.Status, r.Body)
	}
	var lr wire.LoginResponse
	if err := json.Unmarshal([]byte(r.Body), &lr); err != nil {
		ts.t.Fatal(err)
	}
	return lr.Token.Token, lr.User.ID
}

// doNoFatal is do for other goroutines than the test's: a transport
// failure comes back as status 0 with the error as body.
func (ts *testServer) doNoFatal(method, path, token string, body any) response {
	var r io.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		if err != nil {
			return response{Body: err.Error()}
		}
		r = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, ts.URL+path, r)
	if err != nil {
		return response{Body: err.Error()}
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set(wire.TokenHeader, token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return response{Body: err.Error()}
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{Status: res.StatusCode, Header: res.Header, Body: string(b)}
}
