package ui

import (
	"math"
	"sort"

	"github.com/fortfolio/fortfolio/shared/chart"
	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// performancePanel shows the TWR index with the benchmark and the flows
// (the Performance tab) or the market value (the Value tab).
type performancePanel struct {
	app.Compo
	Iseries []wire.SeriesPoint
	Iflows  []wire.FlowPoint
	Ibench  string
	Icur    string
	Ikind   string // what the flows are: "deposits" or "trades"
	tab     string
}

func newPerformancePanel() *performancePanel { return &performancePanel{} }

// Report sets the series, flows and benchmark name from the report, with
// amounts in currency cur.
func (p *performancePanel) Report(r wire.AnalyticsReport, cur string) *performancePanel {
	p.Icur, p.Ikind = cur, r.FlowsAre
	p.Iseries, p.Iflows = r.Series, r.Flows
	if r.Benchmark != nil {
		p.Ibench = r.Benchmark.Ticker
	}
	return p
}

func (p *performancePanel) Render() app.UI {
	value := p.tab == "value"
	dates := make([]string, len(p.Iseries))
	twr, bench, val := make([]float64, len(dates)), make([]float64, len(dates)), make([]float64, len(dates))
	hasBench := false
	for i, s := range p.Iseries {
		dates[i], twr[i], val[i], bench[i] = s.Date, s.Index-1, s.Value, math.NaN()
		if s.Benchmark != nil {
			bench[i], hasBench = *s.Benchmark-1, true
		}
	}
	id, label, f, note := "perf-line", "Time-weighted return since the start of the period", chart.FormatPercent,
		"The time-weighted return leaves out deposits and withdrawals, so money added does not look like a gain. ▲ money in, ▼ money out."
	lines := []chartSeries{{Name: "Portfolio (TWR)", Class: "s-twr", Values: twr}}
	if hasBench {
		lines = append(lines, chartSeries{Name: "Benchmark " + p.Ibench, Class: "s-bench", Values: bench})
	}
	if value {
		id, label, f, note = "value-line", "Portfolio market value", chart.FormatMoney, "Market value of the holdings, money added included. ▲ money in, ▼ money out."
		lines = []chartSeries{{Name: "Value", Class: "s-value", Values: val}}
	}
	return divcID("card", "value-chart",
		elDiv().Class("tabs").Role("tablist").Aria("label", "Chart").Body(
			p.tabButton("perf", "Performance", !value), p.tabButton("value", "Value", value)),
		elDiv().Role("tabpanel").ID("perf-panel").Body(
			newLineChart(id, label).Currency(p.Icur).Data(dates, f, lines...).Marks(flowMarks(dates, p.Iflows, p.Icur, p.Ikind))),
		parac("muted chart-note", note),
	)
}

// tabButton renders one tab of the chart switcher.
func (p *performancePanel) tabButton(key, label string, on bool) app.UI {
	cls := "tab"
	if on {
		cls = "tab active"
	}
	return elButton().Attr("type", "button").Class(cls).ID("tab-"+key).Role("tab").Aria("selected", on).Aria("controls", "perf-panel").
		OnClick(func(ctx app.Context, e app.Event) { p.tab = key }).Text(label)
}

// flowMarks places each flow at the first chart date on or after it
// (the series is thinned), summing flows that land on the same date, and
// names them as kind says: deposits and withdrawals, or (a portfolio
// without deposits) money paid in for buys and taken out by sales and
// payouts.
func flowMarks(dates []string, flows []wire.FlowPoint, cur, kind string) []chartMark {
	in, out := "Paid in (buys) ", "Taken out (sales, payouts) "
	if kind == "deposits" {
		in, out = "Deposit ", "Withdrawal "
	}
	var marks []chartMark
	sum := map[int]float64{}
	for _, f := range flows {
		i := sort.SearchStrings(dates, f.Date)
		if i < len(dates) {
			if _, seen := sum[i]; !seen {
				marks = append(marks, chartMark{Index: i})
			}
			sum[i] += f.Amount
		}
	}
	for k := range marks {
		v := sum[marks[k].Index]
		marks[k].In, marks[k].Label = v >= 0, in+money(v, cur)
		if v < 0 {
			marks[k].Label = out + money(-v, cur)
		}
	}
	return marks
}
