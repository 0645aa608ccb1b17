package e2e

import (
	"io/fs"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/fortfolio/fortfolio/web"
)

// TestShell loads the app, navigates, checks the 404 page and the theme,
// and reloads a visited page offline from the service worker cache.
func TestShell(t *testing.T) {
	s := newSite(t)
	s.allowRefusal(404, "/no/such/page")
	var title, notFound, themeClass string
	s.run(s.page("/", ".hero h1"))
	s.assertWasmBrotli() // before the service worker answers for the network
	s.run(
		chromedp.Text(".hero h1", &title, chromedp.ByQuery),
		chromedp.Click(`a[href="/security"]`, chromedp.ByQuery),
		s.waitFor("h1.security-title"),
		s.page("/no/such/page", "#not-found"),
		chromedp.Text("#not-found", &notFound, chromedp.ByQuery),
		chromedp.Click("#theme-toggle", chromedp.ByQuery),
		chromedp.WaitVisible(".shell.theme-light", chromedp.ByQuery),
		chromedp.AttributeValue(".shell", "class", &themeClass, nil, chromedp.ByQuery),
	)
	s.screenshot("home")
	if !strings.Contains(title, "Portfolio analytics") {
		t.Errorf("home title = %q", title)
	}
	if !strings.Contains(notFound, "nothing at this address") {
		t.Errorf("404 text = %q", notFound)
	}
	if !strings.Contains(themeClass, "theme-light") {
		t.Errorf("theme class = %q", themeClass)
	}
	s.assertOfflineReload()
}

// assertWasmBrotli checks that the first visit downloaded app.wasm as the
// brotli file made at build time, the smallest of its forms.
func (s *site) assertWasmBrotli() {
	s.t.Helper()
	br, err := fs.ReadFile(web.Files, "app.wasm.br")
	if err != nil {
		s.t.Fatal("web/app.wasm.br is missing: run 'make wasm'")
	}
	var sizes struct{ Encoded, Decoded int }
	s.run(chromedp.Evaluate(`(() => {
		const e = performance.getEntriesByType("resource").find(e => new URL(e.name).pathname === "/web/app.wasm");
		return e ? {Encoded: e.encodedBodySize, Decoded: e.decodedBodySize} : {Encoded: 0, Decoded: 0};
	})()`, &sizes))
	if sizes.Encoded != len(br) || sizes.Decoded <= sizes.Encoded {
		s.t.Errorf("app.wasm came as %d bytes (%d decoded), want its brotli form of %d bytes", sizes.Encoded, sizes.Decoded, len(br))
	}
}

func (s *site) assertOfflineReload() {
	s.t.Helper()
	var cached int
	s.run(
		s.page("/security", "h1.security-title"),
		chromedp.Evaluate(`(async () => {
			const reg = await navigator.serviceWorker.ready;
			for (let i = 0; i < 120; i++) {
				let n = 0;
				for (const k of await caches.keys()) { n += (await (await caches.open(k)).keys()).length; }
				if (reg.active && reg.active.state === "activated" && n > 5) { return n; }
				await new Promise(r => setTimeout(r, 500));
			}
			return 0;
		})()`, &cached, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }),
	)
	if cached == 0 {
		s.t.Fatal("the service worker cached nothing")
	}
	s.goOffline()
	s.run(
		chromedp.Reload(),
		s.waitFor("h1.security-title"),
	)
}
