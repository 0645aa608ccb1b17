package ui

import (
	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// portfolioHeading is what a portfolio's report pages (analytics, income,
// realised gains) know of the portfolio they show: its id, name and
// currency, and the page title made from them.
type portfolioHeading struct {
	id, name, cur string
	untitled      string // the title until the name is known
	label         string // the title's first words once it is ("Income" in "Income — Savings")
}

// loadHeading fetches the name and currency of the portfolio and sets the
// browser's title. An answer for a portfolio the page has since left is
// dropped; errors are left to the page's own report load, which shows them.
func (h *portfolioHeading) loadHeading(ctx app.Context) {
	id := h.id
	var pf wire.Portfolio
	call(ctx, "GET", wire.Path(wire.RoutePortfolio, id), none{}, &pf, func(ctx app.Context, err error) {
		if err != nil || id != h.id {
			return
		}
		h.name, h.cur = pf.Name, pf.Currency
		ctx.Page().SetTitle(h.title() + " · Fortfolio")
	})
}

// title is the page heading: the portfolio's name once known.
func (h *portfolioHeading) title() string {
	if h.name == "" {
		return h.untitled
	}
	return h.label + " — " + h.name
}
