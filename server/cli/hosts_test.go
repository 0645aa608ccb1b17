package cli

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/fortfolio/fortfolio/server/config"
	"github.com/fortfolio/fortfolio/server/headers"
	"github.com/fortfolio/fortfolio/server/platform"
)

// assertHeaders fails unless res carries every header of want.
func assertHeaders(t *testing.T, what string, got http.Header, want map[string]string) {
	t.Helper()
	for k, v := range want {
		if got.Get(k) != v {
			t.Errorf("%s: %s = %q, want %q", what, k, got.Get(k), v)
		}
	}
}

// TestForgedHostAnswerHasSecurityHeaders: the 400 for an unknown Host is
// decorated like every other answer, over TLS and plain HTTP.
func TestForgedHostAnswerHasSecurityHeaders(t *testing.T) {
	for _, withTLS := range []bool{true, false} {
		srv := httptest.NewUnstartedServer(nil)
		srv.Config.Handler = newPlatform(t, []string{srv.Listener.Addr().String()}).Handler
		if withTLS {
			srv.TLS = TLSConfig()
			srv.StartTLS()
		} else {
			srv.Start()
		}
		for _, path := range []string{"/", "/api/me"} {
			req, _ := http.NewRequest("GET", srv.URL+path, nil)
			req.Host = "evil.example"
			res, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != http.StatusBadRequest {
				t.Fatalf("forged Host on %s: %d", path, res.StatusCode)
			}
			assertHeaders(t, "forged Host "+path, res.Header, headers.Expected(withTLS))
		}
		srv.Close()
	}
}

// TestRedirectListenerAnswersHaveNosniff: the plain-HTTP listener's 308
// and 400 carry nosniff (and the other plain-HTTP headers), never HSTS.
func TestRedirectListenerAnswersHaveNosniff(t *testing.T) {
	h := RedirectHandler([]string{"portfolio.example"})
	for _, c := range []struct{ host, path string }{{"portfolio.example", "/"}, {"portfolio.example", "/api/me"}, {"evil.example", "/"}} {
		req := httptest.NewRequest("GET", "http://"+c.host+c.path, nil)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		what := c.host + c.path
		if rec.Code != http.StatusPermanentRedirect && rec.Code != http.StatusBadRequest {
			t.Fatalf("%s: %d", what, rec.Code)
		}
		assertHeaders(t, what, rec.Header(), headers.Expected(false))
		if rec.Header().Get("Strict-Transport-Security") != "" {
			t.Errorf("%s: HSTS over plain HTTP", what)
		}
	}
}

// TestAllowedHostsWithNonDefaultPort: "--allowed-hosts fortfolio.test"
// with TLS on port 8443 accepts the Host a browser sends there
// ("fortfolio.test:8443"), still refuses other ports and names, and the
// HTTP listener redirects to that port.
func TestAllowedHostsWithNonDefaultPort(t *testing.T) {
	env := func(string) string { return "" }
	cfg, err := config.Load([]string{"--addr", "127.0.0.1:8443", "--allowed-hosts", "fortfolio.test", "--data", t.TempDir(),
		"--tls-cert", "cert.pem", "--tls-key", "key.pem"}, env, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	cfg.JWTSecret, cfg.Pepper = []byte(strings.Repeat("s", 32)), []byte(strings.Repeat("p", 32))
	p, err := platform.New(context.Background(), cfg, platform.Options{BcryptCost: bcrypt.MinCost})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	for host, want := range map[string]int{"fortfolio.test:8443": 200, "fortfolio.test": 200, "fortfolio.test:9999": 400, "evil.example:8443": 400} {
		req := httptest.NewRequest("GET", "https://"+host+"/healthz", nil)
		rec := httptest.NewRecorder()
		p.Handler.ServeHTTP(rec, req)
		if rec.Code != want {
			t.Errorf("Host %s: %d, want %d", host, rec.Code, want)
		}
	}
	rec := httptest.NewRecorder()
	RedirectHandler(cfg.AllowedHosts).ServeHTTP(rec, httptest.NewRequest("GET", "http://fortfolio.test:8080/portfolios", nil))
	if loc := rec.Header().Get("Location"); rec.Code != http.StatusPermanentRedirect || loc != "https://fortfolio.test:8443/portfolios" {
		t.Errorf("redirect: %d %q", rec.Code, loc)
	}
}
