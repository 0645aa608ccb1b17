package e2e

import (
	"context"
	"fmt"
	"io/fs"
	"net"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"golang.org/x/crypto/bcrypt"

	"github.com/fortfolio/fortfolio/server/config"
	"github.com/fortfolio/fortfolio/server/platform"
	"github.com/fortfolio/fortfolio/server/ratelimit"
	"github.com/fortfolio/fortfolio/web"
)

// site is a running server plus a browser tab that records problems.
type site struct {
	t        *testing.T
	URL      string
	server   *httptest.Server
	offline  bool
	Platform *platform.Platform
	ctx      context.Context
	mu       sync.Mutex
	problems []string
	allowed  []refusal
	// profile is the browser's user-data-dir (kept across restartBrowser);
	// stop ends the running browser.
	profile string
	stop    func()
}

// refusal is an HTTP error answer a test provokes on purpose: its status
// and a path.Match pattern of the URL path ("/api/admin/users/*/lock").
type refusal struct {
	status  int
	pattern string
}

func chromiumPath(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Fatal("chromium is not installed: run 'make test' (it installs Debian's chromium) or 'apt-get install -y chromium'")
	return ""
}

// siteOption adjusts the configuration of a site before it starts.
type siteOption func(*config.Config, *platform.Options)

// newSite starts a server in development mode and a fresh browser.
func newSite(t *testing.T, opts ...siteOption) *site {
	t.Helper()
	return newSiteAt(t, false, opts...)
}

// newSiteAt is newSite; with localhost the browser opens the site as
// http://localhost:PORT (a secure context with a name, which WebAuthn
// needs for its relying party ID) instead of 127.0.0.1.
func newSiteAt(t *testing.T, localhost bool, opts ...siteOption) *site {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	if _, err := fs.Stat(web.Files, "app.wasm.gz"); err != nil {
		t.Fatal("web/app.wasm.gz is missing: run 'make wasm' before the browser tests (make test does)")
	}
	s := &site{t: t}
	srv := httptest.NewUnstartedServer(nil)
	host := srv.Listener.Addr().String()
	hosts := []string{host}
	if localhost {
		hosts = append(hosts, "localhost:"+strconv.Itoa(srv.Listener.Addr().(*net.TCPAddr).Port))
	}
	cfg := config.Config{
		DataDir: t.TempDir(), AllowedHosts: hosts, RateGeneral: 100000, RateAPI: 100000, Dev: true,
		JWTSecret: []byte(strings.Repeat("s", 32)), Pepper: []byte(strings.Repeat("p", 32)),
	}
	rules := ratelimit.DefaultUserRules()
	rules[ratelimit.ClassLogin] = ratelimit.PerMinute(1000, 100)
	rules[ratelimit.ClassCompute] = ratelimit.PerMinute(1000, 100)
	po := platform.Options{BcryptCost: bcrypt.MinCost, UserRules: rules, ForecastTrain: e2eForecastTrain}
	for _, o := range opts {
		o(&cfg, &po)
	}
	p, err := platform.New(context.Background(), cfg, po)
	if err != nil {
		t.Fatal(err)
	}
	s.Platform = p
	srv.Config.Handler = p.Handler
	srv.Start()
	s.URL = srv.URL
	if localhost {
		s.URL = "http://" + hosts[1]
	}
	s.server = srv
	t.Cleanup(func() { srv.Close(); p.Close() })
	s.startBrowser()
	t.Cleanup(s.assertCleanAtEnd)
	return s
}

// settle is how long a finished test's page may still report problems (a
// late fetch, a failed image, a rejected promise) before the final check.
const settle = 500 * time.Millisecond

// assertCleanAtEnd runs when the test ends, before the browser closes: it
// catches problems that arrive after the last step list.
func (s *site) assertCleanAtEnd() {
	if s.t.Failed() {
		return
	}
	time.Sleep(settle)
	if p := s.Problems(); len(p) > 0 {
		s.t.Errorf("browser reported %d problem(s) by the end of the test:\n%s", len(p), strings.Join(p, "\n"))
	}
}

// allowRefusal lets the browser report a failed request with this status
// for URL paths matching pattern (path.Match syntax): the test provokes it
// on purpose. Every other failed request is a problem.
func (s *site) allowRefusal(status int, pattern string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.allowed = append(s.allowed, refusal{status: status, pattern: pattern})
}

func (s *site) startBrowser() {
	// The profile outlives restartBrowser, so it is removed by hand (after
	// the browser closed, see stop) instead of with t.TempDir.
	if s.profile == "" {
		profile, err := os.MkdirTemp("", "fortfolio-e2e-")
		if err != nil {
			s.t.Fatal(err)
		}
		addProfile(profile)
		s.t.Cleanup(func() { _ = os.RemoveAll(profile) })
		s.profile = profile
	}
	profile := s.profile
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath(s.t)),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
	)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelB := chromedp.NewContext(actx)
	ctx, cancelT := context.WithTimeout(ctx, 3*time.Minute)
	stopped := false
	s.stop = func() {
		if !stopped {
			stopped = true
			// Closing the browser (not killing it) lets Chromium end its
			// helper processes, which write to the profile as they exit:
			// killed, they wrote into it after it was removed.
			_ = chromedp.Cancel(ctx)
			cancelT()
			cancelB()
			cancelA()
		}
	}
	s.t.Cleanup(s.stop)
	chromedp.ListenTarget(ctx, s.listen)
	if err := chromedp.Run(ctx, log.Enable(), runtime.Enable()); err != nil {
		s.t.Fatal(err)
	}
	s.ctx = ctx
}

// restartBrowser ends the browser process and starts a new one on the
// same profile (user-data-dir): what a user closing and reopening the
// browser keeps (localStorage, IndexedDB) survives, sessionStorage not.
func (s *site) restartBrowser() {
	s.t.Helper()
	s.stop()
	s.startBrowser()
}

// listen records console errors, exceptions and CSP violations.
func (s *site) listen(ev any) {
	var msg string
	switch e := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if e.Type == runtime.APITypeError || e.Type == runtime.APITypeAssert {
			var parts []string
			for _, a := range e.Args {
				parts = append(parts, string(a.Value)+a.Description)
			}
			msg = "console." + string(e.Type) + ": " + strings.Join(parts, " ")
		}
	case *runtime.EventExceptionThrown:
		msg = "exception: " + e.ExceptionDetails.Text
		if e.ExceptionDetails.Exception != nil {
			msg += " " + e.ExceptionDetails.Exception.Description
		}
	case *log.EventEntryAdded:
		if s.refusalAllowed(e.Entry) {
			return
		}
		if e.Entry.Level == log.LevelError || strings.Contains(e.Entry.Text, "Content Security Policy") {
			msg = "log." + string(e.Entry.Source) + ": " + e.Entry.Text + " " + e.Entry.URL
		}
	}
	if msg == "" || s.expected(msg) {
		return
	}
	s.mu.Lock()
	s.problems = append(s.problems, msg)
	s.mu.Unlock()
}

// failedResource is how Chromium reports an HTTP error answer.
const failedResource = "Failed to load resource: the server responded with a status of "

// refusalAllowed reports whether a log entry is an HTTP error answer the
// test declared with allowRefusal.
func (s *site) refusalAllowed(e *log.Entry) bool {
	rest, ok := strings.CutPrefix(e.Text, failedResource)
	if !ok || len(rest) < 3 {
		return false
	}
	status, err := strconv.Atoi(rest[:3])
	u, uerr := url.Parse(e.URL)
	if err != nil || uerr != nil {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range s.allowed {
		if ok, _ := path.Match(r.pattern, u.Path); ok && r.status == status {
			return true
		}
	}
	return false
}

// expected filters the connection errors of a test that took the server
// away on purpose (offline mode).
func (s *site) expected(msg string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.offline && strings.Contains(msg, "net::ERR_CONNECTION_REFUSED")
}

// stepTimeout bounds each browser step so a broken page fails fast.
const stepTimeout = 45 * time.Second

// run executes actions one by one and fails the test on error, on a step
// that times out, or on recorded problems.
func (s *site) run(actions ...chromedp.Action) {
	s.t.Helper()
	for i, a := range actions {
		ctx, cancel := context.WithTimeout(s.ctx, stepTimeout)
		err := chromedp.Run(ctx, a)
		cancel()
		if err != nil {
			s.screenshot(fmt.Sprintf("%s-failed-step-%d", strings.ReplaceAll(s.t.Name(), "/", "_"), i))
			s.t.Fatalf("browser step %d (%T): %v\nproblems so far: %v\npage: %s", i, a, err, s.Problems(), s.pageSummary())
		}
	}
	s.assertClean()
}

// pageSummary is where the browser is and what it shows, for the message
// of a failed step: a step that times out says little on its own.
func (s *site) pageSummary() string {
	ctx, cancel := context.WithTimeout(s.ctx, 5*time.Second)
	defer cancel()
	var summary string
	err := chromedp.Run(ctx, chromedp.Evaluate(`location.href + "\n" + (document.body ? document.body.innerText : "").slice(0, 600)`, &summary))
	if err != nil {
		return "(unavailable: " + err.Error() + ")"
	}
	return summary
}

// Problems returns the console errors and CSP violations seen so far.
func (s *site) Problems() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.problems...)
}

func (s *site) assertClean() {
	s.t.Helper()
	if p := s.Problems(); len(p) > 0 {
		s.t.Fatalf("browser reported %d problem(s):\n%s", len(p), strings.Join(p, "\n"))
	}
}

// page navigates to a path and waits until the WebAssembly app rendered
// the given selector.
func (s *site) page(path, ready string) chromedp.Action {
	return chromedp.Tasks{
		chromedp.Navigate(s.URL + path),
		s.waitFor(ready),
	}
}

// waitFor polls (surviving document swaps) until the client runs and the
// selector is visible.
func (s *site) waitFor(selector string) chromedp.Action {
	return pollPage(fmt.Sprintf(`(() => {
		if (!document.querySelector("#app-ready")) return false;
		const el = document.querySelector(%q);
		return !!el && el.getClientRects().length > 0;
	})()`, selector))
}

// pollPage evaluates expr until it is true. A poll runs in the page's
// JavaScript context, which a navigation or the client's reload replaces;
// an evaluation that finds its context gone is tried again in the new one
// rather than failing the step.
func pollPage(expr string) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		deadline := time.Now().Add(stepTimeout - 5*time.Second)
		for {
			var ok bool
			left := time.Until(deadline)
			err := chromedp.Poll(expr, &ok, chromedp.WithPollingTimeout(left), chromedp.WithPollingInterval(100*time.Millisecond)).Do(ctx)
			if err == nil || !contextLost(err) || left <= 0 {
				return err
			}
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(100 * time.Millisecond):
			}
		}
	})
}

// contextLost reports whether err says the page's JavaScript context went
// away under an evaluation (the document was replaced).
func contextLost(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "Cannot find context with specified id") ||
		strings.Contains(msg, "Execution context was destroyed") ||
		strings.Contains(msg, "Inspected target navigated or closed")
}

// clickWhenShown waits until the selector is visible and clicks it in the
// same turn of the page's event loop. A list that re-renders as later
// answers arrive (ticker suggestions while typing) may remove the node
// between chromedp's lookup and its mouse events; a click from inside the
// page cannot miss that way.
func clickWhenShown(selector string) chromedp.Action {
	return pollPage(fmt.Sprintf(`(() => {
		if (!document.querySelector("#app-ready")) return false;
		const el = document.querySelector(%q);
		if (!el || el.getClientRects().length === 0) return false;
		el.click();
		return true;
	})()`, selector))
}

// screenshot saves a PNG when FORTFOLIO_SCREENSHOTS names a directory.
func (s *site) screenshot(name string) {
	dir := os.Getenv("FORTFOLIO_SCREENSHOTS")
	if dir == "" {
		return
	}
	var buf []byte
	if err := chromedp.Run(s.ctx, chromedp.FullScreenshot(&buf, 100)); err == nil {
		_ = os.WriteFile(fmt.Sprintf("%s/%s.png", dir, name), buf, 0o644)
	}
}

// goOffline stops the server: from now on only the service worker's cache
// answers the browser.
func (s *site) goOffline() {
	// The service worker caches the app while it installs, in the
	// background; stopping the server before it is active would test a
	// half-filled cache (seen on a loaded machine). Wait for it first.
	var active bool
	s.run(chromedp.Evaluate(`navigator.serviceWorker.ready.then(r => !!r.active)`, &active,
		func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }))
	if !active {
		s.t.Fatal("the service worker never became active")
	}
	s.mu.Lock()
	s.offline = true
	s.mu.Unlock()
	s.server.CloseClientConnections()
	s.server.Close()
}

// setInput sets the value of an input, select or textarea (date inputs
// ignore typed keys in some locales) and fires the input and change
// events, whichever of the two the app listens to.
func setInput(selector, value string) chromedp.Action {
	return chromedp.Evaluate(fmt.Sprintf(`(() => {
		const el = document.querySelector(%q);
		el.value = %q;
		el.dispatchEvent(new Event("input", {bubbles: true}));
		el.dispatchEvent(new Event("change", {bubbles: true}));
	})()`, selector, value), nil)
}
