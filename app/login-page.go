package ui

import (
	"context"
	"fmt"
	"strings"

	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// loginPage signs a user in and returns to the page they came from.
type loginPage struct {
	compo
	username, password string
	err, info          string
	limited            bool // err is a 429: a rate limit or a paused account
	busy               bool
	// failed and next hold the failed-attempts notice shown after a login
	// (the user continues to next from there).
	failed int
	next   string
	// mfaToken is set between the password and the second factor.
	mfaToken string
	methods  []string
	code     string
	// remember is "keep me signed in on this device"; key is the device
	// key made for this login; resuming is set while a remembered
	// session is being signed back in.
	remember bool
	key      deviceKey
	resuming bool
	ctx      app.Context // the page's own context (see call.go)
}

// loginAnswer is either answer of POST /api/auth/login: the session, or
// the second-factor challenge.
type loginAnswer struct {
	wire.LoginResponse
	MFARequired bool     `json:"mfa_required"`
	MFAToken    string   `json:"mfa_token"`
	Methods     []string `json:"methods"`
}

func newLoginPage() *loginPage { return &loginPage{} }

func (p *loginPage) OnNav(ctx app.Context) {
	p.ctx = ctx
	p.tryResume(ctx)
	q := ctx.Page().URL().Query()
	switch {
	case q.Get("expired") == "1":
		p.info = "Your session has ended. Please log in again."
	case q.Get("registered") == "1":
		p.info = "Your account is ready. Please log in."
	}
}

func (p *loginPage) Render() app.UI {
	if p.failed > 0 {
		return newLayout().Title("Log in").Content(p.failedNotice())
	}
	if p.mfaToken != "" {
		return newLayout().Title("Log in").Content(p.secondStep())
	}
	if p.resuming {
		return newLayout().Title("Log in").Content(paraID("muted", "login-resuming", "Signing you back in…"))
	}
	return newLayout().Title("Log in").Content(
		notice("", "login-info", p.info),
		elForm().Class("stack").ID("login-form").OnSubmit(p.submit).Body(
			label("Username", elInput().ID("username").Attr("name", "username").
				Attr("autocomplete", "username").Attr("required", true).Attr("value", p.username).OnChange(p.ValueTo(&p.username))),
			label("Password", elInput().ID("password").Attr("name", "password").Attr("type", "password").
				Attr("autocomplete", "current-password").Attr("required", true).Attr("value", p.password).OnChange(p.ValueTo(&p.password))),
			elLabel().Class("check").Body(elInput().Attr("type", "checkbox").ID("remember").Attr("checked", p.remember).
				OnChange(func(ctx app.Context, e app.Event) { p.remember = ctx.JSSrc().Get("checked").Bool() }),
				app.Text(" Keep me signed in on this device for 30 days")),
			when(p.err != "" && !p.limited, func() app.UI { return divID("alert alert-error", "login-error", p.err) }),
			when(p.limited, func() app.UI { return divID("alert alert-warn", "login-limited", p.err) }),
			formButton("btn btn-primary", "login-submit", "submit", p.busy, "Log in"),
			elButton().Class("btn").ID("passkey-login").Attr("type", "button").Attr("disabled", p.busy).Text("Sign in with a passkey").
				OnClick(p.passkeySignIn),
			elP().Class("muted").Body(app.Text("No account yet? "), elA().Attr("href", "/register").Text("Create one")),
		),
	)
}

func (p *loginPage) submit(ctx app.Context, e app.Event) {
	e.PreventDefault()
	name := strings.TrimSpace(p.username)
	creds := wire.LoginRequest{Username: name, Password: p.password, Device: deviceFor(name)}
	next := safeNext(ctx.Page().URL().Query().Get("next"))
	p.busy, p.err, p.limited = true, "", false
	remember := p.remember
	var key deviceKey
	var res loginAnswer
	work(p.ctx, publicCall, func(c context.Context) error {
		if remember {
			k, spki, err := newDeviceKey(c)
			if err != nil {
				return err
			}
			key, creds.DeviceKey = k, spki
		}
		return fetchInto(c, "POST", wire.RouteLogin, creds, &res)
	}, func(ctx app.Context, err error) {
		p.key = key
		p.busy = false
		if err != nil {
			p.err, p.limited = err.Error(), isRateLimited(err)
			return
		}
		p.password = ""
		if res.MFARequired {
			p.mfaToken, p.methods, p.next = res.MFAToken, res.Methods, next
			return
		}
		p.signedIn(ctx, name, res.LoginResponse, next)
	})
}

// signedIn keeps the session of a completed login and goes on.
func (p *loginPage) signedIn(ctx app.Context, name string, res wire.LoginResponse, next string) {
	saveDevice(name, res.Device)
	remembered := p.key.valid()
	if remembered {
		keep := rememberedFor(p.key, res, name)
		ctx.Async(func() { _ = saveRemembered(context.Background(), keep) })
		p.key = deviceKey{}
	}
	saveSession(ctx, session{Token: res.Token.Token, ExpiresAt: res.ExpiresAt, User: res.User, MustChange: res.MustChangePassword,
		Remembered: remembered})
	ctx.SetState(stateNotices, res.Notifications)
	if res.MustChangePassword {
		next = "/account?must_change=1"
	}
	if res.FailedAttempts > 0 {
		p.failed, p.next = res.FailedAttempts, next
		return
	}
	ctx.Navigate(next)
}

// failedNotice tells the user about failed sign-in attempts since their
// previous login before they go on.
func (p *loginPage) failedNotice() app.UI {
	msg := fmt.Sprintf("There were %d failed sign-in attempts on your account since your last login.", p.failed)
	if p.failed == 1 {
		msg = "There was 1 failed sign-in attempt on your account since your last login."
	}
	return divcID("stack", "login-failed-notice",
		divID("alert alert-warn", "login-failed-count", msg+
			" Your open sessions were not affected. If this was not you, change your password."),
		button("btn btn-primary", "login-continue", "Continue", func(ctx app.Context, e app.Event) {
			next := p.next
			p.failed, p.next = 0, ""
			ctx.Navigate(next)
		}),
		elA().Attr("href", "/account").ID("login-change-password").Text("Change my password"),
	)
}

// isRateLimited reports whether the server refused the call with 429.
func isRateLimited(err error) bool {
	ae, ok := asAPIError(err)
	return ok && ae.Status == statusTooManyRequests
}

// safeNext keeps redirects after login on this site.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsRune(next, '\\') {
		return "/portfolios"
	}
	for _, r := range next {
		if r < 0x20 || r == 0x7f {
			return "/portfolios"
		}
	}
	return next
}

// rememberedFor is the record a remembered login keeps.
func rememberedFor(k deviceKey, res wire.LoginResponse, name string) remembered {
	return remembered{key: k, session: res.Session, username: name}
}

// tryResume signs a remembered browser back in without the form; with
// no record (or a refused one) the form is shown.
func (p *loginPage) tryResume(ctx app.Context) {
	if loadSession().signedIn() {
		return
	}
	next := safeNext(ctx.Page().URL().Query().Get("next"))
	p.resuming = true
	var res wire.LoginResponse
	work(p.ctx, publicCall, func(c context.Context) (err error) { res, err = resumeSession(c); return err }, func(ctx app.Context, err error) {
		p.resuming = false
		if err != nil {
			return
		}
		p.info = ""
		saveSession(ctx, session{Token: res.Token.Token, ExpiresAt: res.ExpiresAt, User: res.User, Remembered: true})
		ctx.Navigate(next)
	})
}
