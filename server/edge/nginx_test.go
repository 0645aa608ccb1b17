package edge

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/fortfolio/fortfolio/server/config"
	"github.com/fortfolio/fortfolio/server/platform"

	"github.com/fortfolio/fortfolio/server/testenv"
)

const domain = "fortfolio.example.com"

// edge is nginx in front of the app, with the ports it listens on.
type edge struct {
	httpAddr, httpsAddr string
	platform            *platform.Platform
	nginx               *exec.Cmd // the nginx master
}

// nginxCandidates are where nginx is looked for, in order.
var nginxCandidates = []string{"/usr/sbin/nginx", "nginx"}

// nginxPath finds nginx. Without it the edge config goes untested, so the
// test says so loudly: a failure in CI (CI set and not "false"), elsewhere
// a skip whose message is also written to stderr.
func nginxPath(t *testing.T) string {
	for _, p := range nginxCandidates {
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	const msg = "nginx is not installed, so the edge config build/nginx.conf is NOT tested: " +
		"run 'make test' (it installs nginx) or 'apt-get install -y nginx'"
	testenv.Missing(t, msg)
	return ""
}

func freePort(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// startApp runs Fortfolio plain-HTTP on loopback, trusting only 127.0.0.1.
func startApp(t *testing.T) (string, *platform.Platform) {
	cfg := config.Config{DataDir: t.TempDir(), AllowedHosts: []string{domain}, RateGeneral: 100000, RateAPI: 100000,
		TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")},
		JWTSecret:      []byte(strings.Repeat("s", 32)), Pepper: []byte(strings.Repeat("p", 32))}
	p, err := platform.New(context.Background(), cfg, platform.Options{BcryptCost: bcrypt.MinCost})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: p.Handler, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { srv.Close(); p.Close() })
	return ln.Addr().String(), p
}

// rewriteConfig points build/nginx.conf at temp files, test ports and the
// test app nodes, leaving every limit and location as shipped.
func rewriteConfig(t *testing.T, dir string, appAddrs []string, httpAddr, httpsAddr, cert, key string) string {
	b, err := os.ReadFile("../../build/nginx.conf")
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	repl := []struct{ re, with string }{
		{`(?m)^\s*user\s+[^;]+;`, ""},
		{`(?m)^\s*listen\s+\[::\]:\d+[^;]*;`, ""},
		{`pid\s+[^;]+;`, "pid " + filepath.Join(dir, "nginx.pid") + ";"},
		{`error_log\s+/[^\s;]+`, "error_log " + filepath.Join(dir, "error.log")},
		{`access_log\s+/[^\s;]+`, "access_log " + filepath.Join(dir, "access.log")},
		{`listen\s+80\b`, "listen " + httpAddr},
		{`listen\s+443\b`, "listen " + httpsAddr},
		{`ssl_certificate\s+[^;]+;`, "ssl_certificate " + cert + ";"},
		{`ssl_certificate_key\s+[^;]+;`, "ssl_certificate_key " + key + ";"},
		{`server\s+127\.0\.0\.1:8000`, "server " + strings.Join(appAddrs, " max_fails=2 fail_timeout=10s;\n        server ")},
		{`/var/www/acme`, dir},
	}
	for _, r := range repl {
		s = regexp.MustCompile(r.re).ReplaceAllString(s, r.with)
	}
	httpBlock := regexp.MustCompile(`(?m)^http\s*\{`)
	for _, k := range []string{"client_body", "proxy", "fastcgi", "uwsgi", "scgi"} {
		s = httpBlock.ReplaceAllString(s, fmt.Sprintf("http {\n    %s_temp_path %s;", k, filepath.Join(dir, k)))
	}
	path := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(path, []byte(s), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func selfSigned(t *testing.T, dir string) (string, string) {
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: domain}, DNSNames: []string{domain},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kb, _ := x509.MarshalECPrivateKey(key)
	cert, keyPath := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	_ = os.WriteFile(cert, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	_ = os.WriteFile(keyPath, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600)
	return cert, keyPath
}

func startEdge(t *testing.T) *edge {
	appAddr, p := startApp(t)
	e := startNginx(t, appAddr)
	e.platform = p
	return e
}

// startNginx runs the shipped nginx config in front of the app nodes.
func startNginx(t *testing.T, appAddrs ...string) *edge {
	bin := nginxPath(t)
	dir := t.TempDir()
	e := &edge{httpAddr: freePort(t), httpsAddr: freePort(t)}
	cert, key := selfSigned(t, dir)
	conf := rewriteConfig(t, dir, appAddrs, e.httpAddr, e.httpsAddr, cert, key)
	if out, err := exec.Command(bin, "-t", "-c", conf, "-p", dir).CombinedOutput(); err != nil {
		t.Fatalf("nginx -t: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "-c", conf, "-p", dir, "-g", "daemon off;")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stopNginx(cmd) })
	e.nginx = cmd
	for i := 0; i < 100; i++ {
		if c, err := net.Dial("tcp", e.httpsAddr); err == nil {
			c.Close()
			return e
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("nginx did not start")
	return nil
}

// stopNginx stops nginx with its workers. nginx runs in a process group of
// its own; SIGTERM makes the master stop its workers and exit, and whatever
// of the group is left after five seconds is killed. Killing only the master
// would leave its workers running, holding the test's ports and any file
// descriptors they inherited.
func stopNginx(cmd *exec.Cmd) {
	group := -cmd.Process.Pid
	_ = syscall.Kill(group, syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
	}
	_ = syscall.Kill(group, syscall.SIGKILL)
	<-done
}

// client connects from source address 127.0.0.2 so the app can tell the
// client apart from the proxy on 127.0.0.1.
func (e *edge) client() *http.Client { return e.clientFrom("127.0.0.2") }

// clientFrom is client from another loopback source address (nginx limits
// each address on its own).
func (e *edge) clientFrom(ip string) *http.Client {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: 5 * time.Second}
	return &http.Client{
		Timeout: 10 * time.Second,
		Transport: &http.Transport{
			DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
				target := e.httpsAddr
				if strings.HasSuffix(addr, ":80") {
					target = e.httpAddr
				}
				return d.DialContext(ctx, network, target)
			},
			TLSClientConfig: &tls.Config{ServerName: domain, InsecureSkipVerify: true}, // #nosec G402 -- self-signed test certificate
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

func TestNginxEdge(t *testing.T) {
	e := startEdge(t)
	c := e.client()
	t.Run("http pages redirect with 308", func(t *testing.T) {
		res, err := c.Get("http://" + domain + "/portfolios?x=1")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 308 || res.Header.Get("Location") != "https://"+domain+"/portfolios?x=1" {
			t.Fatalf("%d %q", res.StatusCode, res.Header.Get("Location"))
		}
	})
	t.Run("http api refused with 400", func(t *testing.T) {
		res, err := c.Get("http://" + domain + "/api/me")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 400 {
			t.Fatalf("status %d", res.StatusCode)
		}
	})
	t.Run("https proxied with app headers", func(t *testing.T) {
		res, err := c.Get("https://" + domain + "/healthz")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 200 || res.Header.Get("Content-Security-Policy") == "" {
			t.Fatalf("%d csp=%q", res.StatusCode, res.Header.Get("Content-Security-Policy"))
		}
	})
	t.Run("forwarded client address, spoofing ignored", func(t *testing.T) {
		req, _ := http.NewRequest("POST", "https://"+domain+"/api/auth/login", strings.NewReader(`{"username":"nobody","password":"wrong password"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Forwarded-For", "203.0.113.9")
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		events, err := e.platform.Store.ListSecurityEvents(context.Background(), "login_failure", time.Time{}, 10)
		if err != nil || len(events) == 0 {
			t.Fatalf("no login_failure event (%v)", err)
		}
		if events[0].IP != "127.0.0.2" {
			t.Fatalf("the app saw client %q, want 127.0.0.2 (the real client behind nginx)", events[0].IP)
		}
	})
	t.Run("edge rate limit answers 429", func(t *testing.T) {
		limited := 0
		for i := 0; i < 45; i++ {
			res, err := c.Get("https://" + domain + "/security")
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode == 429 {
				limited++
			}
		}
		if limited == 0 {
			t.Fatal("45 quick page loads were never limited by nginx (30r/m, burst 30)")
		}
	})
}

// TestNginxStopsWithItsWorkers: stopping the edge leaves no nginx worker
// behind (a worker outlives a master that is only killed).
func TestNginxStopsWithItsWorkers(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("needs /proc to find nginx's workers")
	}
	e := startNginx(t, "127.0.0.1:9")
	workers := childrenOf(t, e.nginx.Process.Pid)
	if len(workers) == 0 {
		t.Fatal("nginx started no worker")
	}
	stopNginx(e.nginx)
	for _, pid := range workers {
		if alive(pid) {
			t.Errorf("nginx worker %d still runs after the edge stopped", pid)
		}
	}
}

// childrenOf lists the processes whose parent is pid.
func childrenOf(t *testing.T, pid int) []int {
	t.Helper()
	var kids []int
	for i := 0; i < 50 && len(kids) == 0; i++ {
		entries, err := os.ReadDir("/proc")
		if err != nil {
			t.Fatal(err)
		}
		for _, de := range entries {
			var child int
			if _, err := fmt.Sscan(de.Name(), &child); err != nil {
				continue
			}
			if state, ppid, ok := procStat(child); ok && ppid == pid && state != "Z" {
				kids = append(kids, child)
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	return kids
}

// alive reports whether pid is a process that has not exited (a zombie
// waiting for its parent counts as exited).
func alive(pid int) bool {
	state, _, ok := procStat(pid)
	return ok && state != "Z"
}

// procStat reads a process's state and parent from /proc/PID/stat.
func procStat(pid int) (state string, ppid int, ok bool) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return "", 0, false
	}
	// The command name is in parentheses and may hold spaces; the fields
	// after it are "state ppid ...".
	rest := string(b)
	if i := strings.LastIndexByte(rest, ')'); i >= 0 {
		rest = rest[i+1:]
	}
	if _, err := fmt.Sscan(rest, &state, &ppid); err != nil {
		return "", 0, false
	}
	return state, ppid, true
}
