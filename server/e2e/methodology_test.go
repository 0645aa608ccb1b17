package e2e

import (
	"os"
	"slices"
	"strings"
	"testing"

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
