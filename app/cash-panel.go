package ui

import (
	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// cashPanel shows a portfolio's base currency, its cash balances per
// currency with their base-currency value, the total value, and the
// positions quoted in another currency in their own currency.
type cashPanel struct {
	compo
	IHoldings wire.Holdings
	Icur      string
}

func newCashPanel() *cashPanel { return &cashPanel{} }

// Holdings sets the holdings to show.
func (c *cashPanel) Holdings(h wire.Holdings) *cashPanel { c.IHoldings = h; return c }

// Currency sets the portfolio's base currency.
func (c *cashPanel) Currency(cur string) *cashPanel { c.Icur = cur; return c }

func (c *cashPanel) Render() app.UI {
	h := c.IHoldings
	return divcID("card", "cash-panel",
		elP().ID("portfolio-currency").Body(app.Text("Amounts in "), elStrong().Text(baseCode(c.Icur)),
			app.Text(", converted at each day's exchange rate (ECB, or the market data provider's).")),
		app.If(!h.HoldsCash, func() app.UI {
			return paraID("muted", "cash-none", "No cash is tracked: buys are the money put in and sales the money taken out. Record a deposit to keep the account's cash here.")
		}).Else(func() app.UI { return c.renderCash(h) }),
		when(h.Pending > 0, func() app.UI {
			return paraID("muted", "pending-note", plural(h.Pending, "entry is", "entries are")+
				" dated after the last price date and not counted yet.")
		}),
		app.Range(foreignPositions(h.Positions)).Slice(func(i int) app.UI {
			p := foreignPositions(h.Positions)[i]
			return parac("muted", p.Ticker+": "+money(p.MarketValueLocal, p.Currency)+" at "+
				money(p.LastCloseLocal, p.Currency)+" = "+money(p.MarketValue, c.Icur))
		}),
	)
}

func (c *cashPanel) renderCash(h wire.Holdings) app.UI {
	return elDiv().Body(
		divc("cards",
			holdingMetric("Cash", money(h.CashValue, c.Icur), "every currency's balance at today's rate", "cash-value"),
			holdingMetric("Total value", money(h.TotalValue, c.Icur), "securities (net) plus cash", "total-value"),
		),
		elTable().ID("cash-table").Body(
			thead(tr(th("Currency"), thc("num", "Balance"),
				thc("num", "In "+baseCode(c.Icur)))),
			tbody(app.Range(h.Cash).Slice(func(i int) app.UI {
				b := h.Cash[i]
				return tr(td(b.Currency), tdc("num cash-amount", money(b.Amount, b.Currency)),
					tdc("num", money(b.Value, c.Icur)))
			})),
		),
	)
}

// foreignPositions are the positions quoted in another currency.
func foreignPositions(ps []wire.Position) []wire.Position {
	var out []wire.Position
	for _, p := range ps {
		if p.Currency != "" {
			out = append(out, p)
		}
	}
	return out
}

// baseCode is a base currency code (USD when unset).
func baseCode(cur string) string {
	if cur == "" {
		return "USD"
	}
	return cur
}
