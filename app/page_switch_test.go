//go:build !js

package ui

import (
	"strings"
	"testing"

	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// go-app reuses a page component when navigating from one portfolio to
// another: nothing shown for the first may survive on the second's page.
func TestPortfolioPageSwitchResets(t *testing.T) {
	t.Parallel()
	p := newPortfolioPage()
	p.switchTo("a")
	p.status, p.pf, p.msg, p.tab, p.chart = statusLoaded, wire.Portfolio{ID: "a", Name: "Alpha"}, "Transaction saved.", "transactions", "AAPL"
	p.showForm, p.deleting = true, &wire.Transaction{ID: "t1"}

	p.switchTo("a") // same portfolio (e.g. a reload): state kept
	if p.msg == "" || p.tab != "transactions" || p.chart != "AAPL" {
		t.Fatalf("same id reset the page: msg %q tab %q chart %q", p.msg, p.tab, p.chart)
	}

	p.switchTo("b")
	if p.id != "b" || p.status != statusLoading || p.msg != "" || p.tab != "holdings" || p.chart != "" ||
		p.pf.Name != "" || p.showForm || p.deleting != nil {
		t.Fatalf("switch kept portfolio a's state: %+v", p)
	}
	load(t, p)
	noMatch(t, p, app.Elem("h1").Class("portfolio-title"), at(pageMain, []int{0})...) // no "Alpha" title
	match(t, p, app.Elem("p").Class("muted"), at(pageMain, []int{0, 1})...)           // Loading…
	if html := app.HTMLString(p); strings.Contains(html, "Transaction saved.") || strings.Contains(html, "Alpha") {
		t.Errorf("portfolio b's page shows portfolio a's state:\n%s", html)
	}
}

func TestAnalyticsPageSwitchResets(t *testing.T) {
	t.Parallel()
	p := newAnalyticsPage()
	p.switchTo("a")
	if p.tools != "a" {
		t.Fatalf("first portfolio's panels hidden: tools %q", p.tools)
	}
	p.from, p.to, p.rf, p.bench, p.name = "2020-01-01", "2021-01-01", "0.02", "SPY", "Alpha"
	p.status, p.rep = statusLoaded, wire.AnalyticsReport{From: "2020-01-01", To: "2021-01-01"}

	p.switchTo("b")
	if p.id != "b" || p.from != "" || p.to != "" || p.rf != "" || p.bench != "EQW" || p.name != "" ||
		p.status != statusLoading || p.rep.From != "" {
		t.Fatalf("switch kept portfolio a's state: %+v", p)
	}
	load(t, p)
	match(t, p, app.Text("Portfolio analytics"), at(pageMain, []int{0, 0})...)
	// The stress, optimiser, tax and report panels are remounted for b
	// once its report arrives, not reused with a's results.
	if html := app.HTMLString(p); strings.Contains(html, `id="optimizer"`) || strings.Contains(html, "2020-01-01") {
		t.Errorf("portfolio b's analytics shows portfolio a's state:\n%s", html)
	}
}

// The analytics title names the portfolio, as a text node.
func TestAnalyticsPageTitleNamesPortfolio(t *testing.T) {
	t.Parallel()
	p := newAnalyticsPage()
	p.switchTo("a")
	p.name = "<b>Retirement</b>"
	load(t, p)
	match(t, p, app.Elem("h1").Class("analytics-title"), at(pageMain, []int{0})...)
	match(t, p, app.Text("Analytics — <b>Retirement</b>"), at(pageMain, []int{0, 0})...)
}

func TestPlural(t *testing.T) {
	t.Parallel()
	tests := []struct {
		n    int
		want string
	}{{0, "0 transactions"}, {1, "1 transaction"}, {2, "2 transactions"}}
	for _, tt := range tests {
		if got := plural(tt.n, "transaction", "transactions"); got != tt.want {
			t.Errorf("plural(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}
