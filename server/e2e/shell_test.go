package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// TestShell loads the app, navigates, checks the 404 page and the theme,
// and reloads a visited page offline from the service worker cache.
func TestShell(t *testing.T) {
	s := newSite(t)
	s.allowRefusal(404, "/no/such/page")
	var title, notFound, themeClass string
	s.run(
		s.page("/", ".hero h1"),
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
