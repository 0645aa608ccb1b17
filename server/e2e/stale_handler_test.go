package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestAdminActionFollowsItsRow: once the list reloads with another account
// in a row, the row's buttons act on that account, not on the one the row
// showed before (go-app keeps an element's handler while its scope stays
// the same, so buttons are scoped by their ids).
func TestAdminActionFollowsItsRow(t *testing.T) {
	s := newSite(t)
	const pw = "admin panel secret 1"
	s.seedAdmin(pw, "boss", "alice", "carl", "zara", "zed")
	var title string
	s.run(
		s.loginTo("/admin", "#reset-zed", "boss", pw),
		// Rows: alice, boss, carl, zara, zed. Deleting carl moves zara
		// and zed up one row each.
		s.confirmAction("#delete-carl", "#users-notice"),
		chromedp.WaitNotPresent("#reset-carl", chromedp.ByQuery),
		chromedp.Click("#reset-zed", chromedp.ByQuery),
		s.waitFor("#confirm-dialog"),
		chromedp.Text("#confirm-dialog h2", &title, chromedp.ByQuery),
	)
	if !strings.Contains(title, "zed") {
		t.Fatalf("the reset button of zed's row opened %q", title)
	}
}
