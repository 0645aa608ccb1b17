package e2e

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// newPortfolio creates an empty portfolio through the API as the signed-in
// user and returns its id.
func (s *site) newPortfolio(name string) string {
	s.t.Helper()
	var id string
	s.run(chromedp.Evaluate(`(async () => {
		const tok = JSON.parse(sessionStorage.getItem("fortfolio.session")).token;
		const r = await fetch("/api/portfolios", {method: "POST", headers: {"x-token": tok, "Content-Type": "application/json"},
			body: JSON.stringify({name: `+"`"+name+"`"+`})});
		return (await r.json()).id;
	})()`, &id, awaitPromise))
	if id == "" {
		s.t.Fatal("portfolio not created")
	}
	return id
}

// TestImportWithPreview: pick a broker's export, see it detected and
// previewed with its counts, import it, then pick it again and see that
// everything is already there, read with the remembered settings.
func TestImportWithPreview(t *testing.T) {
	s := newSite(t)
	const pw = "a long secret phrase"
	s.seedAdmin(pw, "importer")
	s.run(s.loginTo("/account", "#me-username", "importer", pw))
	id := s.newPortfolio("Schwab account")
	file, err := filepath.Abs(filepath.Join("..", "importer", "testdata", "schwab.csv"))
	if err != nil {
		t.Fatal(err)
	}
	var settings, counts string
	s.run(
		s.page("/portfolios/"+id, "#open-import"),
		chromedp.Click("#open-import", chromedp.ByQuery),
		s.waitFor("#import-file"),
		chromedp.SetUploadFiles("#import-file", []string{file}, chromedp.ByQuery),
		s.waitFor("#import-ok"),
		chromedp.Text("#import-settings", &settings, chromedp.ByQuery),
		chromedp.Text("#import-counts", &counts, chromedp.ByQuery),
	)
	if want := "Read as Charles Schwab"; !strings.Contains(settings, want) || !strings.Contains(counts, "12 new transactions") || !strings.Contains(counts, "2 skipped") {
		t.Fatalf("settings %q counts %q", settings, counts)
	}
	var rows int
	s.run(
		chromedp.Evaluate(`document.querySelectorAll("#import-rows tbody tr").length`, &rows),
		chromedp.Click("#import-confirm", chromedp.ByQuery),
		chromedp.WaitNotPresent("#import-dialog", chromedp.ByQuery),
		chromedp.Click("#open-import", chromedp.ByQuery),
		s.waitFor("#import-file"),
		chromedp.SetUploadFiles("#import-file", []string{file}, chromedp.ByQuery),
		s.waitFor("#import-nothing"),
		s.waitFor("#import-saved"), // the settings remembered by the first import
		chromedp.Text("#import-counts", &counts, chromedp.ByQuery),
	)
	if rows != 12 || !strings.Contains(counts, "0 new transactions · 12 already in the portfolio") {
		t.Fatalf("rows %d, second counts %q", rows, counts)
	}
	var disabled bool
	s.run(chromedp.Evaluate(`document.querySelector("#import-confirm").disabled`, &disabled))
	if !disabled {
		t.Error("import is enabled with nothing new")
	}
}
