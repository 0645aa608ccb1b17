package ui

import (
	"github.com/fortfolio/fortfolio/shared/validate"
	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// stateNotices holds the notifications returned at login.
const stateNotices = "notices"

// accountPage shows the profile, notices and the change-password form.
type accountPage struct {
	compo
	me                     wire.User
	notices                []wire.Notification
	mustChange             bool
	current, next, confirm string
	passErr, err, ok       string
	busy                   bool
	ctx                    app.Context // the page's own context (see call.go)
}

func newAccountPage() *accountPage { return &accountPage{} }

func (p *accountPage) OnNav(ctx app.Context) {
	p.ctx = ctx
	if !requireLogin(ctx) {
		return
	}
	p.mustChange = loadSession().MustChange || ctx.Page().URL().Query().Get("must_change") == "1"
	ctx.ObserveState(stateNotices, &p.notices)
	var me wire.User
	call(ctx, "GET", wire.RouteMe, none{}, &me, func(ctx app.Context, err error) {
		if err != nil {
			p.err = err.Error()
			return
		}
		p.me = me
	})
}

func (p *accountPage) Render() app.UI {
	return newLayout().Title("Your account").Content(
		when(p.mustChange, func() app.UI {
			return divID("alert alert-warn", "must-change",
				"An administrator reset your password. Choose a new one to continue.")
		}),
		app.Range(p.notices).Slice(func(i int) app.UI {
			return divct("alert", p.notices[i].Message)
		}),
		divc("card",
			elDl().Class("kv").Body(
				dt("Username"), elDd().ID("me-username").Text(p.me.Username),
				dt("Role"), elDd().ID("me-role").Text(p.me.Role),
				dt("Member since"), elDd().Text(fmtDate(p.me.CreatedAt)),
			),
		),
		newEmailForm(),
		// Sessions and second factors wait for the new password (the
		// server answers 403 must_change_password until then).
		when(!p.mustChange, func() app.UI { return newSessionsPanel() }),
		when(!p.mustChange, func() app.UI { return newTOTPPanel() }),
		when(!p.mustChange, func() app.UI { return newPasskeysPanel() }),
		h2("Change password"),
		elForm().Class("stack").ID("password-form").OnSubmit(p.submit).Body(
			label("Current password", elInput().ID("cur-password").Attr("type", "password").
				Attr("autocomplete", "current-password").Attr("required", true).Attr("value", p.current).OnChange(p.ValueTo(&p.current))),
			label("New password", elInput().ID("new-password").Attr("type", "password").
				Attr("autocomplete", "new-password").Attr("required", true).Attr("value", p.next).OnChange(p.ValueTo(&p.next))),
			fieldError(p.passErr),
			label("Repeat the new password", elInput().ID("new-confirm").Attr("type", "password").
				Attr("autocomplete", "new-password").Attr("required", true).Attr("value", p.confirm).OnChange(p.ValueTo(&p.confirm))),
			notice("error", "password-error", p.err),
			notice("ok", "password-ok", p.ok),
			formButton("btn btn-primary", "password-submit", "submit", p.busy, "Change password"),
		),
	)
}

func (p *accountPage) submit(ctx app.Context, e app.Event) {
	e.PreventDefault()
	p.err, p.ok = "", ""
	if p.passErr = errText(validate.Password(p.next)); p.passErr != "" {
		return
	}
	if p.next != p.confirm {
		p.err = "The two new passwords differ."
		return
	}
	body := wire.ChangePassword{CurrentPassword: p.current, NewPassword: p.next}
	p.busy = true
	// Every refusal is shown on the form, as it always was.
	var tok wire.Token
	callPublic(p.ctx, "POST", wire.RouteChangePassword, body, &tok, func(ctx app.Context, err error) {
		p.busy = false
		if err != nil {
			p.err = err.Error()
			return
		}
		s := loadSession()
		s.Token, s.ExpiresAt, s.MustChange = tok.Token, tok.ExpiresAt, false
		saveSession(ctx, s)
		p.current, p.next, p.confirm, p.mustChange = "", "", "", false
		for _, id := range []string{"cur-password", "new-password", "new-confirm"} {
			setFieldValue(id, "")
		}
		p.ok = "Your password was changed. Other sessions have been signed out."
	})
}
