package ui

import (
	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// correlationHeatmap shows the correlation matrix with one CSS class per
// bucket (heat-n3 .. heat-p3).
type correlationHeatmap struct {
	app.Compo
	Imatrix *wire.CorrelationMatrix
}

func newCorrelationHeatmap() *correlationHeatmap { return &correlationHeatmap{} }

// Matrix sets the correlation matrix.
func (c *correlationHeatmap) Matrix(m *wire.CorrelationMatrix) *correlationHeatmap {
	c.Imatrix = m
	return c
}

func (c *correlationHeatmap) Render() app.UI {
	m := c.Imatrix
	if m == nil || len(m.Tickers) == 0 {
		return parac("muted", "Correlations need at least two holdings with overlapping prices.")
	}
	return tableWrap().Body(elTable().Class("table heat").ID("correlation").Body(
		thead(tr(elTh().Body(spanc("sr-only", "Ticker")), app.Range(m.Tickers).Slice(func(j int) app.UI {
			return th(m.Tickers[j])
		}))),
		tbody(app.Range(m.Tickers).Slice(func(i int) app.UI {
			return tr(th(m.Tickers[i]), app.Range(m.Values[i]).Slice(func(j int) app.UI {
				v := m.Values[i][j]
				if v == nil {
					return tdc("heat-0", "n/a")
				}
				return tdc(heatClass(*v), fmtNum(*v, 2))
			}))
		})),
	))
}

// heatClass buckets a correlation in [-1, 1] into seven classes.
func heatClass(v float64) string {
	switch {
	case v <= -0.6:
		return "heat-n3"
	case v <= -0.3:
		return "heat-n2"
	case v < -0.1:
		return "heat-n1"
	case v < 0.1:
		return "heat-0"
	case v < 0.3:
		return "heat-p1"
	case v < 0.6:
		return "heat-p2"
	}
	return "heat-p3"
}
