package ui

import (
	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// holdingsTable shows the exposure summary and the open positions; a
// click on a ticker selects it for the price chart.
type holdingsTable struct {
	app.Compo
	IHoldings wire.Holdings
	IOnSelect func(ctx app.Context, ticker string)
	Icur      string
}

func newHoldingsTable() *holdingsTable { return &holdingsTable{} }

// Holdings sets the data shown.
func (t *holdingsTable) Holdings(h wire.Holdings) *holdingsTable { t.IHoldings = h; return t }

// Currency sets the portfolio's base currency the amounts are in.
func (t *holdingsTable) Currency(c string) *holdingsTable { t.Icur = c; return t }

// OnSelect sets the callback run when a ticker is clicked.
func (t *holdingsTable) OnSelect(f func(ctx app.Context, ticker string)) *holdingsTable {
	t.IOnSelect = f
	return t
}

func (t *holdingsTable) Render() app.UI {
	h := t.IHoldings
	return elDiv().ID("holdings").Body(
		divc("cards",
			holdingMetric("Gross exposure", money(h.GrossExposure, t.Icur), "long value + |short value|", "gross-exposure"),
			holdingMetric("Net exposure", money(h.NetExposure, t.Icur), "long value − |short value|", "net-exposure"),
			holdingMetric("Unrealised P&L", money(h.UnrealisedPL, t.Icur), "open positions at the latest close", "unrealised-pl"),
			holdingMetric("Realised P&L", money(h.RealisedPL, t.Icur), "closed lots (oldest first unless a sale names its lots), after fees", "realised-pl"),
			holdingMetric("Dividends − fees", money(h.Dividends-h.Fees, t.Icur), "cash income minus fee transactions", "income"),
			holdingMetric("Total P&L", money(h.TotalPL, t.Icur), "prices as of "+h.AsOf, "total-pl"),
		),
		app.If(len(h.Positions) == 0, func() app.UI {
			return divID("empty", "holdings-empty", "No open positions. Add a buy (or a short) to see holdings.")
		}).Else(t.renderTable),
	)
}

func holdingMetric(label, value, help, id string) app.UI {
	return divc("metric",
		divct("metric-label", label),
		divID("metric-value", id, value),
		divct("metric-help", help),
	)
}

func (t *holdingsTable) renderTable() app.UI {
	ps := t.IHoldings.Positions
	return tableWrap().Body(elTable().ID("holdings-table").Body(
		thead(tr(
			th("Ticker"), thc("wide", "Name"), thc("wide", "Sector"),
			thc("num wide", "Quantity"), thc("num wide", "Avg cost"),
			thc("num wide", "Last close"), thc("num", "Market value"),
			thc("num", "Unrealised"), thc("num wide", "Realised"),
			thc("num", "Weight"),
		)),
		tbody(app.Range(ps).Slice(func(i int) app.UI {
			p := ps[i]
			return elTr().Class("holding-row").DataSet("ticker", p.Ticker).Body(
				elTd().Body(elButton().Class("btn btn-small holding-ticker").Title("Show the price chart").Text(p.Ticker).OnClick(t.pick(p.Ticker), app.EventScope(p.Ticker))),
				tdc("wrap wide holding-name", p.Name), tdc("wrap wide holding-sector", p.Sector),
				tdc("num wide holding-qty", quantity(p.Quantity, 4)),
				tdc("num wide", fmtNum(p.AvgCost, 2)),
				tdc("num wide", fmtNum(p.LastClose, 2)),
				tdc("num", money(p.MarketValue, t.Icur)),
				tdc("num "+gainClass(p.UnrealisedPL), money(p.UnrealisedPL, t.Icur)),
				tdc("num wide "+gainClass(p.RealisedPL), money(p.RealisedPL, t.Icur)),
				tdc("num", fmtPct(p.Weight)),
			)
		})),
	))
}

// gainClass returns the CSS class of a gain or a loss.
func gainClass(v float64) string {
	switch {
	case v > 0:
		return "good"
	case v < 0:
		return "bad"
	}
	return ""
}

func (t *holdingsTable) pick(ticker string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		if t.IOnSelect != nil {
			t.IOnSelect(ctx, ticker)
		}
	}
}
