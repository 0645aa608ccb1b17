package ui

import (
	"sort"

	"github.com/fortfolio/fortfolio/shared/chart"
	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// drawdownPanel draws the drawdown of the TWR index with the deepest
// periods shaded and numbered, and lists them.
type drawdownPanel struct {
	app.Compo
	Iseries []wire.SeriesPoint
	Iworst  []wire.Drawdown
}

func newDrawdownPanel() *drawdownPanel { return &drawdownPanel{} }

// Report sets the series and the worst periods.
func (d *drawdownPanel) Report(r wire.AnalyticsReport) *drawdownPanel {
	d.Iseries, d.Iworst = r.Series, r.Drawdowns
	return d
}

func (d *drawdownPanel) Render() app.UI {
	dates := make([]string, len(d.Iseries))
	dd := make([]float64, len(dates))
	for i, s := range d.Iseries {
		dates[i], dd[i] = s.Date, s.Drawdown
	}
	var bands []chartBand
	for i, w := range d.Iworst {
		end := len(dates) - 1
		if w.Recovery != nil {
			end = min(sort.SearchStrings(dates, *w.Recovery), end)
		}
		bands = append(bands, chartBand{From: min(sort.SearchStrings(dates, w.Peak), end), To: end, Label: itoa(i + 1)})
	}
	return divcID("card", "drawdown-chart",
		h2("Drawdown from the previous high"),
		newLineChart("drawdown-line", "Drawdown of the time-weighted return index").
			Data(dates, chart.FormatPercent, chartSeries{Name: "Drawdown", Class: "s-dd", Values: dd}).Zero().Bands(bands),
		when(len(d.Iworst) > 0, func() app.UI {
			items := make([]app.UI, len(d.Iworst))
			for i, w := range d.Iworst {
				items[i] = elLi().Text(drawdownText(w))
			}
			return el("ol").Class("worst-drawdowns").ID("worst-drawdowns").Body(items...)
		}),
	)
}

// drawdownText describes one period in words.
func drawdownText(w wire.Drawdown) string {
	s := fmtPct(w.Depth) + ": from the high of " + w.Peak + " to the low of " + w.Trough
	if w.Recovery != nil {
		return s + ", back at the high on " + *w.Recovery + " (" + plural(w.DurationDays, "day", "days") + ")"
	}
	return s + ", not yet recovered (" + plural(w.DurationDays, "day", "days") + " so far)"
}
