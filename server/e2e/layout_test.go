package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// layoutPortfolio has a loss (GE bought high) with a repurchase inside
// the wash-sale window, so the tax table shows its warning column.
var layoutPortfolio = []wire.TransactionInput{
	{Date: "2010-01-04", Kind: "buy", Ticker: "AAPL", Quantity: 120, Price: 30.57},
	{Date: "2010-01-04", Kind: "buy", Ticker: "MSFT", Quantity: 300, Price: 30.95},
	{Date: "2016-07-01", Kind: "buy", Ticker: "GE", Quantity: 400, Price: 31.85},
	{Date: "2017-12-15", Kind: "buy", Ticker: "GE", Quantity: 10, Price: 17.6},
	{Date: "2012-03-01", Kind: "buy", Ticker: "JNJ", Quantity: 150, Price: 65.1},
}

// layoutProblemsJS lists what a person would see as broken: form controls
// that overlap one another, fields of one grid row of different heights,
// text cut off inside a box that hides its overflow or a select too narrow
// for its choice, a table that needs scrolling on a laptop (on a phone
// tables scroll inside their cards instead), a row's actions on several
// lines, a column of numbers whose heading is not over them, a fieldset in
// the browser's own border, and a page wider than the window.
const layoutProblemsJS = `(() => {
	const out = [];
	const vis = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== "hidden"; };
	const name = e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className && typeof e.className === "string" ? "." + e.className.trim().split(/\s+/).join(".") : "");
	for (const f of document.querySelectorAll("form, .form-grid, .row")) {
		// Every control and every box around one: none may reach into another.
		const items = [...f.querySelectorAll("input, select, textarea, button, label")].filter(vis);
		for (let i = 0; i < items.length; i++) for (let j = i + 1; j < items.length; j++) {
			const a = items[i], b = items[j];
			if (a.contains(b) || b.contains(a)) continue;
			const p = a.getBoundingClientRect(), q = b.getBoundingClientRect();
			const w = Math.min(p.right, q.right) - Math.max(p.left, q.left), h = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
			if (w > 1 && h > 1) out.push("overlap: " + name(a) + " and " + name(b));
		}
	}
	// A button in a grid of fields lines up with the fields of its row: the
	// same bottom edge, and at least as tall (a small button beside a field
	// sits lower than the field's top and looks out of place).
	for (const g of document.querySelectorAll(".form-grid")) {
		const fields = [...g.querySelectorAll("input, select")].filter(vis);
		for (const b of [...g.querySelectorAll("button")].filter(vis)) {
			const p = b.getBoundingClientRect();
			for (const f of fields) {
				const q = f.getBoundingClientRect();
				if (Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top) <= 1) continue; // another row
				if (Math.abs(p.bottom - q.bottom) > 1 || p.height < q.height - 1) { out.push("button out of line with the field beside it: " + name(b) + " and " + name(f)); break; }
			}
		}
	}
	// The fields of one row of a grid share their top and bottom edges, so
	// their labels line up too (a date input, a select and a text input are
	// each a different height unless the style says otherwise).
	for (const g of document.querySelectorAll(".form-grid")) {
		const fields = [...g.querySelectorAll("input:not([type=checkbox]):not([type=radio]), select")].filter(vis);
		for (let i = 0; i < fields.length; i++) for (let j = i + 1; j < fields.length; j++) {
			const p = fields[i].getBoundingClientRect(), q = fields[j].getBoundingClientRect();
			if (Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top) <= 1) continue; // another row
			if (Math.abs(p.top - q.top) > 1 || Math.abs(p.bottom - q.bottom) > 1) out.push("fields of one row out of line: " + name(fields[i]) + " and " + name(fields[j]));
		}
	}
	for (const e of document.querySelectorAll("td, th, label, .metric-value, .metric-label, button, .badge")) {
		if (!vis(e)) continue;
		const s = getComputedStyle(e);
		if ((s.overflowX === "hidden" || s.overflowX === "clip" || s.textOverflow === "ellipsis") && e.scrollWidth > e.clientWidth + 1)
			out.push("clipped: " + name(e) + " " + JSON.stringify(e.textContent.slice(0, 40)));
	}
	for (const e of document.querySelectorAll("select")) {
		if (!vis(e)) continue;
		const opt = e.options[e.selectedIndex];
		if (!opt) continue;
		const c = document.createElement("canvas").getContext("2d");
		c.font = getComputedStyle(e).font;
		const room = e.clientWidth - 28; // the arrow and padding
		if (c.measureText(opt.text).width > room + 1) out.push("select text cut: " + name(e) + " " + JSON.stringify(opt.text));
	}
	// Buttons are in the page's font, like the links beside them (a tab bar
	// of buttons and links otherwise mixes two typefaces).
	const font = getComputedStyle(document.body).fontFamily;
	for (const e of document.querySelectorAll("button")) {
		if (vis(e) && getComputedStyle(e).fontFamily !== font) { out.push("button in another font: " + name(e)); break; }
	}
	// On a laptop every table fits its card; on a phone they scroll inside it.
	if (window.innerWidth >= 1200) for (const e of document.querySelectorAll(".table-wrap")) {
		if (vis(e) && e.scrollWidth > e.clientWidth + 1) out.push("table wider than its box at " + window.innerWidth + " px: " + name(e.querySelector("table") || e));
	}
	// A row's Edit and Delete sit on one line (on a phone they wrapped and
	// doubled every row's height).
	for (const c of document.querySelectorAll("td.actions")) {
		const tops = [...c.querySelectorAll("button")].filter(vis).map(b => Math.round(b.getBoundingClientRect().top));
		if (new Set(tops).size > 1) out.push("a row's actions on several lines: " + name(c.closest("table")));
	}
	// A column of numbers has its heading over the numbers: right-aligned
	// like its cells (a left-aligned heading over right-aligned amounts
	// reads as belonging to the column before).
	for (const t of document.querySelectorAll("table")) {
		const head = t.tHead && t.tHead.rows[0], rows = [...t.tBodies].flatMap(b => [...b.rows]);
		if (!head || !vis(t) || rows.length === 0) continue;
		[...head.cells].forEach((h, i) => {
			const cells = rows.map(r => r.cells[i]).filter(c => c && c.textContent.trim() !== "");
			if (cells.length > 0 && cells.every(c => getComputedStyle(c).textAlign === "right") && getComputedStyle(h).textAlign !== "right")
				out.push("heading not over its numbers: " + name(t) + " " + JSON.stringify(h.textContent.trim()));
		});
	}
	// A group of choices is framed like the cards around it, not in the
	// browser's own fieldset border.
	const card = document.querySelector(".card");
	for (const f of document.querySelectorAll("fieldset")) {
		if (card && vis(f) && getComputedStyle(f).borderTopColor !== getComputedStyle(card).borderTopColor) out.push("fieldset in the browser's own border: " + name(f));
	}
	// The footer's theme choice keeps a gap to the text before it.
	const choice = document.querySelector(".footer .theme-choice");
	const before = choice && choice.previousElementSibling;
	if (choice && before && vis(choice)) {
		const a = [...before.getClientRects()].pop(), b = choice.getBoundingClientRect();
		if (b.top < a.bottom - 1 && b.bottom > a.top + 1 && b.left - a.right < 4) out.push("footer: the theme choice touches the text before it");
	}
	// clientWidth is the layout viewport: on a phone innerWidth grows with
	// a page that is too wide (the browser zooms out), so it cannot judge.
	const room = document.documentElement.clientWidth;
	if (document.documentElement.scrollWidth > room + 1)
		out.push("page wider than the window: " + document.documentElement.scrollWidth + " > " + room);
	return out;
})()`

// checkLayout fails on layout problems of the current page; with
// FORTFOLIO_SCREENSHOTS set it also saves the page and the given parts.
func (s *site) checkLayout(name string, parts ...string) {
	s.t.Helper()
	var problems []string
	s.run(chromedp.Evaluate(layoutProblemsJS, &problems))
	s.screenshot("layout-" + name)
	if dir := os.Getenv("FORTFOLIO_SCREENSHOTS"); dir != "" {
		for _, sel := range parts {
			var buf []byte
			ctx, cancel := context.WithTimeout(s.ctx, 5*time.Second)
			err := chromedp.Run(ctx, chromedp.Screenshot(sel, &buf, chromedp.ByQuery))
			cancel()
			if err == nil {
				_ = os.WriteFile(fmt.Sprintf("%s/layout-%s-%s.png", dir, name, strings.Trim(sel, "#.")), buf, 0o644)
			}
		}
	}
	for _, p := range problems {
		s.t.Errorf("%s: %s", name, p)
	}
}

// TestLayoutAtTwoWidths opens the pages whose layout people reported as
// broken (and the account page, whose sessions table has a screen-reader
// only column name), at a laptop's 1366 px and a phone's 390 px, and fails on
// overlapping fields, buttons out of line with the fields beside them,
// clipped text and pages wider than the window.
func TestLayoutAtTwoWidths(t *testing.T) {
	s := newSite(t)
	const pw = "layout checks 1"
	s.seedAdmin(pw, "lay")
	txs, _ := json.Marshal(layoutPortfolio)
	var id string
	s.run(
		s.loginTo("/portfolios", "#create-portfolio", "lay", pw),
		chromedp.Evaluate(fmt.Sprintf(createPortfolioJS, txs), &id, awaitPromise),
	)
	if strings.HasPrefix(id, "status") {
		t.Fatal(id)
	}
	for _, w := range []struct {
		name          string
		width, height int64
		mobile        bool
	}{{"1366", 1366, 900, false}, {"390", 390, 844, true}} {
		vp := chromedp.EmulateViewport(w.width, w.height)
		if w.mobile {
			vp = chromedp.EmulateViewport(w.width, w.height, chromedp.EmulateMobile)
		}
		s.run(vp, s.page("/portfolios/"+id, `#holdings-table tr[data-ticker="GE"]`))
		s.checkLayout(w.name+"-holdings", "#holdings")
		if w.mobile {
			s.checkPhoneColumns("#holdings-table", true, "Ticker", "Market value", "Unrealised", "Weight")
		}
		s.run(chromedp.Click("#tab-transactions", chromedp.ByQuery), s.waitFor("#transactions-table"))
		s.checkLayout(w.name+"-transactions", "#transactions-table")
		s.run(chromedp.Click("#add-tx", chromedp.ByQuery), s.waitFor("#tx-form"))
		s.checkLayout(w.name+"-tx-form", "#tx-form")
		s.run(
			s.page("/portfolios/"+id+"/analytics", "#metric-cards"),
			chromedp.Click("#stress-run", chromedp.ByQuery), s.waitFor("#stress-results"),
			chromedp.Click("#tax-run", chromedp.ByQuery), s.waitFor("#tax-results"),
			chromedp.Click("#optimize-run", chromedp.ByQuery), s.waitFor("#optimize-trades"),
		)
		s.checkLayout(w.name+"-analytics", "#stress", "#optimize-form", "#optimize-trades", "#tax-results")
		if w.mobile {
			s.checkPhoneColumns("#stress-results", true, "Scenario", "P&L", "Return")
			// The wash-sale warning is a paragraph: it may scroll into view.
			s.checkPhoneColumns("#tax-candidates", false, "Ticker", "Term", "Loss", "Tax saved", "Warning")
		}
		s.run(s.page("/admin", "#users-table"))
		s.checkLayout(w.name+"-users", "#users-table")
		s.run(chromedp.Click("#tab-audit", chromedp.ByQuery), s.waitFor("#audit-table"))
		s.checkLayout(w.name+"-audit", "#audit-table")
		s.run(chromedp.Click("#tab-usage", chromedp.ByQuery), s.waitFor("#admin-stats"))
		s.checkLayout(w.name+"-usage", "#admin-stats")
		s.run(s.page("/alerts", "#watchlist-form"))
		s.checkLayout(w.name+"-alerts", "#watchlist")
		s.run(s.page("/account", "#sessions-table tr.session-row"))
		s.checkLayout(w.name+"-account", "#sessions-table")
	}
}

// checkPhoneColumns: on a phone a table shows the columns a glance needs,
// and, when fits is set, without scrolling sideways (the holdings table
// used to show ticker, name and sector with every amount off the screen to
// the right, the stress results their dates and values before P&L).
func (s *site) checkPhoneColumns(table string, fits bool, want ...string) {
	s.t.Helper()
	var got struct {
		Headings []string
		Scrolls  bool
	}
	s.run(chromedp.Evaluate(fmt.Sprintf(`(() => {
		const t = document.querySelector(%q), wrap = t.closest(".table-wrap");
		return {
			headings: [...t.tHead.rows[0].cells].filter(h => h.getClientRects().length > 0).map(h => h.textContent.trim()),
			scrolls: wrap.scrollWidth > wrap.clientWidth + 1,
		};
	})()`, table), &got))
	if !slices.Equal(got.Headings, want) || (fits && got.Scrolls) {
		s.t.Errorf("%s on a phone: columns %q (want %q), scrolls sideways %v", table, got.Headings, want, got.Scrolls)
	}
}
