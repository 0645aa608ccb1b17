package api

import (
	"github.com/fortfolio/fortfolio/shared/validate"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// alertFieldsApply refuses a rule that sets a field its kind does not use
// (a ticker on a drawdown rule, a country on a price rule): the rule
// would not watch what the request says, so it is a mistake to report,
// not a value to drop. The web form sends only the fields of the chosen
// kind. An unknown kind is left to validate.AlertRule; the threshold of
// kinds without one is refused there.
func alertFieldsApply(in wire.AlertRuleInput) error {
	ticker, portfolio := alertTargets(in.Kind)
	set := []struct {
		field   string
		set, ok bool
	}{
		{"ticker", in.Ticker != "", ticker},
		{"portfolio_id", in.PortfolioID != "", portfolio},
		{"country", in.Country != "", in.Kind == wire.AlertWashSale},
		{"probability", in.Probability != 0, in.Kind == wire.AlertForecast},
		{"horizon", in.Horizon != 0, in.Kind == wire.AlertForecast},
	}
	for _, f := range set {
		if f.set && !f.ok {
			return &validate.AlertError{Field: f.field, Msg: "A " + in.Kind + " rule takes no " + f.field + "."}
		}
	}
	return nil
}

// alertTargets reports whether a kind's rules may name a ticker and a
// portfolio (surge rules: either one, or neither for the watchlist).
func alertTargets(kind string) (ticker, portfolio bool) {
	switch kind {
	case wire.AlertPriceAbove, wire.AlertPriceBelow, wire.AlertDailyMove, wire.AlertForecast:
		return true, false
	case wire.AlertDrawdown, wire.AlertVaR, wire.AlertWeight, wire.AlertWashSale:
		return false, true
	case wire.AlertSurge:
		return true, true
	}
	return true, true // an unknown kind: validate.AlertRule refuses it
}
