package ui

import (
	"net/url"
	"time"

	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// adminUsersPage is the page size of the user list.
const adminUsersPage = 20

// adminUsers lists accounts with search and paging, and runs the account
// actions: lock, unlock, reset password, role change and delete.
type adminUsers struct {
	compo
	query   string
	offset  int
	list    wire.AdminUserList
	loaded  bool
	err     string
	notice  string
	confirm *adminConfirm
	temp    *wire.TemporaryPassword
	// target is the account of the open delete dialog; exportMsg reports
	// its final export (exporting while the download runs).
	target    wire.AdminUser
	sessions  *wire.AdminUser // the account whose sessions dialog is open
	exporting bool
	exportMsg string
	exportErr string
	// ui is the component's own context, the one its calls answer to: the
	// dialog buttons unmount when the dialog closes (see call.go).
	ui app.Context
}

func newAdminUsers() *adminUsers { return &adminUsers{} }

func (c *adminUsers) OnMount(ctx app.Context) {
	c.ui = ctx
	c.load()
}

func (c *adminUsers) load() {
	path := wire.RouteAdminUsers + "?limit=" + itoa(adminUsersPage) + "&offset=" + itoa(c.offset) +
		"&q=" + url.QueryEscape(c.query)
	var out wire.AdminUserList
	call(c.ui, "GET", path, none{}, &out, func(ctx app.Context, err error) {
		// A failed reload reports itself; a good one keeps the message
		// of the action that triggered it.
		if err != nil {
			c.err = err.Error()
			return
		}
		c.list, c.loaded = out, true
	})
}

func (c *adminUsers) Render() app.UI {
	return elDiv().ID("admin-users").Body(
		elForm().Class("row").ID("user-search").OnSubmit(c.search).Body(
			elInput().Attr("type", "search").ID("user-q").Attr("placeholder", "Search usernames").
				Attr("value", c.query).OnChange(c.ValueTo(&c.query)),
			elButton().Class("btn").Attr("type", "submit").Text("Search"),
		),
		notice("error", "users-error", c.err),
		notice("ok", "users-notice", c.notice),
		when(!c.loaded && c.err == "", func() app.UI { return parac("muted", "Loading accounts…") }),
		when(c.loaded, c.table),
		when(c.loaded, c.pager),
		when(c.confirm != nil, func() app.UI { return adminDialog(*c.confirm, c.cancel, c.finalExport()...) }),
		when(c.temp != nil, c.tempDialog),
		when(c.sessions != nil, func() app.UI {
			return newAdminSessions(*c.sessions, func(ctx app.Context, e app.Event) { c.sessions = nil })
		}),
	)
}

func (c *adminUsers) table() app.UI {
	if len(c.list.Users) == 0 {
		return parac("empty", "No account matches.")
	}
	return tableWrap().Body(elTable().ID("users-table").Body(
		thead(tr(
			th("Username"), th("Role"), th("Created"),
			th("Last login"), th("Status"), th("Failed logins"), th("Actions"),
		)),
		tbody(app.Range(c.list.Users).Slice(func(i int) app.UI { return c.row(c.list.Users[i]) })),
	))
}

func (c *adminUsers) row(u wire.AdminUser) app.UI {
	status, cls := "Active", "badge"
	switch {
	case u.AdminLocked:
		status, cls = "Locked by admin", "badge badge-bad"
	case u.Locked:
		status, cls = "Locked until "+fmtTime(u.LockedUntil), "badge badge-bad"
	case u.MustChange:
		status = "Must change password"
	}
	roleCls := "badge"
	if u.Role == wire.RoleAdmin {
		roleCls = "badge badge-admin"
	}
	return elTr().Class("user-row").Attr("data-username", u.Username).Body(
		tdc("user-name", u.Username),
		elTd().Body(spanc(roleCls, u.Role)),
		td(fmtDate(u.CreatedAt)),
		td(fmtTime(u.LastLoginAt)),
		elTd().Body(spanc(cls+" user-status", status)),
		td(itoa(u.FailedAttempts)),
		elTd().Body(divc("row user-actions", c.actions(u)...)),
	)
}

// actions are the buttons of u's row. The admin's own row has no Lock and
// no Delete: the server refuses both for one's own account.
func (c *adminUsers) actions(u wire.AdminUser) []app.UI {
	self := u.ID == loadSession().User.ID
	var out []app.UI
	switch {
	case self:
	case u.Locked:
		out = append(out, button("btn btn-small", "unlock-"+u.Username, "Unlock", c.ask(u, "unlock")))
	default:
		out = append(out, button("btn btn-small", "lock-"+u.Username, "Lock", c.ask(u, "lock")))
	}
	roleLabel := "Make admin"
	if u.Role == wire.RoleAdmin {
		roleLabel = "Make user"
	}
	out = append(out,
		button("btn btn-small", "reset-"+u.Username, "Reset password", c.ask(u, "reset")),
		button("btn btn-small", "sessions-"+u.Username, "Sessions", func(ctx app.Context, e app.Event) {
			c.notice, c.err, c.sessions = "", "", &u
		}),
		button("btn btn-small", "reset-mfa-"+u.Username, "Reset second factor", c.ask(u, "mfa")),
		button("btn btn-small", "role-"+u.Username, roleLabel, c.ask(u, "role")),
	)
	if !self {
		out = append(out, button("btn btn-small btn-danger", "delete-"+u.Username, "Delete", c.ask(u, "delete")))
	}
	return out
}

func (c *adminUsers) pager() app.UI {
	end := min(c.offset+len(c.list.Users), c.list.Total)
	return divc("row",
		stateButton("btn btn-small", "users-prev", c.offset == 0, "Previous", c.page(-adminUsersPage)),
		spanID("muted", "users-range", itoa(min(c.offset+1, end))+"–"+itoa(end)+" of "+itoa(c.list.Total)),
		stateButton("btn btn-small", "users-next", end >= c.list.Total, "Next", c.page(adminUsersPage)),
	)
}

func (c *adminUsers) page(delta int) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		c.offset, c.err = max(0, c.offset+delta), ""
		c.load()
	}
}

func (c *adminUsers) search(ctx app.Context, e app.Event) {
	e.PreventDefault()
	c.offset, c.err, c.notice = 0, "", ""
	c.load()
}

func (c *adminUsers) cancel(ctx app.Context, e app.Event) { c.confirm = nil }

func (c *adminUsers) tempDialog() app.UI {
	done := func(ctx app.Context) { c.temp = nil }
	return newDialog("temp-dialog", "Temporary password for "+c.temp.Username).OnClose(done).Body(
		divct("alert alert-warn", "Shown once only: it is not stored in clear anywhere. "+
			"Pass it to the user over a trusted channel; they must choose a new password at their next login."),
		paraID("secret-once", "temp-password", c.temp.Password),
		button("btn btn-primary", "temp-done", "I have passed it on", func(ctx app.Context, e app.Event) {
			done(ctx)
		}),
	)
}

// ask opens the confirmation dialog for an action on u.
func (c *adminUsers) ask(u wire.AdminUser, action string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		c.notice, c.err = "", ""
		c.target, c.exporting, c.exportMsg, c.exportErr = u, false, "", ""
		id := u.ID
		var cf adminConfirm
		switch action {
		case "lock":
			cf = adminConfirm{Title: "Lock " + u.Username + "?", Button: "Lock",
				Text: "Their sessions end now and they cannot log in until an admin unlocks the account.",
				Run:  c.run("POST", wire.Path(wire.RouteAdminUserLock, id), nil, u.Username+" is locked.")}
		case "unlock":
			cf = adminConfirm{Title: "Unlock " + u.Username + "?", Button: "Unlock",
				Text: "This clears the lock and the failed login count.",
				Run:  c.run("POST", wire.Path(wire.RouteAdminUserUnlock, id), nil, u.Username+" is unlocked.")}
		case "reset":
			cf = adminConfirm{Title: "Reset the password of " + u.Username + "?", Button: "Reset password",
				Text: "Their sessions end now. You get a temporary password to pass on; they must change it at login.",
				Run:  c.reset(wire.Path(wire.RouteAdminUserReset, id))}
		case "mfa":
			cf = adminConfirm{Title: "Reset the second factor of " + u.Username + "?", Button: "Reset second factor",
				Text: "Their authenticator app, recovery codes and passkeys are removed, so they sign in with their password alone " +
					"and can enrol again. Do this only when you have confirmed who is asking. They are notified.",
				Run: c.run("POST", wire.Path(wire.RouteAdminUserResetMFA, id), nil, "The second factor of "+u.Username+" was reset.")}
		case "role":
			to := wire.RoleAdmin
			if u.Role == wire.RoleAdmin {
				to = wire.RoleUser
			}
			cf = adminConfirm{Title: "Make " + u.Username + " " + to + "?", Button: "Change role",
				Text: "Their sessions end now; they log in again with the new role.",
				Run:  c.run("PUT", wire.Path(wire.RouteAdminUserRole, id), wire.RoleChange{Role: to}, u.Username+" is now "+to+".")}
		case "delete":
			cf = adminConfirm{Title: "Delete " + u.Username + "?", Button: "Delete for good", Danger: true,
				Text: "The account and all its portfolios are removed and cannot be recovered from the live system. " +
					"Download their final export first (the same JSON file users get from \"Download all my data\"), " +
					"or take a backup now from the Backups tab.",
				Run: c.run("DELETE", wire.Path(wire.RouteAdminUser, id), nil, u.Username+" was deleted.")}
		}
		c.confirm = &cf
	}
}

// run performs a confirmed action, then reloads the list.
func (c *adminUsers) run(method, path string, body any, ok string) app.EventHandler {
	return func(_ app.Context, e app.Event) {
		c.confirm = nil
		call(c.ui, method, path, body, new(none), func(ctx app.Context, err error) {
			c.err = errText(err)
			if err == nil {
				c.notice = ok
			}
			c.load()
		})
	}
}

// reset resets a password and shows the temporary one once.
func (c *adminUsers) reset(path string) app.EventHandler {
	return func(_ app.Context, e app.Event) {
		c.confirm = nil
		var tp wire.TemporaryPassword
		call(c.ui, "POST", path, none{}, &tp, func(ctx app.Context, err error) {
			c.err = errText(err)
			if err == nil {
				c.temp = &tp
			}
			c.load()
		})
	}
}

// finalExport offers the account's data export inside the delete dialog.
func (c *adminUsers) finalExport() []app.UI {
	if c.confirm == nil || !c.confirm.Danger {
		return nil
	}
	label := "Download final export"
	if c.exporting {
		label = "Preparing export…"
	}
	return []app.UI{
		divc("row",
			stateButton("btn", "export-final", c.exporting, label, c.downloadFinal),
		),
		notice("ok", "export-final-ok", c.exportMsg),
		when(c.exportErr != "", func() app.UI {
			return divID("alert alert-error", "export-final-error", c.exportErr)
		}),
	}
}

// downloadFinal fetches GET /api/admin/users/{id}/export.json with the
// session token and saves it through a blob URL. The answer is another
// user's data: a download, which is never kept in the offline cache.
func (c *adminUsers) downloadFinal(_ app.Context, e app.Event) {
	u := c.target
	c.exporting, c.exportMsg, c.exportErr = true, "", ""
	var f download
	call(c.ui, "GET", wire.Path(wire.RouteAdminUserExport, u.ID), none{}, &f, func(ctx app.Context, err error) {
		c.exporting = false
		if err != nil {
			c.exportErr = errText(err)
			return
		}
		name := "fortfolio-export-" + u.Username + "-" + time.Now().UTC().Format("20060102") + ".json"
		downloadText(name, "application/json", string(f.Data))
		c.exportMsg = "Saved " + name + ". Keep it safe: it holds all of " + u.Username + "'s portfolios."
	})
}
