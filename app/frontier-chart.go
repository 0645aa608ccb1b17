package ui

import (
	"github.com/fortfolio/fortfolio/shared/chart"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// frontierChart draws the efficient frontier inline, with the same marks
// and colours as the other charts: its title, grid lines and tick labels, the
// frontier, and the current and optimal portfolios as points whose
// tooltip (tips, by marker kind) gives their return and volatility.
func frontierChart(p chart.Plot, tips map[string]string) app.UI {
	a := p.Area
	marks := []sv{{spec: "text chart-title", nums: [4]float64{a.X, 16}, s: p.Title}}
	for _, t := range p.YTicks {
		marks = append(marks, sv{spec: "line grid", nums: [4]float64{a.X, a.X + a.W, t.Pos, t.Pos}},
			sv{spec: "text tick tick-y", nums: [4]float64{a.X - 6, t.Pos + 4}, s: t.Label})
	}
	for _, t := range p.XTicks {
		marks = append(marks, sv{spec: "text tick tick-x", nums: [4]float64{t.Pos, a.Y + a.H + 18}, s: t.Label})
	}
	marks = append(marks, sv{spec: "path frontier", s: chart.Path(p.Line)})
	for _, m := range p.Markers {
		cls := map[string]string{"current": "pt-current", "optimal": "pt-opt"}[m.Kind]
		marks = append(marks, sv{spec: "circle " + cls, nums: [4]float64{m.At.X, m.At.Y, 5}, title: tips[m.Kind]},
			sv{spec: "text " + cls, nums: [4]float64{m.At.X + 8, m.At.Y - 6}, s: m.Label})
	}
	return svgChart("chart #frontier-chart", p.W, p.H, p.Title, marks...)
}
