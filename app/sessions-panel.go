package ui

import (
	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// sessionsPanel lists the signed-in user's sessions with an "End" button
// each and "Sign out everywhere else" (GET /api/me/sessions,
// DELETE /api/me/sessions/{id}, POST /api/auth/logout-all).
type sessionsPanel struct {
	compo
	list    []wire.Session
	status  loadStatus
	err, ok string
	ctx     app.Context
}

func newSessionsPanel() *sessionsPanel { return &sessionsPanel{} }

func (p *sessionsPanel) OnMount(ctx app.Context) {
	p.ctx = ctx
	if loadSession().MustChange {
		return // the server refuses everything but the password change
	}
	p.load()
}

func (p *sessionsPanel) load() {
	p.status = statusLoading
	call(p.ctx, "GET", wire.RouteSessions, none{}, func(ctx app.Context, out wire.SessionList, err error) {
		if err != nil {
			p.status, p.err = statusFailed, err.Error()
			return
		}
		p.status, p.list = statusLoaded, out.Sessions
	})
}

func (p *sessionsPanel) Render() app.UI {
	return app.Div().ID("sessions-section").Body(
		app.H2().Text("Where you are signed in"),
		app.If(p.err != "", func() app.UI { return app.Div().Class("alert alert-error").ID("sessions-error").Text(p.err) }),
		app.If(p.ok != "", func() app.UI { return app.Div().Class("alert alert-ok").ID("sessions-ok").Text(p.ok) }),
		app.If(p.status == statusLoading, func() app.UI { return app.P().Class("muted").Text("Loading sessions…") }),
		app.If(p.status == statusLoaded, func() app.UI { return sessionTable("sessions-table", p.list, p.end) }),
		app.Button().Class("btn").ID("logout-all").Disabled(len(p.list) < 2).Text("Sign out everywhere else").OnClick(p.logoutAll),
	)
}

// sessionTable renders sessions with an "End" button each (end gets the id).
func sessionTable(id string, list []wire.Session, end func(wire.Session) app.EventHandler) app.UI {
	if len(list) == 0 {
		return app.P().Class("empty").Text("No open session.")
	}
	return tableWrap().Body(app.Table().ID(id).Body(
		app.THead().Body(app.Tr().Body(app.Th().Text("Browser"), app.Th().Text("Address"), app.Th().Text("Signed in"),
			app.Th().Text("Last seen"), app.Th().Text("Status"), app.Th().Body(app.Span().Class("sr-only").Text("Actions")))),
		app.TBody().Body(app.Range(list).Slice(func(i int) app.UI {
			s := list[i]
			return app.Tr().Class("session-row").Attr("data-session", s.ID).Body(
				app.Td().Class("session-agent").Text(s.Agent),
				app.Td().Text(s.IP),
				app.Td().Text(fmtTime(&s.CreatedAt)),
				app.Td().Text(fmtTime(&s.LastSeenAt)),
				app.Td().Body(
					app.If(s.Current, func() app.UI { return app.Span().Class("badge session-current").Text("This browser") }),
					app.If(s.Remembered, func() app.UI { return app.Span().Class("badge").Text("Kept signed in") }),
				),
				app.Td().Body(app.Button().Class("btn btn-small session-end").Text("End").OnClick(end(s))),
			)
		})),
	))
}

func (p *sessionsPanel) end(s wire.Session) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		p.err, p.ok = "", ""
		call(p.ctx, "DELETE", wire.Path(wire.RouteSession, s.ID), none{}, func(ctx app.Context, _ none, err error) {
			if err != nil {
				p.err = err.Error()
				return
			}
			if s.Current {
				signOutHere(ctx)
				return
			}
			p.ok = "That session has ended."
			p.load()
		})
	}
}

func (p *sessionsPanel) logoutAll(ctx app.Context, e app.Event) {
	p.err, p.ok = "", ""
	call(p.ctx, "POST", wire.RouteLogoutAll, none{}, func(ctx app.Context, out wire.SessionsEnded, err error) {
		if err != nil {
			p.err = err.Error()
			return
		}
		p.ok = "Every other session has ended."
		p.load()
	})
}
