package ui

import (
	"strconv"
	"strings"

	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// statsSVGNS is the SVG namespace; go-app needs it on every SVG element.
const statsSVGNS = "http://www.w3.org/2000/svg"

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
		statsSVG("svg").ID("stats-chart").Class("chart").Attr("viewBox", "0 0 720 240").
			Attr("role", "img").Attr("aria-label", "Page views and visitors per day").Body(
			statsAxis(statsLeft, statsBaseline, statsXEnd, statsBaseline),
			statsAxis(statsLeft, statsTop, statsLeft, statsBaseline),
			statsSVG("polyline").Class("line").ID("stats-views-line").Attr("points", statsPoints(views, top)),
			statsSVG("polyline").Class("line-alt").ID("stats-visitors-line").Attr("points", statsPoints(visitors, top)),
			statsLabel(statsLeft-6, statsTop+4, "end", strconv.FormatInt(top, 10)),
			statsLabel(statsLeft-6, statsBaseline, "end", "0"),
			statsLabel(statsLeft, statsH-8, "start", first),
			statsLabel(statsXEnd, statsH-8, "end", last),
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

func statsSVG(tag string) app.HTMLElem { return app.Elem(tag).XMLNS(statsSVGNS) }

func statsAxis(x1, y1, x2, y2 float64) app.UI {
	f := func(v float64) string { return ftoa(v, 1) }
	return statsSVG("line").Class("axis").Attr("x1", f(x1)).Attr("y1", f(y1)).Attr("x2", f(x2)).Attr("y2", f(y2))
}

func statsLabel(x, y float64, anchor, label string) app.UI {
	return statsSVG("text").Attr("x", ftoa(x, 1)).Attr("y", ftoa(y, 1)).
		Attr("text-anchor", anchor).Text(label)
}
