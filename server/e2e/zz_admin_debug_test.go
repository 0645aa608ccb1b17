//go:build !js

package e2e

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

func TestAdminDebugClick(t *testing.T) {
	s := newSite(t)
	const pw = "admin panel secret 1"
	s.seedAdmin(pw, "boss", "victim")
	var html string
	var n int
	s.run(
		s.loginTo("/admin", "#users-table", "boss", pw),
		chromedp.Evaluate(`document.querySelectorAll("#lock-victim").length`, &n),
		chromedp.Click("#lock-victim", chromedp.ByQuery),
		chromedp.Sleep(2*time.Second),
		chromedp.OuterHTML("#admin-users", &html, chromedp.ByQuery),
	)
	t.Logf("n=%d html=%s", n, html)
}
