package cli

import (
	"bufio"
	"context"
	"crypto/tls"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/fortfolio/fortfolio/server/config"
	"github.com/fortfolio/fortfolio/server/headers"
	"github.com/fortfolio/fortfolio/server/platform"
)

func newPlatform(t *testing.T, hosts []string) *platform.Platform {
	t.Helper()
	cfg := config.Config{DataDir: t.TempDir(), AllowedHosts: hosts, RateGeneral: 1000, RateAPI: 1000,
		JWTSecret: []byte(strings.Repeat("s", 32)), Pepper: []byte(strings.Repeat("p", 32))}
	p, err := platform.New(context.Background(), cfg, platform.Options{BcryptCost: bcrypt.MinCost})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

// TestSecurityHeadersOverTLS asserts every header value of the brief on
// pages, static files, API errors and 404s served over TLS.
func TestSecurityHeadersOverTLS(t *testing.T) {
	srv := httptest.NewUnstartedServer(nil)
	srv.Config.Handler = newPlatform(t, []string{srv.Listener.Addr().String()}).Handler
	srv.TLS = TLSConfig()
	srv.StartTLS()
	defer srv.Close()
	client := srv.Client()
	for _, path := range []string{"/", "/security", "/web/fortfolio.css", "/api/me", "/no/such/page", "/healthz", "/manifest.webmanifest"} {
		t.Run(path, func(t *testing.T) {
			res, err := client.Get(srv.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			for k, want := range headers.Expected(true) {
				if got := res.Header.Get(k); got != want {
					t.Errorf("%s: %s = %q, want %q", path, k, got, want)
				}
			}
			if ct := res.Header.Get("Content-Type"); strings.HasPrefix(ct, "text/html") && ct != "text/html; charset=utf-8" {
				t.Errorf("%s: Content-Type %q lacks the charset", path, ct)
			}
		})
	}
}

func TestNoHSTSOverPlainHTTP(t *testing.T) {
	srv := httptest.NewUnstartedServer(nil)
	srv.Config.Handler = newPlatform(t, []string{srv.Listener.Addr().String()}).Handler
	srv.Start()
	defer srv.Close()
	res, err := http.Get(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.Header.Get("Strict-Transport-Security") != "" {
		t.Error("HSTS sent over plain HTTP")
	}
	if res.Header.Get("Content-Security-Policy") != headers.CSP {
		t.Error("CSP missing over plain HTTP")
	}
}

func TestTLSMinimumVersion(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.NotFoundHandler())
	srv.TLS = TLSConfig()
	srv.StartTLS()
	defer srv.Close()
	conn, err := tls.Dial("tcp", srv.Listener.Addr().String(), &tls.Config{InsecureSkipVerify: true, MaxVersion: tls.VersionTLS11, MinVersion: tls.VersionTLS10}) // #nosec G402 -- the test proves old versions are refused
	if err == nil {
		conn.Close()
		t.Fatal("a TLS 1.1 handshake succeeded")
	}
}

func TestRedirectHandler(t *testing.T) {
	h := RedirectHandler([]string{"portfolio.example", "alt.example:8443"})
	cases := []struct {
		host, path string
		status     int
		location   string
	}{
		{"portfolio.example", "/portfolios?x=1", 308, "https://portfolio.example/portfolios?x=1"},
		{"alt.example:80", "/", 308, "https://alt.example:8443/"},
		{"portfolio.example", "/api/me", 400, ""},
		{"portfolio.example", "/api", 400, ""},
		{"evil.example", "/", 400, ""},
	}
	for _, c := range cases {
		req := httptest.NewRequest("GET", "http://"+c.host+c.path, nil)
		req.Host = c.host
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != c.status || rec.Header().Get("Location") != c.location {
			t.Errorf("%s%s: %d %q, want %d %q", c.host, c.path, rec.Code, rec.Header().Get("Location"), c.status, c.location)
		}
	}
}

// startServer runs NewHTTPServer on a loopback listener.
func startServer(t *testing.T, h http.Handler) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := NewHTTPServer(ln.Addr().String(), h)
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

func TestHeadersOverCapAnswer431(t *testing.T) {
	addr := startServer(t, http.NotFoundHandler())
	req, _ := http.NewRequest("GET", "http://"+addr+"/", nil)
	req.Header.Set("X-Big", strings.Repeat("a", maxHeaderBytes+4096))
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Fatalf("status %d, want 431", res.StatusCode)
	}
}

func TestSlowlorisClosed(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for ReadHeaderTimeout")
	}
	addr := startServer(t, http.NotFoundHandler())
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_, _ = conn.Write([]byte("GET / HTTP/1.1\r\nHost: x\r\n"))
	_ = conn.SetReadDeadline(time.Now().Add(readHeaderTimeout + 5*time.Second))
	line, err := bufio.NewReader(conn).ReadString('\n')
	if err == nil && !strings.Contains(line, "408") {
		t.Fatalf("server answered %q to an unfinished header", line)
	}
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Fatal("the connection stayed open past ReadHeaderTimeout")
	}
	if err != nil && err != io.EOF && !strings.Contains(err.Error(), "reset") {
		t.Fatalf("unexpected error %v", err)
	}
}
