package e2e

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// axeSource is axe-core, vendored (testdata/axe/README.md).
//
//go:embed testdata/axe/axe.min.js
var axeSource string

// axeSHA256 pins the vendored file.
const axeSHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"

// axeRunJS runs axe on the whole document (WCAG 2.x A and AA plus axe's
// best practices) and returns its violations as JSON.
const axeRunJS = `(async () => {
	const r = await axe.run(document, {resultTypes: ["violations"],
		runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}});
	return JSON.stringify(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
		nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + ": " + n.failureSummary)})));
})()`

// axeViolation is one rule axe found broken.
type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// checkAxe injects axe-core with Runtime.evaluate (which the page's CSP
// does not govern) and fails the test on any violation on the page.
func (s *site) checkAxe(name string) {
	s.t.Helper()
	var out string
	s.run(
		chromedp.Evaluate(axeSource+";0", nil),
		chromedp.Evaluate(axeRunJS, &out, awaitPromise),
	)
	var vs []axeViolation
	if err := json.Unmarshal([]byte(out), &vs); err != nil {
		s.t.Fatalf("%s: axe answer %.200q: %v", name, out, err)
	}
	for _, v := range vs {
		s.t.Errorf("%s: axe %s (%s): %s\n\t%s", name, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "\n\t"))
	}
}

// setTheme stores the theme for the next page load.
func setTheme(theme string) chromedp.Action {
	return chromedp.Evaluate(fmt.Sprintf(`localStorage.setItem("fortfolio.theme", %q)`, theme), nil)
}

// TestAccessibility runs axe-core on the home, register, login, portfolio,
// analytics, admin and account pages in the dark and light themes.
func TestAccessibility(t *testing.T) {
	sum := sha256.Sum256([]byte(axeSource))
	if got := hex.EncodeToString(sum[:]); got != axeSHA256 {
		t.Fatalf("testdata/axe/axe.min.js has sha256 %s, want %s (testdata/axe/README.md)", got, axeSHA256)
	}
	s := newSite(t)
	const pw = "accessible pages 1"
	s.seedAdmin(pw, "ada")
	signedOut := []struct{ path, ready string }{
		{"/", ".hero h1"}, {"/register", "#register-form"}, {"/login", "#login-form"},
		{"/security", "h1.security-title"}, {"/methodology", "h1"},
	}
	for _, theme := range []string{"dark", "light"} {
		s.run(s.page("/", ".hero h1"), setTheme(theme))
		for _, p := range signedOut {
			s.run(s.page(p.path, ".shell.theme-"+theme+" "+p.ready))
			s.checkAxe(theme + " " + p.path)
		}
	}
	txs, _ := json.Marshal(numbersPortfolio)
	var id string
	s.run(
		s.loginTo("/portfolios", "#create-portfolio", "ada", pw),
		chromedp.Evaluate(fmt.Sprintf(createPortfolioJS, txs), &id, awaitPromise),
	)
	signedIn := []struct{ path, ready string }{
		{"/", ".hero h1"},
		{"/portfolios", "#create-portfolio"},
		{"/portfolios/" + id, `#holdings-table tr[data-ticker="AAPL"]`},
		{"/portfolios/" + id + "/analytics", "#metric-cards"},
		{"/admin", "#users-table"},
		{"/account", "#password-form"},
	}
	for _, theme := range []string{"dark", "light"} {
		s.run(setTheme(theme))
		for _, p := range signedIn {
			s.run(s.page(p.path, ".shell.theme-"+theme+" "+p.ready))
			s.checkAxe(theme + " " + p.path)
		}
		// The other states of the portfolio page: transactions, the form.
		s.run(s.page("/portfolios/"+id, "#add-tx"), chromedp.Click("#tab-transactions", chromedp.ByQuery), s.waitFor("#transactions-table"))
		s.checkAxe(theme + " transactions")
		s.run(chromedp.Click("#add-tx", chromedp.ByQuery), s.waitFor("#tx-form"))
		s.checkAxe(theme + " transaction form")
	}
	// A phone: tables scroll inside their cards, the menu replaces the nav.
	s.run(chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	for _, p := range signedIn[2:4] {
		s.run(s.page(p.path, p.ready))
		s.checkAxe("phone " + p.path)
	}
	s.run(chromedp.Click("#menu-toggle", chromedp.ByQuery), s.waitFor("#site-nav"))
	s.checkAxe("phone menu")
}
