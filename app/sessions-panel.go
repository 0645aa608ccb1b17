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
	var out wire.SessionList
	call(p.ctx, "GET", wire.RouteSessions, none{}, &out, func(ctx app.Context, err error) {
		if err != nil {
			p.status, p.err = statusFailed, err.Error()
			return
		}
		p.status, p.list = statusLoaded, out.Sessions
	})
}

func (p *sessionsPanel) Render() app.UI {
	return elDiv().ID("sessions-section").Body(
		h2("Where you are signed in"),
		notice("error", "sessions-error", p.err),
		notice("ok", "sessions-ok", p.ok),
		when(p.status == statusLoading, func() app.UI { return parac("muted", "Loading sessions…") }),
		when(p.status == statusLoaded, func() app.UI { return sessionTable("sessions-table", p.list, p.end) }),
		stateButton("btn", "logout-all", len(p.list) < 2, "Sign out everywhere else", p.logoutAll),
	)
}

// sessionTable renders sessions with an "End" button each (end gets the id).
func sessionTable(id string, list []wire.Session, end func(wire.Session) app.EventHandler) app.UI {
	if len(list) == 0 {
		return parac("empty", "No open session.")
	}
	return tableWrap().Body(elTable().ID(id).Body(
		thead(tr(th("Browser"), th("Address"), th("Signed in"),
			th("Last seen"), th("Status"), elTh().Body(spanc("sr-only", "Actions")))),
		tbody(app.Range(list).Slice(func(i int) app.UI {
			s := list[i]
			return elTr().Class("session-row").Attr("data-session", s.ID).Body(
				tdc("session-agent", s.Agent),
				td(s.IP),
				td(fmtTime(&s.CreatedAt)),
				td(fmtTime(&s.LastSeenAt)),
				elTd().Body(
					when(s.Current, func() app.UI { return spanc("badge session-current", "This browser") }),
					when(s.Remembered, func() app.UI { return spanc("badge", "Kept signed in") }),
				),
				elTd().Body(elButton().Class("btn btn-small session-end").Text("End").OnClick(end(s), app.EventScope(s.ID))),
			)
		})),
	))
}

func (p *sessionsPanel) end(s wire.Session) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		p.err, p.ok = "", ""
		call(p.ctx, "DELETE", wire.Path(wire.RouteSession, s.ID), none{}, new(none), func(ctx app.Context, err error) {
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
	var out wire.SessionsEnded
	call(p.ctx, "POST", wire.RouteLogoutAll, none{}, &out, func(ctx app.Context, err error) {
		if err != nil {
			p.err = err.Error()
			return
		}
		p.ok = "Every other session has ended."
		p.load()
	})
}
