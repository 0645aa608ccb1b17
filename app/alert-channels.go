package ui

import (
	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// alertChannels shows what each channel can do and links Telegram (a
// one-time t.me link) and this browser's Web Push.
type alertChannels struct {
	compo
	st       wire.ChannelStatus
	link     *wire.TelegramLink
	status   loadStatus
	err, msg string
	busy     bool
	ctx      app.Context
}

func newAlertChannels() *alertChannels { return &alertChannels{status: statusLoading} }

func (c *alertChannels) OnMount(ctx app.Context) {
	c.ctx = ctx
	c.load()
}

func (c *alertChannels) load() {
	var st wire.ChannelStatus
	call(c.ctx, "GET", wire.RouteChannels, none{}, &st, func(ctx app.Context, err error) {
		if err != nil {
			c.status, c.err = statusFailed, err.Error()
			return
		}
		c.status, c.st = statusLoaded, st
		if st.TelegramLinked {
			c.link = nil
		}
	})
}

func (c *alertChannels) Render() app.UI {
	return elSection().Class("card").ID("channels").Body(
		h2("Channels"),
		notice("ok", "channels-msg", c.msg),
		notice("error", "channels-error", c.err),
		elDl().Class("kv").Body(
			dt("E-mail"), elDd().ID("channel-email").Text(c.emailText()),
			dt("Telegram"), elDd().ID("channel-telegram").Body(c.renderTelegram()),
			dt("Push"), elDd().ID("channel-push").Body(c.renderPush()),
			dt("Market data up to"), elDd().ID("channel-data-date").Text(c.st.DataDate),
		),
	)
}

func (c *alertChannels) emailText() string {
	switch {
	case !c.st.Email:
		return "Not configured on this server."
	case !c.st.EmailAddress:
		return "Add an e-mail address on your Account page to receive alerts by e-mail."
	}
	return "Alerts go to the address on your Account page."
}

func (c *alertChannels) renderTelegram() app.UI {
	switch {
	case !c.st.Telegram:
		return app.Text("Not configured on this server (TELEGRAM_BOT_TOKEN).")
	case c.st.TelegramLinked:
		return divc("row", elSpan().ID("telegram-linked").Text("Linked."),
			stateButton("btn btn-small", "telegram-unlink", c.busy, "Unlink", c.unlink))
	case c.link != nil:
		return elDiv().ID("telegram-code").Body(
			elP().Body(app.Text("Open "), elA().ID("telegram-link").Attr("href", c.link.URL).Attr("rel", "noopener noreferrer").
				Attr("target", "_blank").Text(c.link.URL), app.Text(" and press Start, or send the bot:")),
			elP().Body(elCode().ID("telegram-start").Text("/start "+c.link.Code)),
			parac("muted", "The code works once and expires at "+c.link.ExpiresAt.Local().Format("15:04")+"."),
			button("btn btn-small", "telegram-check", "I sent it: check", func(ctx app.Context, e app.Event) { c.load() }),
		)
	}
	return stateButton("btn btn-small btn-primary", "telegram-start-link", c.busy, "Link Telegram", c.startLink)
}

func (c *alertChannels) startLink(ctx app.Context, e app.Event) {
	c.busy, c.err, c.msg = true, "", ""
	var l wire.TelegramLink
	call(c.ctx, "POST", wire.RouteTelegramLink, none{}, &l, func(ctx app.Context, err error) {
		c.busy = false
		if err != nil {
			c.err = err.Error()
			return
		}
		c.link = &l
	})
}

func (c *alertChannels) unlink(ctx app.Context, e app.Event) {
	c.busy, c.err, c.msg = true, "", ""
	call(c.ctx, "DELETE", wire.RouteTelegram, none{}, new(none), func(ctx app.Context, err error) {
		c.busy = false
		if err != nil {
			c.err = err.Error()
			return
		}
		c.msg = "Telegram unlinked."
		c.load()
	})
}

func (c *alertChannels) renderPush() app.UI {
	if !c.st.Push {
		return app.Text("Not configured on this server.")
	}
	return divc("row",
		elSpan().ID("push-devices").Text(plural(c.st.PushDevices, "browser subscribed", "browsers subscribed")+"."),
		stateButton("btn btn-small btn-primary", "push-enable", c.busy, "Enable push on this browser", c.enablePush),
		when(c.st.PushDevices > 0, func() app.UI {
			return stateButton("btn btn-small", "push-disable", c.busy, "Disable push everywhere", c.disablePush)
		}),
	)
}

// enablePush asks for permission and subscribes through go-app's service
// worker, which shows the pushed notifications.
func (c *alertChannels) enablePush(ctx app.Context, e app.Event) {
	c.busy, c.err, c.msg = true, "", ""
	key := c.st.PushPublicKey
	ctx.Async(func() {
		n := ctx.Notifications()
		if n.RequestPermission() != app.NotificationGranted {
			ctx.Dispatch(func(ctx app.Context) { c.busy, c.err = false, "The browser did not allow notifications." })
			return
		}
		sub, err := n.Subscribe(key)
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				c.busy, c.err = false, "This browser cannot receive push messages."
				return
			}
			in := wire.PushSubscription{Endpoint: sub.Endpoint}
			in.Keys.Auth, in.Keys.P256dh = sub.Keys.Auth, sub.Keys.P256dh
			call(c.ctx, "POST", wire.RoutePush, in, new(none), func(ctx app.Context, err error) {
				c.busy = false
				if err != nil {
					c.err = err.Error()
					return
				}
				c.msg = "Push is on for this browser."
				c.load()
			})
		})
	})
}

func (c *alertChannels) disablePush(ctx app.Context, e app.Event) {
	c.busy, c.err, c.msg = true, "", ""
	call(c.ctx, "DELETE", wire.RoutePush, none{}, new(none), func(ctx app.Context, err error) {
		c.busy = false
		if err != nil {
			c.err = err.Error()
			return
		}
		c.msg = "Push is off."
		c.load()
	})
}
