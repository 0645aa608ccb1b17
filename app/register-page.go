package ui

import (
	"strings"

	"github.com/fortfolio/fortfolio/shared/validate"
	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// registerPage creates an account, validating with the server's own rules.
type registerPage struct {
	compo
	username, password, confirm string
	userErr, passErr, err       string
	firstAdmin                  bool
	done                        bool
	signedIn                    bool // the new account was signed in right away
	busy                        bool
	ctx                         app.Context // the page's own context (see call.go)
}

func newRegisterPage() *registerPage { return &registerPage{} }

func (p *registerPage) OnMount(ctx app.Context) { p.ctx = ctx }

func (p *registerPage) Render() app.UI {
	if p.done {
		return newLayout().Title("Account created").Content(
			when(p.firstAdmin, func() app.UI {
				return divID("alert alert-warn", "first-admin",
					"Development mode: as the first account on this server, you are its administrator.")
			}),
			app.If(p.signedIn, func() app.UI {
				return elDiv().Body(
					elP().ID("register-done").Text("Your account is ready and you are signed in."),
					elA().Class("btn btn-primary").ID("register-continue").Attr("href", "/portfolios").Text("Go to my portfolios"),
				)
			}).Else(func() app.UI {
				return elDiv().Body(
					elP().ID("register-done").Text("Your account is ready."),
					elA().Class("btn btn-primary").Attr("href", "/login?registered=1").Text("Log in"),
				)
			}),
		)
	}
	return newLayout().Title("Create an account").Content(
		elForm().Class("stack").ID("register-form").OnSubmit(p.submit).Body(
			label("Username (3–32 letters, digits, . _ -)", elInput().ID("reg-username").Attr("autocomplete", "username").Attr("required", true).
				Attr("value", p.username).OnChange(p.ValueTo(&p.username)).OnInput(p.checkUser)),
			fieldError(p.userErr),
			label("Password (8–128 characters)", elInput().ID("reg-password").Attr("type", "password").Attr("autocomplete", "new-password").Attr("required", true).
				Attr("value", p.password).OnChange(p.ValueTo(&p.password)).OnInput(p.checkPass)),
			fieldError(p.passErr),
			label("Repeat the password", elInput().ID("reg-confirm").Attr("type", "password").Attr("autocomplete", "new-password").Attr("required", true).
				Attr("value", p.confirm).OnChange(p.ValueTo(&p.confirm))),
			notice("error", "register-error", p.err),
			formButton("btn btn-primary", "register-submit", "submit", p.busy, "Create account"),
		),
	)
}

func (p *registerPage) checkUser(ctx app.Context, e app.Event) {
	p.userErr = errText(validate.Username(strings.TrimSpace(ctx.JSSrc().Get("value").String())))
}

func (p *registerPage) checkPass(ctx app.Context, e app.Event) {
	p.passErr = errText(validate.Password(ctx.JSSrc().Get("value").String()))
}

func (p *registerPage) submit(ctx app.Context, e app.Event) {
	e.PreventDefault()
	user := strings.TrimSpace(p.username)
	p.userErr, p.passErr = errText(validate.Username(user)), errText(validate.Password(p.password))
	p.err = ""
	if p.userErr != "" || p.passErr != "" {
		return
	}
	if p.password != p.confirm {
		p.err = "The two passwords differ."
		return
	}
	p.busy = true
	creds := wire.Credentials{Username: user, Password: p.password}
	var res wire.RegisterResponse
	callPublic(p.ctx, "POST", wire.RouteRegister, creds, &res, func(ctx app.Context, err error) {
		p.busy = false
		if err != nil {
			p.err = err.Error()
			return
		}
		p.firstAdmin = res.FirstAdmin
		p.signIn(creds)
	})
}

// signIn logs the new account in with the password just chosen, as the
// login page would; if that fails (a rate limit, a second factor), the
// page offers the login page instead.
func (p *registerPage) signIn(creds wire.Credentials) {
	req := wire.LoginRequest{Username: creds.Username, Password: creds.Password, Device: deviceFor(creds.Username)}
	p.busy = true
	var res wire.LoginResponse
	callPublic(p.ctx, "POST", wire.RouteLogin, req, &res, func(ctx app.Context, err error) {
		p.busy, p.password, p.confirm, p.done = false, "", "", true
		if err != nil || res.Token.Token == "" {
			return
		}
		saveDevice(creds.Username, res.Device)
		saveSession(ctx, session{Token: res.Token.Token, ExpiresAt: res.ExpiresAt, User: res.User, MustChange: res.MustChangePassword})
		ctx.SetState(stateNotices, res.Notifications)
		p.signedIn = true
	})
}

// fieldError is a field's message. Without one it is an empty slot, so
// that a message coming or going never shifts the form's later elements:
// go-app matches elements by position and would replace, not update, the
// fields after it, losing what is being typed into them.
func fieldError(msg string) app.UI {
	if msg == "" {
		return elDiv().Class("field-slot")
	}
	return divct("field-error", msg)
}
