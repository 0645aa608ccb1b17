//go:build !js

package ui

import (
	"strings"
	"testing"

	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// hostile are user-controlled strings that must only ever become text.
var hostile = []string{
	`<img src=x onerror=alert(1)>`,
	`"><script>alert(document.cookie)</script>`,
	`</td></tr><tr><td onclick=alert(1)>`,
	`{{.}} ${alert(1)} &lt;b&gt;`,
}

// assertText checks that want is a text node (not raw HTML) at path and
// that the rendered markup escapes it.
func assertText(t *testing.T, root app.UI, want string, path ...int) {
	t.Helper()
	match(t, root, app.Text(want), path...)
	html := app.HTMLString(root)
	if strings.Contains(want, "<") && strings.Contains(html, want) {
		t.Errorf("markup contains %q unescaped", want)
	}
}

func TestUserTextRendersAsText(t *testing.T) {
	t.Parallel()
	for _, name := range hostile {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			t.Run("username in the top bar", func(t *testing.T) {
				l := load(t, &layout{sess: session{Token: "t", User: wire.User{Username: name, Role: wire.RoleUser}}})
				match(t, l, app.Elem("span").Class("whoami"), at(topbarRight, []int{1})...)
				assertText(t, l, name, at(topbarRight, []int{1, 0})...)
			})
			t.Run("transaction note, kind and ticker", func(t *testing.T) {
				tx := wire.Transaction{ID: "tx1", Date: "2017-01-03", Kind: name, Ticker: name, Quantity: 1, Price: 2, Note: name}
				c := load(t, newTransactionsTable().Transactions([]wire.Transaction{tx}))
				row := []int{0, 0, 1, 0} // compo -> div.table-wrap -> table -> tbody -> tr
				match(t, c, app.Elem("tr").Class("tx-row").DataSet("id", "tx1"), row...)
				assertText(t, c, name, at(row, []int{1, 0})...) // kind
				assertText(t, c, name, at(row, []int{2, 0})...) // ticker
				assertText(t, c, name, at(row, []int{6, 0})...) // note
			})
			t.Run("holding name and sector", func(t *testing.T) {
				h := wire.Holdings{Positions: []wire.Position{{Ticker: "AAPL", Name: name, Sector: name, Quantity: 1}}}
				c := load(t, newHoldingsTable().Holdings(h))
				row := []int{0, 1, 0, 1, 0} // compo -> div#holdings -> table-wrap -> table -> tbody -> tr
				match(t, c, app.Elem("tr").Class("holding-row").DataSet("ticker", "AAPL"), row...)
				assertText(t, c, name, at(row, []int{1, 0})...)
				assertText(t, c, name, at(row, []int{2, 0})...)
			})
			t.Run("page title", func(t *testing.T) {
				l := load(t, newLayout().Title(name))
				assertText(t, l, name, at(layoutMain, []int{0, 0})...)
			})
		})
	}
}

func TestEmptyTablesExplainThemselves(t *testing.T) {
	t.Parallel()
	tx := load(t, newTransactionsTable())
	match(t, tx, app.Elem("div").Class("empty").ID("transactions-empty"), 0)
	match(t, tx, app.Text("No transactions yet. Add one or import a CSV file."), 0, 0)

	h := load(t, newHoldingsTable())
	match(t, h, app.Elem("div").Class("empty").ID("holdings-empty"), 0, 1)
	match(t, h, app.Text("No open positions. Add a buy (or a short) to see holdings."), 0, 1, 0)
}

func TestHoldingsTableFormatsNumbers(t *testing.T) {
	t.Parallel()
	h := wire.Holdings{AsOf: "2017-12-29", GrossExposure: 1500, NetExposure: 500, UnrealisedPL: -12.5, TotalPL: 7.25,
		Dividends: 3, Fees: 1, Positions: []wire.Position{{Ticker: "AAPL", Name: "Apple", Sector: "Technology",
			Quantity: 2.5, AvgCost: 100, LastClose: 110.255, MarketValue: 275.6375, UnrealisedPL: 25.64, RealisedPL: -1, Weight: 0.25}}}
	c := load(t, newHoldingsTable().Holdings(h))
	cards := []int{0, 0}
	for i, want := range []struct{ id, value string }{
		{"gross-exposure", "$1,500.00"}, {"net-exposure", "$500.00"}, {"unrealised-pl", "-$12.50"},
		{"realised-pl", "$0.00"}, {"income", "$2.00"}, {"total-pl", "$7.25"},
	} {
		match(t, c, app.Elem("div").Class("metric-value").ID(want.id), at(cards, []int{i, 1})...)
		match(t, c, app.Text(want.value), at(cards, []int{i, 1, 0})...)
	}
	match(t, c, app.Text("prices as of 2017-12-29"), at(cards, []int{5, 2, 0})...)
	// Realised P&L follows the lots a sale names, so its note does not
	// claim oldest-first alone.
	match(t, c, app.Text("closed lots (oldest first unless a sale names its lots), after fees"), at(cards, []int{3, 2, 0})...)
	row := []int{0, 1, 0, 1, 0}
	for col, want := range map[int]string{3: "2.5000", 4: "100.00", 5: "110.25", 6: "$275.64", 7: "$25.64", 8: "-$1.00", 9: "25.00%"} {
		match(t, c, app.Text(want), at(row, []int{col, 0})...)
	}
	match(t, c, app.Elem("td").Class("num good"), at(row, []int{7})...)
	// Realised P&L is one of the columns a phone leaves out (class wide).
	match(t, c, app.Elem("td").Class("num wide bad"), at(row, []int{8})...)
}
