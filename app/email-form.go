package ui

import (
	"context"

	"github.com/fortfolio/fortfolio/shared/validate"
	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// emailForm edits the optional address for security notices
// (PUT /api/me/email) and says whether this server sends e-mail at all.
type emailForm struct {
	compo
	email, saved    string
	password        string
	enabled, loaded bool
	fieldErr, err   string
	ok              string
	busy            bool
	ctx             app.Context // the form's own context (see call.go)
}

func newEmailForm() *emailForm { return &emailForm{} }

// emailState is the saved address and whether the server sends e-mail.
type emailState struct {
	me      wire.User
	enabled bool
}

func (f *emailForm) OnMount(ctx app.Context) {
	f.ctx = ctx
	var st emailState
	work(ctx, signedInCall, func(c context.Context) error {
		if err := fetchInto(c, "GET", wire.RouteMe, none{}, &st.me); err != nil {
			return err
		}
		var status wire.SecurityStatus
		err := fetchInto(c, "GET", wire.RouteSecurityStatus, none{}, &status)
		st.enabled = err == nil && status.EmailNotices
		return nil
	}, func(ctx app.Context, err error) {
		if err != nil {
			f.err = err.Error()
			return
		}
		f.email, f.saved, f.loaded = st.me.Email, st.me.Email, true
		f.enabled = st.enabled
	})
}

func (f *emailForm) Render() app.UI {
	return elDiv().ID("email-section").Body(
		h2("E-mail notices"),
		paraID("muted", "email-server-state", f.serverState()),
		elForm().Class("stack").ID("email-form").OnSubmit(f.submit).Body(
			label("E-mail for security notices (optional)", elInput().ID("email-input").Attr("type", "email").Attr("autocomplete", "email").
				Attr("maxlength", validate.MaxEmailLen).Attr("placeholder", "name@example.com").
				Attr("value", f.email).OnInput(f.onInput)),
			fieldError(f.fieldErr),
			label("Current password (to confirm the change)", elInput().ID("email-password").Attr("type", "password").Attr("autocomplete", "current-password").
				Attr("required", true).Attr("value", f.password).OnChange(f.ValueTo(&f.password))),
			parac("muted", "Leave empty and save to remove it. We use it only for notices about your account: "+
				"a lock, an unlock, a password reset or a role change. A change is also announced to the previous address."),
			notice("error", "email-error", f.err),
			notice("ok", "email-ok", f.ok),
			formButton("btn btn-primary", "email-submit", "submit", f.busy || !f.loaded || f.fieldErr != "" || f.email == f.saved, "Save e-mail"),
		),
	)
}

func (f *emailForm) serverState() string {
	switch {
	case !f.loaded:
		return "Loading…"
	case f.enabled:
		return "This server sends security notices by e-mail as well as in the app."
	default:
		return "This server does not send e-mail (no SMTP relay is configured); notices appear in the app only. You can still save an address for later."
	}
}

func (f *emailForm) onInput(ctx app.Context, e app.Event) {
	f.email = ctx.JSSrc().Get("value").String()
	f.fieldErr, f.ok, f.err = errText(validate.Email(f.email)), "", ""
}

func (f *emailForm) submit(ctx app.Context, e app.Event) {
	e.PreventDefault()
	f.err, f.ok = "", ""
	if f.fieldErr = errText(validate.Email(f.email)); f.fieldErr != "" {
		return
	}
	body := wire.EmailChange{Email: f.email, CurrentPassword: f.password}
	f.busy = true
	var me wire.User
	call(f.ctx, "PUT", wire.RouteMeEmail, body, &me, func(ctx app.Context, err error) {
		f.busy = false
		if err != nil {
			f.err = err.Error()
			return
		}
		f.email, f.saved, f.password = me.Email, me.Email, ""
		setFieldValue("email-password", "")
		f.ok = "Your e-mail address was removed."
		if me.Email != "" {
			f.ok = "Saved. Security notices will also go to " + me.Email + "."
		}
	})
}
