package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/fortfolio/fortfolio/server/stats"
)

// views returns today's page views as the server counted them.
func (s *site) views(ctx context.Context) (int64, error) {
	r, err := stats.ParseRange("", "", time.Now())
	if err != nil {
		return 0, err
	}
	rep, err := s.Platform.Stats.Report(ctx, r)
	return rep.Views, err
}

// waitViews waits until the server counted n page views today.
func (s *site) waitViews(n int64) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		for {
			got, err := s.views(ctx)
			if err != nil || got >= n {
				return err
			}
			select {
			case <-ctx.Done():
				return fmt.Errorf("page views: %d, want %d: %w", got, n, ctx.Err())
			case <-time.After(100 * time.Millisecond):
			}
		}
	})
}

// TestUsageStatistics visits pages anonymously and signed in, then the
// admin sees exactly those views, by route template, on the Usage tab.
func TestUsageStatistics(t *testing.T) {
	s := newSite(t)
	const pw = "usage stats secret 1"
	s.seedAdmin(pw, "boss")
	var views, visitors, pages, browsers, points, storage, cookies string
	s.run(
		s.page("/", ".hero"), s.waitViews(1),
		s.page("/security", ".security-title"), s.waitViews(2),
		s.loginTo("/admin", "#users-table", "boss", pw), s.waitViews(4),
		chromedp.Click("#tab-usage", chromedp.ByQuery),
		s.waitFor("#stats-views"),
		chromedp.Text("#stats-views", &views, chromedp.ByQuery),
		chromedp.Text("#stats-visitors", &visitors, chromedp.ByQuery),
		chromedp.Text("#stats-pages", &pages, chromedp.ByQuery),
		chromedp.Text("#stats-browsers", &browsers, chromedp.ByQuery),
		chromedp.AttributeValue("#stats-views-line", "points", &points, nil, chromedp.ByQuery),
		chromedp.Evaluate(`Object.keys(localStorage).join(",")`, &storage),
		chromedp.Evaluate(`document.cookie`, &cookies),
		chromedp.Click("#stats-export", chromedp.ByQuery),
		chromedp.Sleep(500*time.Millisecond),
	)
	s.screenshot("usage-statistics")
	if views != "4" || visitors != "1" {
		t.Errorf("dashboard shows %s views and %s visitors, want 4 and 1 (/, /security, /login, /admin)", views, visitors)
	}
	for _, want := range []string{"/security", "/login", "/admin"} {
		if !strings.Contains(pages, want) {
			t.Errorf("top pages %q lack %s", pages, want)
		}
	}
	if !strings.Contains(browsers, "Chrome") {
		t.Errorf("browsers = %q", browsers)
	}
	if strings.Count(points, ",") != 30 {
		t.Errorf("chart points %q: want 30 days", points)
	}
	if cookies != "" || strings.Contains(storage, "stat") || strings.Contains(storage, "visitor") {
		t.Errorf("the browser keeps an identifier: cookies %q, localStorage keys %q", cookies, storage)
	}
}

// TestUsageStatisticsHonourGPC checks that a browser with Global Privacy
// Control sends no page view at all.
func TestUsageStatisticsHonourGPC(t *testing.T) {
	s := newSite(t)
	s.run(
		chromedp.ActionFunc(func(ctx context.Context) error {
			_, err := page.AddScriptToEvaluateOnNewDocument(
				`Object.defineProperty(Navigator.prototype, "globalPrivacyControl", {get: () => true});`).Do(ctx)
			return err
		}),
		s.page("/", ".hero"),
		s.page("/security", ".security-title"),
		chromedp.Sleep(time.Second),
	)
	if n, err := s.views(context.Background()); err != nil || n != 0 {
		t.Fatalf("with Global Privacy Control on, %d page views were counted (err %v)", n, err)
	}
}
