package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"github.com/fortfolio/fortfolio/server/audit"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// TestAdminFinalExportBeforeDelete downloads an account's data from the
// delete dialog, then deletes the account; both are audited.
func TestAdminFinalExportBeforeDelete(t *testing.T) {
	s := newSite(t)
	const pw = "admin export secret 1"
	s.seedAdmin(pw, "boss", "leaver")
	ctx := context.Background()
	leaver, err := s.Platform.Store.UserByUsername(ctx, "leaver")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Platform.Store.CreatePortfolio(ctx, leaver.ID, "Leaver's pension", "", time.Now()); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var saved, notice string
	s.run(
		browser.SetDownloadBehavior(browser.SetDownloadBehaviorBehaviorAllow).WithDownloadPath(dir),
		s.loginTo("/admin", "#users-table", "boss", pw),
		chromedp.Click("#delete-leaver", chromedp.ByQuery),
		s.waitFor("#export-final"),
		chromedp.Click("#export-final", chromedp.ByQuery),
		s.waitFor("#export-final-ok"),
		chromedp.Text("#export-final-ok", &saved, chromedp.ByQuery),
	)
	s.screenshot("admin-final-export")
	data := waitForDownload(t, dir, "fortfolio-export-leaver-")
	var doc wire.ExportData
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("export is not JSON: %v", err)
	}
	if doc.Format != "fortfolio-export-v1" || doc.User.Username != "leaver" || len(doc.Portfolios) != 1 ||
		doc.Portfolios[0].Portfolio.Name != "Leaver's pension" {
		t.Fatalf("final export: %+v", doc)
	}
	if !strings.Contains(saved, "fortfolio-export-leaver-") {
		t.Errorf("export notice: %q", saved)
	}
	s.run(
		chromedp.Click("#confirm-yes", chromedp.ByQuery),
		chromedp.WaitNotPresent("#confirm-dialog", chromedp.ByQuery),
		s.waitFor("#users-notice"),
		chromedp.Text("#users-notice", &notice, chromedp.ByQuery),
		chromedp.WaitNotPresent(`tr[data-username="leaver"]`, chromedp.ByQuery),
	)
	if notice != "leaver was deleted." {
		t.Fatalf("delete notice: %q", notice)
	}
	page, err := audit.Query(ctx, filepath.Join(s.Platform.Store.DataDir(), "audit"), audit.Filter{Action: "admin.user.*"})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range page.Entries {
		if e.Target == leaver.ID {
			actions = append(actions, e.Action)
		}
	}
	if strings.Join(actions, ",") != audit.ActionAdminUserDelete+","+audit.ActionAdminUserExport {
		t.Fatalf("audit for the account (newest first): %v", actions)
	}
}

// waitForDownload returns the content of the first complete file in dir
// whose name starts with prefix.
func waitForDownload(t *testing.T, dir, prefix string) []byte {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		names, _ := filepath.Glob(filepath.Join(dir, prefix+"*.json"))
		if len(names) > 0 {
			b, err := os.ReadFile(names[0])
			if err == nil && len(b) > 0 {
				return b
			}
			if err != nil && !errors.Is(err, os.ErrNotExist) {
				t.Fatal(err)
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	entries, _ := os.ReadDir(dir)
	t.Fatalf("no download %s*.json in %s (found %v)", prefix, dir, entries)
	return nil
}
