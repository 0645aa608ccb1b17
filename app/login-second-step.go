package ui

import (
	"context"
	"strings"

	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// secondStep is the login page's form for the second factor: a code from
// the authenticator app or a recovery code (POST /api/auth/mfa). It sits
// in a section of its own so go-app builds new elements instead of
// reusing the password form's (whose field still holds the password).
func (p *loginPage) secondStep() app.UI {
	return elSection().ID("mfa-step").Body(elForm().Class("stack").ID("mfa-form").OnSubmit(p.submitCode).Body(
		para(p.stepText()),
		label("Code", elInput().ID("mfa-code").Attr("name", "code").Attr("autocomplete", "one-time-code").
			Attr("maxlength", "16").Attr("required", true).Attr("autofocus", true).Attr("value", p.code).OnChange(p.ValueTo(&p.code))),
		when(p.err != "" && !p.limited, func() app.UI { return divID("alert alert-error", "mfa-error", p.err) }),
		when(p.limited, func() app.UI { return divID("alert alert-warn", "mfa-limited", p.err) }),
		divc("row",
			formButton("btn btn-primary", "mfa-submit", "submit", p.busy, "Verify"),
			when(hasMethod(p.methods, "passkey"), func() app.UI {
				return elButton().Class("btn").ID("mfa-passkey").Attr("type", "button").Attr("disabled", p.busy).Text("Use a passkey").
					OnClick(p.passkeyStep)
			}),
			elButton().Class("btn").ID("mfa-cancel").Attr("type", "button").Text("Start over").OnClick(p.restart),
		),
	))
}

func (p *loginPage) restart(ctx app.Context, e app.Event) {
	p.mfaToken, p.code, p.err, p.limited = "", "", "", false
}

func (p *loginPage) submitCode(ctx app.Context, e app.Event) {
	e.PreventDefault()
	body := wire.MFAVerify{MFAToken: p.mfaToken, Code: p.code}
	p.completeMFA(body)
}

// completeMFA sends the second factor and finishes the login; an expired
// or used-up mfa_token starts over at the password.
func (p *loginPage) completeMFA(body wire.MFAVerify) {
	name := strings.TrimSpace(p.username)
	p.busy, p.err, p.limited = true, "", false
	var res wire.LoginResponse
	callPublic(p.ctx, "POST", wire.RouteMFA, body, &res, func(ctx app.Context, err error) {
		p.busy = false
		if err != nil {
			p.err, p.limited = err.Error(), isRateLimited(err)
			if ae, ok := asAPIError(err); ok && ae.Code == "mfa_token_invalid" {
				p.mfaToken, p.info = "", err.Error()
				p.err = ""
			}
			return
		}
		p.mfaToken, p.code = "", ""
		p.signedIn(ctx, name, res, p.next)
	})
}

func hasMethod(methods []string, m string) bool {
	for _, have := range methods {
		if have == m {
			return true
		}
	}
	return false
}

func (p *loginPage) stepText() string {
	if !hasMethod(p.methods, "totp") {
		return "Your password is right. Confirm with your passkey, or enter one of your recovery codes."
	}
	return "Your password is right. Enter the 6-digit code from your authenticator app, or one of your recovery codes."
}

// passkeySignIn signs in with a passkey instead of the password.
func (p *loginPage) passkeySignIn(ctx app.Context, e app.Event) {
	next := safeNext(ctx.Page().URL().Query().Get("next"))
	p.busy, p.err, p.limited = true, "", false
	var res wire.LoginResponse
	work(p.ctx, publicCall, func(c context.Context) (err error) { res, err = passkeyLogin(c); return err }, func(ctx app.Context, err error) {
		p.busy = false
		if err != nil {
			p.err = err.Error()
			return
		}
		p.signedIn(ctx, res.User.Username, res, next)
	})
}

// passkeyStep answers the second step with a passkey.
func (p *loginPage) passkeyStep(ctx app.Context, e app.Event) {
	tok, name := p.mfaToken, strings.TrimSpace(p.username)
	p.busy, p.err, p.limited = true, "", false
	var res wire.LoginResponse
	work(p.ctx, publicCall, func(c context.Context) (err error) { res, err = passkeySecondStep(c, tok); return err },
		func(ctx app.Context, err error) {
			p.busy = false
			if err != nil {
				p.err = err.Error()
				return
			}
			p.mfaToken, p.code = "", ""
			p.signedIn(ctx, name, res, p.next)
		})
}
