package ui

import (
	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// adminSessions is the dialog of one account's sessions in the admin
// panel: the admin sees them and ends any (GET|DELETE
// /api/admin/users/{id}/sessions[/{sid}]).
type adminSessions struct {
	compo
	user    wire.AdminUser
	close   app.EventHandler
	list    []wire.Session
	status  loadStatus
	err, ok string
	ctx     app.Context
}

func newAdminSessions(u wire.AdminUser, close app.EventHandler) *adminSessions {
	return &adminSessions{user: u, close: close}
}

func (d *adminSessions) OnMount(ctx app.Context) {
	d.ctx = ctx
	d.load()
}

func (d *adminSessions) load() {
	d.status = statusLoading
	var out wire.SessionList
	call(d.ctx, "GET", wire.Path(wire.RouteAdminUserSessions, d.user.ID), none{}, &out, func(ctx app.Context, err error) {
		if err != nil {
			d.status, d.err = statusFailed, err.Error()
			return
		}
		d.status, d.list = statusLoaded, out.Sessions
	})
}

func (d *adminSessions) Render() app.UI {
	return divc("dialog-backdrop",
		elDiv().Class("dialog dialog-wide").ID("sessions-dialog").Attr("role", "dialog").Attr("aria-modal", "true").Body(
			h2("Sessions of "+d.user.Username),
			notice("error", "admin-sessions-error", d.err),
			notice("ok", "admin-sessions-ok", d.ok),
			when(d.status == statusLoading, func() app.UI { return parac("muted", "Loading sessions…") }),
			when(d.status == statusLoaded, func() app.UI { return sessionTable("admin-sessions-table", d.list, d.end) }),
			button("btn", "sessions-close", "Close", d.close),
		),
	)
}

func (d *adminSessions) end(s wire.Session) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		d.err, d.ok = "", ""
		call(d.ctx, "DELETE", wire.Path(wire.RouteAdminUserSession, d.user.ID, s.ID), none{}, new(none), func(ctx app.Context, err error) {
			if err != nil {
				d.err = err.Error()
				return
			}
			d.ok = "The session has ended; " + d.user.Username + " was notified."
			d.load()
		})
	}
}
