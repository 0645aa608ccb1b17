package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// activeJS describes the focused element: its id, or its classes.
const activeJS = `(() => { const a = document.activeElement; return a ? (a.id || a.className || a.tagName) : ""; })()`

// inDialogJS reports whether the focus is inside the open dialog.
const inDialogJS = `!!document.activeElement && !!document.activeElement.closest("[role=dialog]")`

// TestEverydayUse walks what a new user does on a first day, in one
// browser: signing up signs in; the rename dialog takes the focus, keeps
// Tab inside, closes on Escape and gives the focus back; hide-amounts mode
// shows only percentages and is remembered; a bad benchmark is reported
// next to its field; a new tab opens signed in and
// a logout there signs this tab out; on a phone a menu button opens the
// navigation.
func TestEverydayUse(t *testing.T) {
	s := newSite(t)
	var who string
	s.run(
		s.page("/register", "#register-form"),
		chromedp.SendKeys("#reg-username", "zoe", chromedp.ByQuery),
		chromedp.SendKeys("#reg-password", "a long secret phrase", chromedp.ByQuery),
		chromedp.SendKeys("#reg-confirm", "a long secret phrase", chromedp.ByQuery),
		chromedp.Click("#register-submit", chromedp.ByQuery),
		s.waitFor("#register-continue"),
		chromedp.Text(".whoami", &who, chromedp.ByQuery),
		chromedp.Click("#register-continue", chromedp.ByQuery),
		s.waitFor("#create-example"),
		chromedp.Click("#create-example", chromedp.ByQuery),
		s.waitFor(".portfolio-edit"),
	)
	if who != "zoe" {
		t.Fatalf("after signing up the page shows user %q, want zoe signed in", who)
	}
	s.checkDialogKeyboard()
	s.checkBadBenchmark()
	s.checkHideAmounts()
	s.checkNewTab()
	s.checkPhoneMenu()
}

// checkDialogKeyboard opens the rename dialog from the keyboard's point of
// view: focus in, Tab trapped both ways, Escape, focus back on the opener.
func (s *site) checkDialogKeyboard() {
	s.t.Helper()
	var first, afterTabs, afterShift, opener string
	var count int
	var inside bool
	s.run(
		chromedp.Focus(".portfolio-edit", chromedp.ByQuery),
		chromedp.Click(".portfolio-edit", chromedp.ByQuery),
		s.waitFor("#edit-dialog"),
		pollPage(`document.activeElement && document.activeElement.id === "edit-name"`),
		chromedp.Evaluate(activeJS, &first),
		chromedp.Evaluate(`document.querySelectorAll("#edit-dialog button, #edit-dialog input, #edit-dialog textarea, #edit-dialog select").length`, &count),
	)
	if first != "edit-name" {
		s.t.Fatalf("focus on opening the dialog = %q, want the name field", first)
	}
	tabs := make([]chromedp.Action, 0, count+2)
	for i := 0; i < count+1; i++ { // once round and one more
		tabs = append(tabs, chromedp.KeyEvent(kb.Tab))
	}
	s.run(append(tabs, chromedp.Evaluate(inDialogJS, &inside), chromedp.Evaluate(activeJS, &afterTabs))...)
	if !inside || afterTabs != "edit-note" {
		s.t.Fatalf("after %d Tabs the focus is on %q (inside the dialog: %v), want it back on the note field", count+1, afterTabs, inside)
	}
	s.run(
		chromedp.Focus("#edit-name", chromedp.ByQuery),
		chromedp.KeyEvent(kb.Tab, chromedp.KeyModifiers(input.ModifierShift)),
		chromedp.Evaluate(activeJS, &afterShift),
		chromedp.KeyEvent(kb.Escape),
		pollPage(`!document.querySelector("#edit-dialog")`),
		chromedp.Evaluate(activeJS, &opener),
	)
	if afterShift == "edit-name" || !strings.Contains(afterShift, "btn") {
		s.t.Errorf("Shift+Tab on the first field went to %q, want the dialog's last button", afterShift)
	}
	if !strings.Contains(opener, "portfolio-edit") {
		s.t.Errorf("after Escape the focus is on %q, want the button that opened the dialog", opener)
	}
}

// checkBadBenchmark: an unknown benchmark is reported next to its field
// while the report stays on the page.
func (s *site) checkBadBenchmark() {
	s.t.Helper()
	s.allowRefusal(400, "/api/portfolios/*/analytics")
	var msg, invalid string
	var report, pageError bool
	s.run(
		chromedp.Click(".portfolio-link", chromedp.ByQuery),
		s.waitFor("#tab-analytics"),
		chromedp.Click("#tab-analytics", chromedp.ByQuery),
		s.waitFor("#metric-cards"),
		setInput("#an-bench", "ZZZZ"),
		chromedp.Click("#an-submit", chromedp.ByQuery),
		s.waitFor("#an-benchmark-error"),
		chromedp.Text("#an-benchmark-error", &msg, chromedp.ByQuery),
		chromedp.AttributeValue("#an-bench", "aria-invalid", &invalid, nil, chromedp.ByQuery),
		chromedp.Evaluate(`!!document.querySelector("#analytics-report")`, &report),
		chromedp.Evaluate(`!!document.querySelector("#analytics-error")`, &pageError),
	)
	if !strings.Contains(msg, "benchmark") || invalid != "true" || !report || pageError {
		s.t.Errorf("bad benchmark: message %q, aria-invalid %q, report kept %v, page error %v", msg, invalid, report, pageError)
	}
	s.run(s.page("/portfolios", ".portfolio-link"))
}

// checkHideAmounts turns hide-amounts mode on and off on the portfolio.
func (s *site) checkHideAmounts() {
	s.t.Helper()
	var shown, hidden, weight, qty, stored string
	s.run(
		chromedp.Click(".portfolio-link", chromedp.ByQuery),
		s.waitFor(`#holdings-table tr[data-ticker="MSFT"]`),
		chromedp.Text("#gross-exposure", &shown, chromedp.ByQuery),
		markDocument,
		chromedp.Click("#hide-amounts", chromedp.ByQuery),
		s.waitReloaded(`#hide-amounts[aria-pressed="true"]`),
		s.waitFor(`#holdings-table tr[data-ticker="MSFT"]`),
		chromedp.Text("#gross-exposure", &hidden, chromedp.ByQuery),
		chromedp.Text(`tr[data-ticker="MSFT"] .holding-qty`, &qty, chromedp.ByQuery),
		chromedp.Text(`tr[data-ticker="MSFT"] td:last-child`, &weight, chromedp.ByQuery),
		chromedp.Evaluate(`localStorage.getItem("fortfolio.hide-amounts") || ""`, &stored),
	)
	s.screenshot("hide-amounts")
	if !strings.HasPrefix(shown, "$") || !strings.Contains(shown, ",") {
		s.t.Errorf("gross exposure shown as %q, want dollars with a thousands separator", shown)
	}
	if hidden != "•••" || qty != "•••" || !strings.HasSuffix(weight, "%") || stored != "1" {
		s.t.Errorf("hide-amounts: exposure %q quantity %q weight %q stored %q", hidden, qty, weight, stored)
	}
	s.run(
		markDocument,
		chromedp.Click("#hide-amounts", chromedp.ByQuery),
		s.waitReloaded(`#hide-amounts[aria-pressed="false"]`),
		s.waitFor(`#holdings-table tr[data-ticker="MSFT"]`),
		chromedp.Text("#gross-exposure", &shown, chromedp.ByQuery),
	)
	if shown == "•••" {
		s.t.Error("amounts stay hidden after switching the mode off")
	}
}

// markDocument tags the current document, so that waitReloaded can tell
// its replacement.
var markDocument = chromedp.Evaluate(`window.fortfolioOldDocument = true`, nil)

// waitReloaded waits, across the page reload that switching hide-amounts
// mode makes, until the new document shows selector. Steps that run while
// the old document unloads fail with a lost execution context; they are
// retried until the step deadline.
func (s *site) waitReloaded(selector string) chromedp.Action {
	expr := fmt.Sprintf(`!window.fortfolioOldDocument && !!document.querySelector("#app-ready") && !!document.querySelector(%q)`, selector)
	return chromedp.ActionFunc(func(ctx context.Context) error {
		for {
			var ok bool
			err := chromedp.Evaluate(expr, &ok).Do(ctx)
			if err == nil && ok {
				return nil
			}
			select {
			case <-ctx.Done():
				return fmt.Errorf("waiting for %s after the reload: %w (last error %v)", selector, ctx.Err(), err)
			case <-time.After(100 * time.Millisecond):
			}
		}
	})
}

// checkNewTab opens a second tab of the same browser: it is signed in
// without a login; logging out there signs the first tab out too.
func (s *site) checkNewTab() {
	s.t.Helper()
	tab, cancel := chromedp.NewContext(s.ctx)
	defer cancel()
	var who, path string
	ctx, stop := context.WithTimeout(tab, stepTimeout)
	defer stop()
	err := chromedp.Run(ctx,
		chromedp.Navigate(s.URL+"/portfolios"),
		s.waitFor(".portfolio-link"),
		chromedp.Text(".whoami", &who, chromedp.ByQuery),
		chromedp.Click("#logout", chromedp.ByQuery),
		s.waitFor("#login-link"),
	)
	if err != nil {
		s.t.Fatalf("new tab: %v", err)
	}
	if who != "zoe" {
		s.t.Errorf("new tab signed in as %q", who)
	}
	s.run(
		s.waitFor("#login-link"),
		chromedp.Evaluate(`location.pathname`, &path),
	)
	if path != "/" {
		s.t.Errorf("after a logout in another tab this tab is on %q, want the home page", path)
	}
}

// checkPhoneMenu: at 390 px the navigation hides behind a menu button.
func (s *site) checkPhoneMenu() {
	s.t.Helper()
	var before, after bool
	var expanded string
	s.run(
		chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile),
		s.page("/", ".hero h1"),
		chromedp.Evaluate(`document.querySelector("#site-nav").getClientRects().length > 0`, &before),
		chromedp.Click("#menu-toggle", chromedp.ByQuery),
		s.waitFor(`#site-nav a[href="/security"]`),
		chromedp.Evaluate(`document.querySelector("#site-nav").getClientRects().length > 0`, &after),
		chromedp.AttributeValue("#menu-toggle", "aria-expanded", &expanded, nil, chromedp.ByQuery),
	)
	s.screenshot("phone-menu")
	if before || !after || expanded != "true" {
		s.t.Errorf("phone menu: nav visible before %v, after the button %v, aria-expanded %q", before, after, expanded)
	}
	s.run(
		chromedp.Click(`#site-nav a[href="/security"]`, chromedp.ByQuery),
		s.waitFor("h1.security-title"),
		chromedp.Evaluate(`document.querySelector("#site-nav").getClientRects().length > 0`, &after),
	)
	if after {
		s.t.Error("the phone menu stays open after choosing a page")
	}
}
