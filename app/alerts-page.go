package ui

import (
	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// actionInboxReload asks the inbox to load again (after a test message).
const actionInboxReload = "alerts:inbox-reload"

// alertKindLabels names the rule kinds in the UI.
var alertKindLabels = map[string]string{
	wire.AlertPriceAbove: "Price at or above", wire.AlertPriceBelow: "Price at or below", wire.AlertDailyMove: "Daily move beyond ±%",
	wire.AlertDrawdown: "Portfolio drawdown beyond %", wire.AlertVaR: "1-day VaR 95% above % of value",
	wire.AlertWeight: "One holding's weight above %", wire.AlertWashSale: "Wash-sale window ends", wire.AlertSurge: "Surge",
	wire.AlertForecast: "Forecast model predicts a move beyond ±%",
}

// alertsPage lists the user's alert rules (pause, test, delete), the
// form to create one, the inbox, the channel settings and the watchlist.
type alertsPage struct {
	compo
	rules      []wire.AlertRule
	portfolios []wire.Portfolio
	status     loadStatus
	err, msg   string
	busy       bool
	form       alertForm
	// chans is what the server can send by (nil until loaded): the form
	// offers no channel the server has not set up.
	chans *wire.ChannelStatus
	ctx   app.Context
}

func newAlertsPage() *alertsPage { return &alertsPage{status: statusLoading, form: newAlertForm()} }

func (p *alertsPage) OnNav(ctx app.Context) {
	p.ctx = ctx
	if !requireLogin(ctx) {
		return
	}
	p.load()
	var list []wire.Portfolio
	call(p.ctx, "GET", wire.RoutePortfolios, none{}, &list, func(ctx app.Context, err error) {
		if err == nil {
			p.portfolios = list
		}
	})
	var st wire.ChannelStatus
	call(p.ctx, "GET", wire.RouteChannels, none{}, &st, func(ctx app.Context, err error) {
		if err != nil {
			return
		}
		p.chans = &st
		for _, ch := range wire.AlertChannels {
			if p.channelOff(ch) {
				delete(p.form.channels, ch)
			}
		}
	})
}

func (p *alertsPage) load() {
	var list []wire.AlertRule
	call(p.ctx, "GET", wire.RouteAlerts, none{}, &list, func(ctx app.Context, err error) {
		if err != nil {
			p.status, p.err = statusFailed, err.Error()
			return
		}
		p.status, p.rules = statusLoaded, list
	})
}

func (p *alertsPage) Render() app.UI {
	return newLayout().Title("Alerts").Content(
		parac("muted", "Rules are checked after each market data update and daily after the close. "+
			"Each fires once when its condition starts to hold and again only after it cleared. Every alert lands in your inbox; "+
			"choose e-mail, Telegram or push per rule."),
		notice("ok", "alerts-msg", p.msg),
		notice("error", "alerts-error", p.err),
		newAlertInbox(),
		h2("Your rules"),
		when(p.status == statusLoading, func() app.UI { return parac("muted", "Loading your rules…") }),
		when(p.status == statusLoaded && len(p.rules) == 0, func() app.UI {
			return paraID("empty", "alerts-empty", "No rules yet. Create one below.")
		}),
		when(len(p.rules) > 0, p.renderRules),
		p.renderForm(),
		newAlertChannels(),
		newWatchlistPanel(),
	)
}

func (p *alertsPage) renderRules() app.UI {
	return tableWrap().Body(elTable().ID("alert-rules").Body(
		thead(tr(
			th("Name"), th("Condition"), th("Channels"),
			th("State"), th("Last value"), elTh().Body(spanc("sr-only", "Actions")),
		)),
		tbody(app.Range(p.rules).Slice(func(i int) app.UI {
			r := p.rules[i]
			pause := "Pause"
			if r.Paused {
				pause = "Resume"
			}
			return elTr().Class("alert-rule").Body(
				tdc("alert-rule-name", r.Name),
				td(p.describe(r)),
				td(channelNames(r.Channels)),
				tdc("alert-rule-state", ruleState(r)),
				td(lastValue(r)),
				elTd().Body(divc("row",
					elButton().Class("btn btn-small alert-pause").Attr("disabled", p.busy).Text(pause).OnClick(p.togglePause(r), app.EventScope(r.ID, pause)),
					elButton().Class("btn btn-small alert-test").Attr("disabled", p.busy).Text("Send test").OnClick(p.test(r), app.EventScope(r.ID)),
					elButton().Class("btn btn-small btn-danger alert-delete").Attr("disabled", p.busy).Text("Delete").OnClick(p.remove(r), app.EventScope(r.ID)),
				)),
			)
		})),
	))
}

// describe is the rule's condition in words.
func (p *alertsPage) describe(r wire.AlertRule) string {
	label := alertKindLabels[r.Kind]
	target := r.Ticker
	if r.PortfolioID != "" {
		target = "portfolio " + r.PortfolioID
		for _, pf := range p.portfolios {
			if pf.ID == r.PortfolioID {
				target = pf.Name
			}
		}
	}
	if r.Kind == wire.AlertSurge && target == "" {
		target = "your watchlist"
	}
	out := label + " · " + target
	switch r.Kind {
	case wire.AlertPriceAbove, wire.AlertPriceBelow:
		out += " · " + ftoa(r.Threshold, -1)
	case wire.AlertWashSale:
		out += " · " + r.Country
	case wire.AlertSurge:
	case wire.AlertForecast:
		out += " · " + ftoa(r.Threshold, -1) + "% over " + itoa(r.Horizon) +
			" days with probability above " + ftoa(r.Probability, -1) + "%"
	default:
		out += " · " + ftoa(r.Threshold, -1) + "%"
	}
	return out
}

func ruleState(r wire.AlertRule) string {
	switch {
	case r.Paused:
		return "paused"
	case r.State == wire.AlertFired:
		return "fired " + fmtDate(derefTime(r.LastFiredAt))
	}
	return "armed"
}

func lastValue(r wire.AlertRule) string {
	if r.LastValue == nil {
		return "–"
	}
	return ftoa(*r.LastValue, 2)
}

func (p *alertsPage) togglePause(r wire.AlertRule) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		in := r.AlertRuleInput
		in.Paused = !r.Paused
		p.busy, p.err, p.msg = true, "", ""
		var out wire.AlertRule
		call(p.ctx, "PUT", wire.Path(wire.RouteAlert, r.ID), in, &out, func(ctx app.Context, err error) {
			p.busy = false
			if err != nil {
				p.err = err.Error()
				return
			}
			p.msg = "“" + out.Name + "” is " + map[bool]string{true: "paused", false: "active again"}[out.Paused] + "."
			p.load()
		})
	}
}

func (p *alertsPage) test(r wire.AlertRule) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		p.busy, p.err, p.msg = true, "", ""
		var out wire.AlertTest
		call(p.ctx, "POST", wire.Path(wire.RouteAlertTest, r.ID), none{}, &out, func(ctx app.Context, err error) {
			p.busy = false
			if err != nil {
				p.err = err.Error()
				return
			}
			p.msg = testSummary(out)
			ctx.NewAction(actionInboxReload)
		})
	}
}

// testSummary says where a test message went and, naming each channel as
// the rules table does, why the others were skipped.
func testSummary(out wire.AlertTest) string {
	msg := "No test message was sent."
	if len(out.Sent) > 0 {
		msg = "Test message sent to: " + channelNames(out.Sent) + "."
	}
	for _, ch := range wire.AlertChannels {
		if why, ok := out.Skipped[ch]; ok {
			msg += " " + channelName(ch) + ": " + why + "."
		}
	}
	return msg
}

func (p *alertsPage) remove(r wire.AlertRule) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		p.busy, p.err, p.msg = true, "", ""
		call(p.ctx, "DELETE", wire.Path(wire.RouteAlert, r.ID), none{}, new(none), func(ctx app.Context, err error) {
			p.busy = false
			if err != nil {
				p.err = err.Error()
				return
			}
			p.msg = "Deleted “" + r.Name + "”."
			p.load()
		})
	}
}
