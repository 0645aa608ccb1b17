package ui

import (
	"strconv"
	"strings"

	"github.com/fortfolio/fortfolio/shared/validate"
	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// renderForecastInputs are the probability and horizon of a forecast_move
// rule, with the honesty note: only a model that beats the naive baseline
// can fire it.
func (p *alertsPage) renderForecastInputs() app.UI {
	f := p.form
	return elDiv().Body(
		label("Probability above (%)", elInput().ID("alert-probability").Attr("type", "number").
			Attr("min", "50").Attr("max", "99.9").Attr("step", "any").Attr("value", f.probability).OnChange(p.setForm(&p.form.probability))),
		label("Horizon", elSelect().ID("alert-horizon").OnChange(p.setForm(&p.form.horizon)).Body(
			option("1", "1 trading day", f.horizon), option("5", "5 trading days", f.horizon), option("21", "21 trading days", f.horizon),
		)),
		parac("muted", "Only a model that beats the naive baseline for this ticker and horizon can fire the rule. "+
			wire.NotInvestmentAdvice),
	)
}

// forecastInput reads the probability and horizon into in.
func (f alertForm) forecastInput(in *wire.AlertRuleInput) error {
	v, err := validate.Number("Probability", f.probability, false)
	if err != nil {
		return &validate.AlertError{Field: "probability", Msg: err.Error()}
	}
	h, err := strconv.Atoi(strings.TrimSpace(f.horizon))
	if err != nil {
		return &validate.AlertError{Field: "horizon", Msg: "horizon must be 1, 5 or 21 trading days."}
	}
	in.Probability, in.Horizon = v, h
	return nil
}
