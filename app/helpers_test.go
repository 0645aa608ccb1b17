//go:build !js

package ui

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

func TestSafeNext(t *testing.T) {
	t.Parallel()
	tests := []struct{ next, want string }{
		{"", "/portfolios"},
		{"/portfolios", "/portfolios"},
		{"/portfolios/AbC_1/analytics", "/portfolios/AbC_1/analytics"},
		{"/account?must_change=1", "/account?must_change=1"},
		{"/", "/"},
		// open redirects
		{"//evil.com", "/portfolios"},
		{"//evil.com/portfolios", "/portfolios"},
		{"///evil.com", "/portfolios"},
		{"/\\evil", "/portfolios"},
		{"/\\\\evil.com", "/portfolios"},
		{"\\\\evil.com", "/portfolios"},
		{"https://evil", "/portfolios"},
		{"http://evil.com/", "/portfolios"},
		{"HTTPS://evil.com", "/portfolios"},
		{"javascript:alert(1)", "/portfolios"},
		{"JavaScript:alert(document.domain)//", "/portfolios"},
		{"data:text/html,<script>alert(1)</script>", "/portfolios"},
		{"evil.com", "/portfolios"},
		{" /portfolios", "/portfolios"},
		{"/\r\nLocation: https://evil", "/portfolios"},
		{"/\nx", "/portfolios"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%q", tt.next), func(t *testing.T) {
			t.Parallel()
			got := safeNext(tt.next)
			if got != tt.want {
				t.Fatalf("safeNext(%q) = %q, want %q", tt.next, got, tt.want)
			}
			// Whatever is kept must be a same-site path for the URL parser
			// ctx.Navigate uses.
			u, err := url.Parse(got)
			if err != nil || u.Scheme != "" || u.Host != "" || u.Opaque != "" {
				t.Fatalf("safeNext(%q) = %q leaves the site (%+v, %v)", tt.next, got, u, err)
			}
		})
	}
}

// TestSafeNextControlCharacters documents that only CR and LF are refused:
// a tab (which browsers strip from URLs, turning "/\t/evil.com" into
// "//evil.com") is kept by safeNext; it is harmless today only because
// ctx.Navigate's url.Parse refuses control characters and does not navigate.
func TestSafeNextControlCharacters(t *testing.T) {
	t.Parallel()
	for _, next := range []string{"/\t/evil.com", "/\x00/evil.com", "/\x7f"} {
		got := safeNext(next)
		if got == "/portfolios" {
			continue
		}
		if _, err := url.Parse(got); err == nil {
			t.Errorf("safeNext(%q) = %q: kept and parseable, a browser could follow it off site", next, got)
		}
	}
}

func TestFmtPctNum(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"pct fraction to percent", fmtPct(0.1234), "12.34%"},
		{"pct whole", fmtPct(1), "100.00%"},
		{"pct zero", fmtPct(0), "0.00%"},
		{"pct negative", fmtPct(-0.05), "-5.00%"},
		{"pct over 100", fmtPct(2.5), "250.00%"},
		{"pct basis point", fmtPct(0.0001), "0.01%"},
		{"num precision 4", fmtNum(1.5, 4), "1.5000"},
		{"num precision 0", fmtNum(2.5, 0), "2"},
		{"num negative", fmtNum(-3.14159, 2), "-3.14"},
		{"date", fmtDate(time.Date(2017, 3, 9, 23, 59, 0, 0, time.UTC)), "2017-03-09"},
		{"date zero is empty", fmtDate(time.Time{}), ""},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}

func TestFormatMetric(t *testing.T) {
	t.Parallel()
	f := func(v float64) *float64 { return &v }
	tests := []struct {
		v      *float64
		format string
		want   string
	}{
		{nil, "pct", "n/a"},
		{nil, "ratio", "n/a"},
		{f(0.1), "pct", "10.00%"},
		{f(-0.25), "pct", "-25.00%"},
		{f(1.234), "ratio", "1.23"},
		{f(0), "ratio", "0.00"},
	}
	for _, tt := range tests {
		if got := formatMetric(tt.v, tt.format); got != tt.want {
			t.Errorf("formatMetric(%v, %q) = %q, want %q", tt.v, tt.format, got, tt.want)
		}
	}
}

func TestFmtAgeAndBytes(t *testing.T) {
	t.Parallel()
	ages := []struct {
		secs int64
		want string
	}{
		{0, "0 min"}, {59, "0 min"}, {60, "1 min"}, {3599, "59 min"}, {3600, "1 h"},
		{47*3600 + 3599, "47 h"}, {48 * 3600, "2 days"}, {10 * 86400, "10 days"},
	}
	for _, tt := range ages {
		if got := fmtAge(tt.secs); got != tt.want {
			t.Errorf("fmtAge(%d) = %q, want %q", tt.secs, got, tt.want)
		}
	}
	sizes := []struct {
		n    int64
		want string
	}{
		{0, "0 B"}, {1023, "1023 B"}, {1024, "1.0 KiB"}, {1536, "1.5 KiB"},
		{1<<20 - 1, "1024.0 KiB"}, {1 << 20, "1.0 MiB"}, {5 << 30, "5120.0 MiB"},
	}
	for _, tt := range sizes {
		if got := fmtBytes(tt.n); got != tt.want {
			t.Errorf("fmtBytes(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

func TestHeatAndGainClass(t *testing.T) {
	t.Parallel()
	heat := []struct {
		v    float64
		want string
	}{
		{-1, "heat-n3"}, {-0.6, "heat-n3"}, {-0.59, "heat-n2"}, {-0.3, "heat-n2"}, {-0.29, "heat-n1"},
		{-0.1, "heat-0"}, {0, "heat-0"}, {0.099, "heat-0"}, {0.1, "heat-p1"}, {0.3, "heat-p2"},
		{0.59, "heat-p2"}, {0.6, "heat-p3"}, {1, "heat-p3"},
	}
	for _, tt := range heat {
		if got := heatClass(tt.v); got != tt.want {
			t.Errorf("heatClass(%v) = %q, want %q", tt.v, got, tt.want)
		}
	}
	for v, want := range map[float64]string{1: "good", 0.001: "good", 0: "", -0.001: "bad"} {
		if got := gainClass(v); got != want {
			t.Errorf("gainClass(%v) = %q, want %q", v, got, want)
		}
	}
}

func TestDetailsText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   map[string]string
		want string
	}{
		{nil, ""},
		{map[string]string{"role": "admin"}, "role=admin"},
		{map[string]string{"z": "1", "a": "2", "m": "<b>x</b>"}, "a=2; m=<b>x</b>; z=1"},
	}
	for _, tt := range tests {
		if got := detailsText(tt.in); got != tt.want {
			t.Errorf("detailsText(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPortfolioIDFromPath(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"/portfolios/AbC_1/analytics":  "AbC_1",
		"/portfolios/AbC_1/analytics/": "AbC_1",
		"/portfolios/AbC_1":            "",
		"/portfolios":                  "",
		"/":                            "",
		"/a/b/c/d":                     "",
	}
	for path, want := range tests {
		if got := portfolioIDFromPath(path); got != want {
			t.Errorf("portfolioIDFromPath(%q) = %q, want %q", path, got, want)
		}
	}
}

func TestSmallHelpers(t *testing.T) {
	t.Parallel()
	if got := clipText("abcdef", 3); got != "abc" {
		t.Errorf("clipText = %q", got)
	}
	if got := clipText("ab", 3); got != "ab" {
		t.Errorf("clipText short = %q", got)
	}
	if errText(nil) != "" || errText(errors.New("boom")) != "boom" {
		t.Error("errText")
	}
	if yesNo(true) != "yes" || yesNo(false) != "no" {
		t.Error("yesNo")
	}
	ts := time.Date(2024, 5, 6, 7, 8, 9, 0, time.FixedZone("X", 2*3600))
	if got := timeOr(&ts, "never"); got != "2024-05-06 05:08 UTC" {
		t.Errorf("timeOr = %q", got)
	}
	if got := timeOr(nil, "never"); got != "never" {
		t.Errorf("timeOr(nil) = %q", got)
	}
	for _, tt := range []struct {
		a    wire.SecurityStatus
		want string
	}{
		{wire.SecurityStatus{Detailed: true, Audit: wire.AuditStatus{State: "verified", Entries: 12}}, "verified: 12 entries, chain intact (unauthenticated: no audit key set)"},
		{wire.SecurityStatus{Detailed: true, Audit: wire.AuditStatus{State: "verified", Entries: 12, Authenticated: true}}, "verified: 12 entries, chain intact, HMAC-authenticated"},
		{wire.SecurityStatus{Detailed: true, Audit: wire.AuditStatus{State: "broken", BrokenAt: "audit-2024-01-02.jsonl:7"}}, "BROKEN at audit-2024-01-02.jsonl:7"},
		{wire.SecurityStatus{Audit: wire.AuditStatus{State: "verified", Authenticated: true}}, "verified, chain intact, HMAC-authenticated"},
		{wire.SecurityStatus{Audit: wire.AuditStatus{State: "broken"}}, "BROKEN"},
		{wire.SecurityStatus{Audit: wire.AuditStatus{State: "empty"}}, "empty"},
	} {
		if got := auditText(tt.a); got != tt.want {
			t.Errorf("auditText(%+v) = %q, want %q", tt.a, got, tt.want)
		}
	}
	if !isUnauthorized(fmt.Errorf("wrapped: %w", &apiError{Status: http.StatusUnauthorized})) {
		t.Error("isUnauthorized misses a wrapped 401")
	}
	if isUnauthorized(&apiError{Status: http.StatusForbidden}) || isUnauthorized(errors.New("401")) || isUnauthorized(nil) {
		t.Error("isUnauthorized accepts something that is not a 401 answer")
	}
}

func TestKnownRoutes(t *testing.T) {
	t.Parallel()
	tests := map[string]bool{
		"/": true, "/security": true, "/login": true, "/register": true, "/account": true,
		"/methodology": true, "/portfolios": true, "/admin": true,
		"/portfolios/AbC_12-x":           true,
		"/portfolios/AbC_12-x/analytics": true,
		"/portfolios/a b":                false,
		"/portfolios/../admin":           false,
		"/portfolios/x/analytics/extra":  false,
		"/admin/":                        false,
		"/wp-login.php":                  false,
		"/web/app.wasm":                  false,
	}
	for path, want := range tests {
		if got := Known(path); got != want {
			t.Errorf("Known(%q) = %v, want %v", path, got, want)
		}
	}
}

// TestInlineMarkdown checks the methodology renderer's inline marks come
// out as elements around text nodes, never as raw HTML.
func TestInlineMarkdown(t *testing.T) {
	t.Parallel()
	root := app.Elem("p").Body(inline("Beta = `cov(r,b)/var(b)` is **not** <b>html</b>")...)
	match(t, root, app.Text("Beta = "), 0)
	match(t, root, app.Elem("code"), 1)
	match(t, root, app.Text("cov(r,b)/var(b)"), 1, 0)
	match(t, root, app.Text(" is "), 2)
	match(t, root, app.Elem("strong"), 3)
	match(t, root, app.Text("not"), 3, 0)
	match(t, root, app.Text(" <b>html</b>"), 4)
	noMatch(t, root, app.Text(""), 5)
	// An unclosed mark stays text.
	root = app.Elem("p").Body(inline("a `b")...)
	match(t, root, app.Text("a "), 0)
	match(t, root, app.Text("`b"), 1)
}

func TestSafeNextRefusesControlCharacters(t *testing.T) {
	for _, next := range []string{"/\t/evil.com", "/\x00x", "/a\x7fb", "/\\evil"} {
		if got := safeNext(next); got != "/portfolios" {
			t.Errorf("safeNext(%q) = %q", next, got)
		}
	}
	if Known("") {
		t.Error(`Known("") = true`)
	}
	if (session{User: wire.User{Role: wire.RoleAdmin}}).isAdmin() {
		t.Error("a session without a token counts as admin")
	}
}
