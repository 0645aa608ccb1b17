package ui

import (
	"strings"

	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// loginPage signs a user in and returns to the page they came from.
type loginPage struct {
	compo
	username, password string
	err, info          string
	busy               bool
	ctx                app.Context // the page's own context (see call.go)
}

func newLoginPage() *loginPage { return &loginPage{} }

func (p *loginPage) OnNav(ctx app.Context) {
	p.ctx = ctx
	q := ctx.Page().URL().Query()
	switch {
	case q.Get("expired") == "1":
		p.info = "Your session has ended. Please log in again."
	case q.Get("registered") == "1":
		p.info = "Your account is ready. Please log in."
	}
}

func (p *loginPage) Render() app.UI {
	return newLayout().Title("Log in").Content(
		app.If(p.info != "", func() app.UI { return app.Div().Class("alert").ID("login-info").Text(p.info) }),
		app.Form().Class("stack").ID("login-form").OnSubmit(p.submit).Body(
			app.Label().Body(app.Text("Username"), app.Input().ID("username").Name("username").
				Attr("autocomplete", "username").Required(true).Value(p.username).OnChange(p.ValueTo(&p.username))),
			app.Label().Body(app.Text("Password"), app.Input().ID("password").Name("password").Type("password").
				Attr("autocomplete", "current-password").Required(true).Value(p.password).OnChange(p.ValueTo(&p.password))),
			app.If(p.err != "", func() app.UI { return app.Div().Class("alert alert-error").ID("login-error").Text(p.err) }),
			app.Button().Class("btn btn-primary").ID("login-submit").Type("submit").Disabled(p.busy).Text("Log in"),
			app.P().Class("muted").Body(app.Text("No account yet? "), app.A().Href("/register").Text("Create one")),
		),
	)
}

func (p *loginPage) submit(ctx app.Context, e app.Event) {
	e.PreventDefault()
	creds := wire.Credentials{Username: strings.TrimSpace(p.username), Password: p.password}
	next := safeNext(ctx.Page().URL().Query().Get("next"))
	p.busy, p.err = true, ""
	callPublic(p.ctx, "POST", wire.RouteLogin, creds, func(ctx app.Context, res wire.LoginResponse, err error) {
		p.busy = false
		if err != nil {
			p.err = err.Error()
			return
		}
		p.password = ""
		saveSession(ctx, session{Token: res.Token.Token, ExpiresAt: res.ExpiresAt, User: res.User, MustChange: res.MustChangePassword})
		ctx.SetState(stateNotices, res.Notifications)
		if res.MustChangePassword {
			next = "/account?must_change=1"
		}
		ctx.Navigate(next)
	})
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
