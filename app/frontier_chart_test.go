//go:build !js

package ui

import (
	"strings"
	"testing"

	"github.com/fortfolio/fortfolio/shared/chart"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// TestFrontierChartInline: the frontier is drawn in the page (themed by
// CSS, with tooltips), not as an image: its line, both portfolios with
// their tooltips and labels, and the axes' tick labels.
func TestFrontierChartInline(t *testing.T) {
	t.Parallel()
	plot, err := chart.Frontier("Efficient frontier", []float64{0.10, 0.12, 0.15}, []float64{0.04, 0.06, 0.07},
		chart.Pt{X: 0.14, Y: 0.05}, chart.Pt{X: 0.12, Y: 0.06}, chart.Width, chart.Height)
	if err != nil {
		t.Fatal(err)
	}
	tips := map[string]string{"current": "Current: return 5.00%", "optimal": "Optimal: return 6.00%"}
	html := app.HTMLString(frontierChart(plot, tips))
	for _, want := range []string{
		`<svg`, `id="frontier-chart"`, `>Efficient frontier</text>`, `aria-label="Efficient frontier"`, `role="img"`,
		`class="frontier"`, `d="M`,
		`class="pt-current"`, `<title>Current: return 5.00%</title>`, `>Current</text>`,
		`class="pt-opt"`, `<title>Optimal: return 6.00%</title>`, `>Optimal</text>`,
		`class="tick tick-y"`, `class="tick tick-x"`, `class="grid"`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("frontier chart lacks %s:\n%s", want, html)
		}
	}
	if strings.Contains(html, "<img") || strings.Contains(html, "data:image") {
		t.Error("the frontier is still an image")
	}
}
