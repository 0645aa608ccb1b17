//go:build !js

package ui

import (
	"strings"
	"testing"

	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// TestScanCardSuppressions: the Security page counts the suppressed
// findings per rule (the scan annotates dozens, which as one row each made
// the page's longest card), and lists each with its file and reason when
// asked.
func TestScanCardSuppressions(t *testing.T) {
	t.Parallel()
	s := wire.ScanSummary{Date: "2026-12-04", Tools: []string{"gosec"}, Suppressions: []wire.Suppression{
		{Rule: "gosec G304", File: "server/backup/archive.go", Reason: "path is built by this program"},
		{Rule: "gosec G304", File: "server/backup/list.go", Reason: "path is built by this program"},
		{Rule: "gosec G404", File: "server/market/client.go", Reason: "backoff jitter needs no cryptographic randomness"},
	}}
	for _, tt := range []struct {
		name      string
		every     bool
		want, not []string
	}{
		{"per rule", false,
			[]string{"Suppressed gosec G304", "2 findings, each with its reason", "Suppressed gosec G404", "1 finding,", "Show every suppressed finding"},
			[]string{"archive.go", "backoff jitter"}},
		{"every one", true,
			[]string{"Suppressed gosec G304 in server/backup/archive.go", "Suppressed gosec G304 in server/backup/list.go", "backoff jitter", "Count them per rule"},
			[]string{"2 findings"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := newSecurityStatus()
			c.showSuppressed = tt.every
			html := app.HTMLString(c.scanCard(s))
			for _, w := range tt.want {
				if !strings.Contains(html, w) {
					t.Errorf("missing %q in %s", w, html)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(html, n) {
					t.Errorf("unexpected %q in %s", n, html)
				}
			}
		})
	}
}
