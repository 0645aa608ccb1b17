package ui

import (
	"strconv"
	"strings"

	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Geometry of the statistics chart in SVG user units.
const (
	statsW, statsH           = 720.0, 240.0
	statsLeft, statsRight    = 48.0, 12.0
	statsTop, statsBottomPad = 14.0, 28.0
	statsPlotW, statsPlotH   = statsW - statsLeft - statsRight, statsH - statsTop - statsBottomPad
	statsBaseline, statsXEnd = statsTop + statsPlotH, statsW - statsRight
)

// statsChart draws daily views and visitors as an inline SVG built from
// numbers only; its labels are text nodes and its colours come from CSS.
type statsChart struct {
	app.Compo
	Idays []wire.StatsDay
}

func newStatsChart() *statsChart { return &statsChart{} }

// Days sets the series to draw.
func (c *statsChart) Days(d []wire.StatsDay) *statsChart { c.Idays = d; return c }

func (c *statsChart) Render() app.UI {
	if len(c.Idays) == 0 {
		return parac("empty", "No days to draw.")
	}
	top := int64(1)
	views := make([]int64, len(c.Idays))
	visitors := make([]int64, len(c.Idays))
	for i, d := range c.Idays {
		views[i], visitors[i] = d.Views, d.Visitors
		top = max(top, d.Views, d.Visitors)
	}
	first, last := c.Idays[0].Day, c.Idays[len(c.Idays)-1].Day
	return divc("chart-stack",
		svgChart("chart #stats-chart", statsW, statsH, "Page views and visitors per day",
			sv{spec: "line axis", nums: [4]float64{statsLeft, statsXEnd, statsBaseline, statsBaseline}},
			sv{spec: "line axis", nums: [4]float64{statsLeft, statsLeft, statsTop, statsBaseline}},
			sv{spec: "polyline line #stats-views-line", s: statsPoints(views, top)},
			sv{spec: "polyline line-alt #stats-visitors-line", s: statsPoints(visitors, top)},
			sv{spec: "text tick-y", nums: [4]float64{statsLeft - 6, statsTop + 4}, s: strconv.FormatInt(top, 10)},
			sv{spec: "text tick-y", nums: [4]float64{statsLeft - 6, statsBaseline}, s: "0"},
			sv{spec: "text", nums: [4]float64{statsLeft, statsH - 8}, s: first},
			sv{spec: "text anchor-end", nums: [4]float64{statsXEnd, statsH - 8}, s: last},
		),
		elDiv().Class("row muted").Body(
			spanc("legend legend-views", "Page views"),
			spanc("legend legend-visitors", "Visitors"),
		),
	)
}

// statsPoints scales counts to polyline points.
func statsPoints(ys []int64, top int64) string {
	var b strings.Builder
	for i, y := range ys {
		x := statsLeft + statsPlotW/2
		if len(ys) > 1 {
			x = statsLeft + statsPlotW*float64(i)/float64(len(ys)-1)
		}
		py := statsBaseline - statsPlotH*float64(y)/float64(top)
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(ftoa(x, 1) + "," + ftoa(py, 1))
	}
	return b.String()
}
