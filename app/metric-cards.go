package ui

import (
	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// metricCards shows one card per metric with its one-line definition.
type metricCards struct {
	app.Compo
	Imetrics wire.Metrics
}

func newMetricCards() *metricCards { return &metricCards{} }

// Metrics sets the metrics to show.
func (c *metricCards) Metrics(m wire.Metrics) *metricCards { c.Imetrics = m; return c }

func (c *metricCards) Render() app.UI {
	return divcID("cards", "metric-cards",
		app.Range(wire.MetricDefs).Slice(func(i int) app.UI {
			d := wire.MetricDefs[i]
			return divc("metric",
				divct("metric-label", d.Label),
				divID("metric-value", "metric-"+d.Key, formatMetric(c.Imetrics.Value(d.Key), d.Format)),
				divct("metric-help", d.Definition),
			)
		}),
	)
}

// formatMetric formats an optional metric ("n/a" when undefined).
func formatMetric(v *float64, format string) string {
	if v == nil {
		return "n/a"
	}
	if format == "pct" {
		return fmtPct(*v)
	}
	return fmtNum(*v, 2)
}
