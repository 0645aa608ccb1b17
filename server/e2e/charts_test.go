package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestChartsFlow opens the analytics charts of the example portfolio:
// the 1Y range button re-scopes the chart and the numbers, the tooltip
// follows the mouse and the arrow keys, the Value tab and the allocation
// switcher change the charts, and at 390 px the page does not scroll
// sideways and the axis labels do not overlap.
func TestChartsFlow(t *testing.T) {
	s := newSite(t)
	const pw = "a long secret phrase"
	s.seedAdmin(pw, "charter")
	s.run(s.loginTo("/account", "#me-username", "charter", pw))
	id := s.exampleID()
	var period, total, label string
	s.run(
		chromedp.ActionFunc(func(ctx context.Context) error {
			return emulation.SetDeviceMetricsOverride(1366, 900, 1, false).Do(ctx)
		}),
		s.page("/portfolios/"+id+"/analytics", "#perf-line-svg"),
		s.waitFor("#alloc-donut"), s.waitFor("#alloc-treemap"), s.waitFor("#world-map path.h5"), s.waitFor("#worst-drawdowns"),
		chromedp.Text("#analytics-report > p", &period, chromedp.ByQuery),
		chromedp.Text("#metric-total_return", &total, chromedp.ByQuery),
	)
	end := period[strings.Index(period, " to ")+4:][:10]
	e, err := time.Parse(time.DateOnly, end)
	if err != nil {
		t.Fatalf("period line %q", period)
	}
	yearAgo := e.AddDate(-1, 0, 0).Format(time.DateOnly)
	s.screenshot("charts-1366")
	var total1y string
	s.run(
		chromedp.Click("#range-1y", chromedp.ByQuery),
		s.waitText("#analytics-report > p", "Period "+yearAgo[:7]),
		chromedp.Text("#metric-total_return", &total1y, chromedp.ByQuery),
		chromedp.AttributeValue("#perf-line-svg", "aria-label", &label, nil, chromedp.ByQuery),
	)
	if total1y == total || !strings.Contains(label, "From "+yearAgo[:7]) || !strings.Contains(label, " to "+end) {
		t.Fatalf("after 1Y: total %q (was %q), chart %q", total1y, total, label)
	}
	s.checkTooltips(end)
	var head string
	s.run(
		chromedp.Click("#tab-value", chromedp.ByQuery), s.waitFor("#value-line-svg"),
		chromedp.Click("#alloc-country", chromedp.ByQuery), s.waitText("#allocation th", "Country"),
		chromedp.AttributeValue("#alloc-donut", "aria-label", &head, nil, chromedp.ByQuery),
	)
	if !strings.Contains(head, "by Country: US 100.00%") {
		t.Fatalf("country donut %q", head)
	}
	s.checkPhone()
}

// checkTooltips hovers the middle of the performance chart, then reads
// the days with the keyboard.
func (s *site) checkTooltips(end string) {
	s.t.Helper()
	var box []float64
	var hover, last, prev string
	var tip bool
	s.run(chromedp.ScrollIntoView("#perf-line-svg", chromedp.ByQuery), chromedp.Evaluate(`(() => { const r = document.querySelector("#perf-line-svg").getBoundingClientRect();
		return [r.left + r.width/2, r.top + r.height/2]; })()`, &box))
	s.run(
		chromedp.ActionFunc(func(ctx context.Context) error {
			return input.DispatchMouseEvent(input.MouseMoved, box[0], box[1]).Do(ctx)
		}),
		s.waitText("#perf-line-readout", "Portfolio (TWR)"),
		chromedp.Text("#perf-line-readout", &hover, chromedp.ByQuery),
		chromedp.Evaluate(`!!document.querySelector("#perf-line-tip .tip-box")`, &tip),
		chromedp.Focus("#perf-line-svg", chromedp.ByQuery),
		chromedp.KeyEvent(kb.End),
		s.waitText("#perf-line-readout", end),
		chromedp.Text("#perf-line-readout", &last, chromedp.ByQuery),
		chromedp.KeyEvent(kb.ArrowLeft),
		pollPage(fmt.Sprintf(`!document.querySelector("#perf-line-readout").textContent.startsWith(%q)`, end)),
		chromedp.Text("#perf-line-readout", &prev, chromedp.ByQuery),
	)
	if !tip || !strings.Contains(hover, "Portfolio (TWR)") || !strings.Contains(hover, "%") || hover[:10] >= end {
		s.t.Fatalf("hover read-out %q", hover)
	}
	if !strings.HasPrefix(last, end) || prev[:10] >= last[:10] {
		s.t.Fatalf("keyboard read-outs %q then %q", last, prev)
	}
}

// checkPhone reloads the page at 390 px: nothing is wider than the
// screen and neighbouring axis labels of the time charts do not overlap.
func (s *site) checkPhone() {
	s.t.Helper()
	var report string
	s.run(
		chromedp.ActionFunc(func(ctx context.Context) error {
			return emulation.SetDeviceMetricsOverride(390, 844, 1, true).Do(ctx)
		}),
		chromedp.Reload(),
		s.waitFor("#perf-line-svg"), s.waitFor("#world-map path.h5"),
		chromedp.Evaluate(`(() => {
			const bad = [];
			if (document.documentElement.scrollWidth > 390) bad.push("page " + document.documentElement.scrollWidth + "px wide");
			for (const svg of document.querySelectorAll(".ichart svg")) {
				if (svg.getBoundingClientRect().right > 390) bad.push(svg.id + " clipped");
				const labels = [...svg.querySelectorAll(".axes > text")].map(t => t.getBoundingClientRect());
				for (let i = 1; i < labels.length; i++) {
					if (labels[i].left < labels[i-1].right) bad.push(svg.id + " x labels overlap");
				}
			}
			return bad.join("; ");
		})()`, &report),
	)
	s.screenshot("charts-390")
	if report != "" {
		s.t.Fatal(report)
	}
}
