package ui

import (
	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// totpPanel turns the authenticator app (TOTP) on and off: the password
// starts the set-up, a QR code (a PNG data: URL made by the server) and
// the secret are shown, a code confirms it (or Cancel leaves the set-up
// and the server discards its key), and the recovery codes are shown
// once. A set-up the server no longer holds (expired after 15 minutes)
// returns to the start form under the server's message. Turning it off
// needs the password and a code.
type totpPanel struct {
	compo
	status         wire.MFAStatus
	loaded         bool
	password, code string
	setup          *wire.TOTPSetup
	recovery       []string
	err, ok        string
	busy           bool
	ctx            app.Context
}

func newTOTPPanel() *totpPanel { return &totpPanel{} }

func (p *totpPanel) OnMount(ctx app.Context) {
	p.ctx = ctx
	if loadSession().MustChange {
		return // the server refuses everything but the password change
	}
	p.load()
}

func (p *totpPanel) load() {
	var st wire.MFAStatus
	call(p.ctx, "GET", wire.RouteMeMFA, none{}, &st, func(ctx app.Context, err error) {
		if err != nil {
			p.err = err.Error()
			return
		}
		p.status, p.loaded = st, true
	})
}

func (p *totpPanel) Render() app.UI {
	return elDiv().ID("totp-section").Body(
		h2("Authenticator app"),
		when(p.status.RequiredForAdmins, func() app.UI {
			return paraID("muted", "mfa-policy", "This server requires administrators to use a second factor.")
		}),
		notice("error", "totp-error", p.err),
		notice("ok", "totp-ok", p.ok),
		when(len(p.recovery) > 0, p.recoveryCodes),
		when(p.loaded && p.setup == nil && len(p.recovery) == 0, p.state),
		when(p.setup != nil, p.confirmForm),
	)
}

func (p *totpPanel) state() app.UI {
	if p.status.TOTP {
		return elForm().Class("stack").ID("totp-disable-form").OnSubmit(p.disable).Body(
			elP().ID("totp-state").Text("On: signing in asks for a code from your app. Recovery codes left: "+
				itoa(p.status.RecoveryCodesLeft)+"."),
			p.passwordField("totp-off-password"),
			p.codeField("totp-off-code", "Code from your app, or a recovery code"),
			formButton("btn", "totp-disable", "submit", p.busy, "Turn off"),
		)
	}
	return elForm().Class("stack").ID("totp-start-form").OnSubmit(p.start).Body(
		elP().ID("totp-state").Text("Off. With an authenticator app, signing in also needs a 6-digit code from your phone."),
		p.passwordField("totp-password"),
		formButton("btn btn-primary", "totp-start", "submit", p.busy, "Set up an authenticator app"),
	)
}

func (p *totpPanel) passwordField(id string) app.UI {
	return label("Current password", elInput().ID(id).Attr("type", "password").
		Attr("autocomplete", "current-password").Attr("required", true).Attr("value", p.password).OnChange(p.ValueTo(&p.password)))
}

func (p *totpPanel) codeField(id, label string) app.UI {
	return elLabel().Body(app.Text(label), elInput().ID(id).Attr("autocomplete", "one-time-code").
		Attr("inputmode", "text").Attr("maxlength", "16").Attr("required", true).Attr("value", p.code).OnChange(p.ValueTo(&p.code)))
}

func (p *totpPanel) confirmForm() app.UI {
	return elForm().Class("stack").ID("totp-confirm-form").OnSubmit(p.confirm).Body(
		para("Scan this code with your authenticator app, or type the key in, then enter the code it shows."),
		elImg().Class("qr-code").ID("totp-qr").Attr("src", p.setup.QRCode).Attr("alt", "QR code of your authenticator key"),
		elP().Body(app.Text("Key: "), elCode().ID("totp-secret").Text(p.setup.Secret)),
		p.codeField("totp-code", "Code from your app"),
		divc("row",
			formButton("btn btn-primary", "totp-confirm", "submit", p.busy, "Turn on"),
			elButton().Class("btn").ID("totp-cancel").Attr("type", "button").Text("Cancel").OnClick(p.cancel),
		),
	)
}

// cancel leaves the set-up without turning the app on and asks the
// server to discard the pending key. Nothing pending (404: discarded
// already) is no error; the state is loaded again either way.
func (p *totpPanel) cancel(ctx app.Context, e app.Event) {
	p.err, p.busy = "", true
	call(p.ctx, "DELETE", wire.RouteTOTPSetup, none{}, new(none), func(ctx app.Context, err error) {
		p.busy, p.setup, p.code = false, nil, ""
		if ae, ok := asAPIError(err); err != nil && (!ok || ae.Status != statusNotFound) {
			p.err = err.Error()
		}
		p.load()
	})
}

func (p *totpPanel) recoveryCodes() app.UI {
	return divcID("stack", "recovery-section",
		divct("alert alert-warn", "Your recovery codes, shown this once. Each signs you in one time when you "+
			"do not have your phone. Keep them somewhere safe."),
		elUl().Class("recovery-codes").ID("recovery-codes").Body(app.Range(p.recovery).Slice(func(i int) app.UI {
			return elLi().Text(p.recovery[i])
		})),
		button("btn btn-primary", "recovery-done", "I have saved them", func(ctx app.Context, e app.Event) {
			p.recovery = nil
			p.load()
		}),
	)
}

func (p *totpPanel) start(ctx app.Context, e app.Event) {
	e.PreventDefault()
	p.err, p.ok, p.busy = "", "", true
	var s wire.TOTPSetup
	call(p.ctx, "POST", wire.RouteTOTPSetup, wire.PasswordConfirm{CurrentPassword: p.password}, &s, func(ctx app.Context, err error) {
		p.busy, p.password = false, ""
		if err != nil {
			p.err = err.Error()
			return
		}
		p.setup = &s
	})
}

func (p *totpPanel) confirm(ctx app.Context, e app.Event) {
	e.PreventDefault()
	p.err, p.busy = "", true
	var rc wire.RecoveryCodes
	call(p.ctx, "POST", wire.RouteTOTPConfirm, wire.TOTPCode{Code: p.code}, &rc, func(ctx app.Context, err error) {
		p.busy = false
		if err != nil {
			p.err = err.Error()
			if setupGone(err) {
				p.setup, p.code = nil, ""
				p.load()
			}
			return
		}
		p.setup, p.code, p.recovery = nil, "", rc.Codes
		p.ok = "The authenticator app is on."
	})
}

// setupGone reports whether a confirm was refused because the server holds
// no pending set-up any more (409: expired after 15 minutes, or none):
// the panel then shows the server's message over the start form, so the
// user can start again.
func setupGone(err error) bool {
	ae, ok := asAPIError(err)
	return ok && ae.Status == statusConflict
}

func (p *totpPanel) disable(ctx app.Context, e app.Event) {
	e.PreventDefault()
	p.err, p.ok, p.busy = "", "", true
	body := wire.TOTPDisable{CurrentPassword: p.password, Code: p.code}
	call(p.ctx, "POST", wire.RouteTOTPDisable, body, new(none), func(ctx app.Context, err error) {
		p.busy = false
		if err != nil {
			p.err = err.Error()
			return
		}
		p.password, p.code, p.ok = "", "", "The authenticator app is off."
		p.load()
	})
}
