package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// Regression tests for forms whose fields must show what the app holds:
// go-app drops an empty value attribute, so a field reset to "" used to
// keep the text typed before.

// exampleID creates the example portfolio for the signed-in user.
func (s *site) exampleID() string {
	s.t.Helper()
	var id string
	s.run(chromedp.Evaluate(`(async () => {
		const tok = JSON.parse(sessionStorage.getItem("fortfolio.session")).token;
		const r = await fetch("/api/portfolios/example", {method: "POST", headers: {"x-token": tok}});
		return (await r.json()).id;
	})()`, &id, awaitPromise))
	if id == "" {
		s.t.Fatal("example portfolio not created")
	}
	return id
}

// values returns the current values of the given fields, comma-joined.
func (s *site) values(ids ...string) string {
	s.t.Helper()
	var out string
	s.run(chromedp.Evaluate(`["`+strings.Join(ids, `","`)+`"].map(id => document.getElementById(id).value).join(",")`, &out))
	return out
}

// TestFormsShowTheirState: editing a transaction then adding one shows an
// empty form; the password form is empty after a change; an edited CSV
// needs a new preview; the optimiser's target field starts empty.
func TestFormsShowTheirState(t *testing.T) {
	s := newSite(t)
	const pw = "a long secret phrase"
	s.seedAdmin(pw, "editor")
	s.run(s.loginTo("/account", "#me-username", "editor", pw))
	id := s.exampleID()

	s.run(
		s.page("/portfolios/"+id, "#add-tx"),
		chromedp.Click("#tab-transactions", chromedp.ByQuery),
		s.waitFor("#transactions-table"),
		chromedp.Click("#transactions-table tbody tr button", chromedp.ByQuery),
		s.waitFor("#tx-form"),
	)
	txFields := []string{"tx-date", "tx-ticker", "tx-quantity", "tx-price", "tx-note"}
	if got := s.values(txFields...); !strings.Contains(got, "AAPL") {
		t.Fatalf("edit form: %q", got)
	}
	// The add form is open once its title says "Add" (not "Edit"); then
	// its fields must be empty.
	s.run(chromedp.Click("#add-tx", chromedp.ByQuery), s.waitText("#tx-form h2", "Add a transaction"))
	if got := s.values(txFields...); got != ",,,," {
		t.Errorf("add form after an edit shows %q, want empty fields", got)
	}

	s.run(
		chromedp.Click("#open-import", chromedp.ByQuery),
		s.waitFor("#import-text"),
		setInput("#import-text", "date,kind,ticker,quantity,price,fee,note\n2015-01-05,buy,AAPL,2,106,0,\n"),
		chromedp.Click("#import-preview", chromedp.ByQuery),
		s.waitFor("#import-ok"),
		setInput("#import-text", "date,kind,ticker,quantity,price,fee,note\n2015-01-05,buy,AAPL,2,106,0,\n2015-01-06,buy,AAPL,2,106,0,\n"),
		chromedp.WaitNotPresent("#import-ok", chromedp.ByQuery),
	)
	var disabled bool
	s.run(chromedp.Evaluate(`document.querySelector("#import-confirm").disabled`, &disabled))
	if !disabled {
		t.Error("import stays enabled with a preview of other text")
	}

	s.run(
		s.page("/portfolios/"+id+"/analytics", "#opt-objective"),
		chromedp.SetValue("#opt-objective", "target_return", chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector("#opt-objective").dispatchEvent(new Event("change", {bubbles: true}))`, nil),
		s.waitFor("#opt-target"),
	)
	if got := s.values("opt-target", "opt-min"); got != ",0" {
		t.Errorf("target, min fields = %q, want \",0\"", got)
	}

	const next = "another long phrase 2"
	s.run(
		s.page("/account", "#password-form"),
		chromedp.SendKeys("#cur-password", pw, chromedp.ByQuery),
		chromedp.SendKeys("#new-password", next, chromedp.ByQuery),
		chromedp.SendKeys("#new-confirm", next, chromedp.ByQuery),
		chromedp.Click("#password-submit", chromedp.ByQuery),
		s.waitFor("#password-ok"),
	)
	if got := s.values("cur-password", "new-password", "new-confirm"); got != ",," {
		t.Errorf("password fields after a change hold %d characters", len(got)-2)
	}
}

// TestAdminActionErrorsStay: a refused action keeps its message after the
// list reloads; the admin's own row offers no Lock and no Delete (the
// server refuses both); an empty audit page has no "1–0" pager; the
// security page fits a phone screen.
func TestAdminActionErrorsStay(t *testing.T) {
	s := newSite(t)
	const pw = "admin panel secret 1"
	s.seedAdmin(pw, "boss")
	s.allowRefusal(409, "/api/admin/users/*/role") // the last admin cannot be demoted
	var msg string
	var pagers, width, selfActions int
	s.run(
		s.loginTo("/admin", "#users-table", "boss", pw),
		chromedp.Evaluate(`document.querySelectorAll("#lock-boss, #unlock-boss, #delete-boss").length`, &selfActions),
		s.confirmAction("#role-boss", "#users-error"),
		chromedp.Sleep(500e6), // the reload after the action
		chromedp.Text("#users-error", &msg, chromedp.ByQuery),
		chromedp.Click("#tab-audit", chromedp.ByQuery),
		s.waitFor("#audit-table"),
		chromedp.SendKeys("#audit-action", "no.such.action", chromedp.ByQuery),
		chromedp.Click("#audit-apply", chromedp.ByQuery),
		s.waitFor("#admin-audit .empty"),
		chromedp.Evaluate(`document.querySelectorAll("#audit-prev, #audit-next").length`, &pagers),
		chromedp.ActionFunc(func(ctx context.Context) error {
			return emulation.SetDeviceMetricsOverride(390, 844, 1, true).Do(ctx)
		}),
		s.page("/security", "#status-headers"),
		chromedp.Evaluate(`document.documentElement.scrollWidth`, &width),
	)
	if !strings.Contains(msg, "last administrator") {
		t.Errorf("users error = %q", msg)
	}
	if selfActions != 0 {
		t.Errorf("the admin's own row offers %d of Lock, Unlock and Delete", selfActions)
	}
	if pagers != 0 {
		t.Error("empty audit page shows the pager")
	}
	if width > 390 {
		t.Errorf("security page is %dpx wide on a 390px screen", width)
	}
}
