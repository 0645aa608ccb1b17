package e2e

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// TestMethodologyServedDocument: the Methodology page shows the document
// the server serves (app.wasm does not carry it): every section heading of
// docs/methodology.md, in order, and again after the server is gone and
// the page is reloaded, from the service worker's cache.
func TestMethodologyServedDocument(t *testing.T) {
	b, err := os.ReadFile("../../docs/methodology.md")
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, line := range strings.Split(string(b), "\n") {
		if h, ok := strings.CutPrefix(line, "## "); ok {
			want = append(want, strings.TrimSpace(h))
		}
	}
	if len(want) < 5 {
		t.Fatalf("docs/methodology.md has %d sections", len(want))
	}
	s := newSite(t)
	const headings = `[...document.querySelectorAll("#methodology h2")].map(h => h.textContent)`
	var online, offline []string
	s.run(
		s.page("/methodology", "#methodology h2"),
		chromedp.Evaluate(headings, &online),
	)
	s.goOffline()
	s.run(
		chromedp.Reload(),
		s.waitFor("#methodology h2"),
		chromedp.Evaluate(headings, &offline),
	)
	if !slices.Equal(online, want) {
		t.Errorf("headings = %q, want %q", online, want)
	}
	if !slices.Equal(offline, want) {
		t.Errorf("offline headings = %q, want %q", offline, want)
	}
}

// watchDocument, run before each document's own scripts, records whether
// the methodology's loading notice was ever shown and whether the document
// ever left the page once it had been shown.
const watchDocument = `(() => {
	window.__methodology = {loading: false, gone: false, seen: false};
	new MutationObserver(() => {
		const m = window.__methodology, shown = !!document.querySelector("#methodology h2");
		if (document.body && document.body.textContent.includes("Loading the methodology")) m.loading = true;
		if (m.seen && !shown) m.gone = true;
		m.seen = m.seen || shown;
	}).observe(document, {childList: true, subtree: true, characterData: true});
})()`

// TestMethodologyStaysWhileTheClientStarts: on a first visit the client
// renders the document the prerendered page already shows, from that
// page's own copy of its source, so a reader never sees it replaced by a
// loading notice (which also lost their scroll position and, on a slow
// phone, put the page's largest paint after the download of app.wasm).
func TestMethodologyStaysWhileTheClientStarts(t *testing.T) {
	s := newSite(t)
	var got struct{ Loading, Gone, Seen bool }
	var inClient bool
	s.run(
		chromedp.ActionFunc(func(ctx context.Context) error {
			_, err := page.AddScriptToEvaluateOnNewDocument(watchDocument).Do(ctx)
			return err
		}),
		s.page("/methodology", "#methodology h2"),
		chromedp.Evaluate(`window.__methodology`, &got),
		chromedp.Evaluate(`!!document.getElementById("methodology-source")`, &inClient),
	)
	if !got.Seen || got.Loading || got.Gone {
		t.Errorf("first visit: document shown %v, loading notice shown %v, document left the page %v; want shown throughout",
			got.Seen, got.Loading, got.Gone)
	}
	if inClient {
		t.Error("the client's page keeps the prerendered page's copy of the source")
	}
}
