package ui

import (
	"strconv"
	"strings"
	"time"

	"github.com/fortfolio/fortfolio/shared/validate"
	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// alertForm is the new-rule form's input.
type alertForm struct {
	name, kind, ticker, portfolio, threshold, country, cooldown string
	probability, horizon                                        string // forecast_move only
	channels                                                    map[string]bool
	err                                                         string
}

func newAlertForm() alertForm {
	return alertForm{kind: wire.AlertPriceAbove, cooldown: "24", country: "US", probability: "60", horizon: "5", channels: map[string]bool{}}
}

// needs reports which inputs the kind uses.
func (f alertForm) needs() (ticker, portfolio, threshold, country bool) {
	return validate.AlertFields(f.kind)
}

func (f alertForm) thresholdLabel() string {
	if f.kind == wire.AlertPriceAbove || f.kind == wire.AlertPriceBelow {
		return "Price"
	}
	if f.kind == wire.AlertForecast {
		return "Move beyond ± (%)"
	}
	return "Threshold (%)"
}

func (p *alertsPage) renderForm() app.UI {
	f := p.form
	ticker, portfolio, threshold, country := f.needs()
	return elForm().Class("card").ID("alert-form").OnSubmit(p.create).Body(
		h2("New rule"),
		divc("form-grid",
			label("Kind", elSelect().ID("alert-kind").OnChange(p.setForm(&p.form.kind)).Body(
				app.Range(wire.AlertKinds).Slice(func(i int) app.UI {
					k := wire.AlertKinds[i]
					return elOption().Attr("value", k).Attr("selected", k == f.kind).Text(alertKindLabels[k])
				}),
			)),
			label("Name (optional)", elInput().ID("alert-name").Attr("maxlength", validate.MaxAlertNameLen).
				Attr("value", f.name).OnChange(p.setForm(&p.form.name))),
			when(ticker, func() app.UI {
				label := "Ticker"
				if f.kind == wire.AlertSurge {
					label = "Ticker (optional)"
				}
				return elLabel().Body(app.Text(label), elInput().ID("alert-ticker").Attr("maxlength", validate.MaxTickerLen).
					Attr("value", f.ticker).OnChange(p.setForm(&p.form.ticker)))
			}),
			when(portfolio, p.renderPortfolioSelect),
			when(threshold, func() app.UI {
				return elLabel().Body(app.Text(f.thresholdLabel()), elInput().ID("alert-threshold").Attr("type", "number").
					Attr("step", "any").Attr("value", f.threshold).OnChange(p.setForm(&p.form.threshold)))
			}),
			when(f.kind == wire.AlertForecast, p.renderForecastInputs),
			when(country, func() app.UI {
				return label("Tax country", elInput().ID("alert-country").Attr("maxlength", 2).
					Attr("value", f.country).OnChange(p.setForm(&p.form.country)))
			}),
			label("Cool-down (hours)", elInput().ID("alert-cooldown").Attr("type", "number").
				Attr("min", "0").Attr("max", itoa(validate.MaxCooldownHours)).Attr("value", f.cooldown).OnChange(p.setForm(&p.form.cooldown))),
		),
		el("fieldset").Class("row").Body(
			el("legend").Text("Also send by (the inbox always gets it)"),
			p.channelBox(wire.ChannelEmail, "E-mail"), p.channelBox(wire.ChannelTelegram, "Telegram"), p.channelBox(wire.ChannelPush, "Push"),
		),
		notice("error", "alert-form-error", f.err),
		formButton("btn btn-primary", "alert-create", "submit", p.busy, "Create rule"),
	)
}

func (p *alertsPage) renderPortfolioSelect() app.UI {
	f := p.form
	label := "Portfolio"
	if f.kind == wire.AlertSurge {
		label = "Portfolio's holdings (optional)"
	}
	return elLabel().Body(app.Text(label), elSelect().ID("alert-portfolio").OnChange(p.setForm(&p.form.portfolio)).Body(
		elOption().Attr("value", "").Attr("selected", f.portfolio == "").Text("—"),
		app.Range(p.portfolios).Slice(func(i int) app.UI {
			pf := p.portfolios[i]
			return elOption().Attr("value", pf.ID).Attr("selected", pf.ID == f.portfolio).Text(pf.Name)
		}),
	))
}

// channelBox is the checkbox of one channel; a channel the server has not
// set up is shown disabled, since a rule could never send by it.
func (p *alertsPage) channelBox(ch, label string) app.UI {
	off := p.channelOff(ch)
	if off {
		label += " (not set up on this server)"
	}
	return elLabel().Class("check").Body(
		elInput().Attr("type", "checkbox").ID("alert-channel-"+ch).Attr("checked", p.form.channels[ch] && !off).
			Attr("disabled", off).OnChange(func(ctx app.Context, e app.Event) {
			p.form.channels[ch] = ctx.JSSrc().Get("checked").Bool()
		}),
		app.Text(" "+label),
	)
}

// channelLabels are the names the page gives the channels of
// wire.AlertChannels, in the same order.
var channelLabels = []string{"Inbox", "E-mail", "Telegram", "Push"}

// channelName is how the page names channel ch ("telegram" is
// "Telegram", "inapp" the inbox).
func channelName(ch string) string {
	for i, c := range wire.AlertChannels {
		if c == ch {
			return channelLabels[i]
		}
	}
	return ch
}

// channelNames names channels chs as a list for people ("Inbox, Telegram").
func channelNames(chs []string) string {
	names := make([]string, len(chs))
	for i, ch := range chs {
		names[i] = channelName(ch)
	}
	return strings.Join(names, ", ")
}

// channelOff reports whether the server said it cannot send by ch.
func (p *alertsPage) channelOff(ch string) bool {
	c := p.chans
	if c == nil {
		return false
	}
	switch ch {
	case wire.ChannelEmail:
		return !c.Email
	case wire.ChannelTelegram:
		return !c.Telegram
	case wire.ChannelPush:
		return !c.Push
	}
	return false
}

func (p *alertsPage) setForm(dst *string) app.EventHandler {
	return func(ctx app.Context, e app.Event) { *dst = ctx.JSSrc().Get("value").String() }
}

// input builds the request from the form (client-side checks mirror the
// server's: shared/validate).
func (f alertForm) input() (wire.AlertRuleInput, error) {
	ticker, portfolio, threshold, country := f.needs()
	in := wire.AlertRuleInput{Name: f.name, Kind: f.kind}
	if ticker {
		in.Ticker = strings.TrimSpace(f.ticker)
	}
	if portfolio {
		in.PortfolioID = f.portfolio
	}
	if country {
		in.Country = f.country
	}
	if f.kind == wire.AlertForecast {
		if err := f.forecastInput(&in); err != nil {
			return in, err
		}
	}
	if threshold {
		v, err := validate.Number("Threshold", f.threshold, false)
		if err != nil {
			return in, &validate.AlertError{Field: "threshold", Msg: err.Error()}
		}
		in.Threshold = v
	}
	cd, err := strconv.Atoi(strings.TrimSpace(f.cooldown))
	if err != nil {
		return in, &validate.AlertError{Field: "cooldown_hours", Msg: "Cool-down must be a whole number of hours."}
	}
	in.CooldownHours = cd
	for _, ch := range wire.AlertChannels {
		if f.channels[ch] {
			in.Channels = append(in.Channels, ch)
		}
	}
	return validate.AlertRule(in)
}

func (p *alertsPage) create(ctx app.Context, e app.Event) {
	e.PreventDefault()
	p.form.err, p.msg, p.err = "", "", ""
	in, err := p.form.input()
	if err != nil {
		p.form.err = err.Error()
		return
	}
	p.busy = true
	var out wire.AlertRule
	call(p.ctx, "POST", wire.RouteAlerts, in, &out, func(ctx app.Context, err error) {
		p.busy = false
		if err != nil {
			p.form.err = err.Error()
			return
		}
		p.msg = "Created “" + out.Name + "”."
		kind := p.form.kind
		p.form = newAlertForm()
		p.form.kind = kind
		for _, id := range []string{"alert-name", "alert-ticker", "alert-threshold"} {
			setFieldValue(id, "")
		}
		p.load()
	})
}

func derefTime(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}
