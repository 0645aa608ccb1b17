package ui

import (
	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// alertInbox lists the newest in-app notices (alerts and account
// notices), unread first marked, with mark-read buttons and the link of
// each alert.
type alertInbox struct {
	compo
	inbox  wire.Inbox
	status loadStatus
	err    string
	ctx    app.Context
}

func newAlertInbox() *alertInbox { return &alertInbox{status: statusLoading} }

func (c *alertInbox) OnMount(ctx app.Context) {
	c.ctx = ctx
	ctx.Handle(actionInboxReload, func(ctx app.Context, a app.Action) { c.load() })
	c.load()
}

func (c *alertInbox) load() {
	var in wire.Inbox
	call(c.ctx, "GET", wire.RouteNotifications, none{}, &in, func(ctx app.Context, err error) {
		if err != nil {
			c.status, c.err = statusFailed, err.Error()
			return
		}
		c.status, c.inbox, c.err = statusLoaded, in, ""
	})
}

func (c *alertInbox) Render() app.UI {
	return elSection().Class("card").ID("inbox").Body(
		divc("row",
			h2("Inbox"),
			when(c.inbox.Unread > 0, func() app.UI {
				return spanID("badge", "inbox-unread", itoa(c.inbox.Unread)+" unread")
			}),
			elSpan().Class("spacer"),
			when(c.inbox.Unread > 0, func() app.UI {
				return button("btn btn-small", "inbox-read-all", "Mark all read", c.readAll)
			}),
		),
		notice("error", "", c.err),
		when(c.status == statusLoaded && len(c.inbox.Items) == 0, func() app.UI {
			return paraID("muted", "inbox-empty", "Nothing yet. Alerts and account notices appear here.")
		}),
		elUl().Class("inbox-list").Body(app.Range(c.inbox.Items).Slice(func(i int) app.UI {
			it := c.inbox.Items[i]
			cls := "inbox-item"
			if !it.Read {
				cls += " unread"
			}
			return elLi().Class(cls).Body(
				divct("muted", fmtDate(it.CreatedAt)),
				parac("inbox-message", it.Message),
				divc("row",
					when(it.Link != "", func() app.UI { return elA().Class("btn btn-small").Attr("href", it.Link).Text("Open") }),
					when(!it.Read, func() app.UI {
						return elButton().Class("btn btn-small inbox-read").Text("Mark read").OnClick(c.read(it.ID), app.EventScope(it.ID))
					}),
				),
			)
		})),
	)
}

func (c *alertInbox) read(id string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		call(c.ctx, "POST", wire.Path(wire.RouteNotificationRead, id), none{}, new(none), func(ctx app.Context, err error) {
			if err != nil {
				c.err = err.Error()
				return
			}
			c.load()
		})
	}
}

func (c *alertInbox) readAll(ctx app.Context, e app.Event) {
	call(c.ctx, "POST", wire.RouteNotificationsRead, none{}, new(none), func(ctx app.Context, err error) {
		if err != nil {
			c.err = err.Error()
			return
		}
		c.load()
	})
}
