package ui

import (
	"context"

	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// passkeysPanel lists the account's passkeys, adds one (the browser's
// authenticator: a security key, the phone, the computer's own), renames
// and deletes them.
type passkeysPanel struct {
	compo
	status  wire.MFAStatus
	loaded  bool
	name    string
	editing string // id of the passkey being renamed
	rename  string
	err, ok string
	busy    bool
	ctx     app.Context
}

func newPasskeysPanel() *passkeysPanel { return &passkeysPanel{} }

func (p *passkeysPanel) OnMount(ctx app.Context) {
	p.ctx = ctx
	if loadSession().MustChange {
		return // the server refuses everything but the password change
	}
	p.load()
}

func (p *passkeysPanel) load() {
	var st wire.MFAStatus
	call(p.ctx, "GET", wire.RouteMeMFA, none{}, &st, func(ctx app.Context, err error) {
		if err != nil {
			p.err = err.Error()
			return
		}
		p.status, p.loaded = st, true
	})
}

func (p *passkeysPanel) Render() app.UI {
	return elDiv().ID("passkeys-section").Body(
		h2("Passkeys"),
		parac("muted", "A passkey signs you in without a password, or as the second step after it, "+
			"with your fingerprint, face, PIN or security key."),
		notice("error", "passkeys-error", p.err),
		notice("ok", "passkeys-ok", p.ok),
		when(p.loaded && !p.status.PasskeysAvailable, func() app.UI {
			return paraID("muted", "passkeys-off", "Passkeys need the server's name, not an IP address: "+
				"open this site as localhost (development) or by its domain.")
		}),
		when(p.loaded, p.list),
		when(p.loaded && p.status.PasskeysAvailable, p.addForm),
	)
}

func (p *passkeysPanel) list() app.UI {
	keys := p.status.Passkeys
	if len(keys) == 0 {
		return paraID("empty", "passkeys-empty", "No passkey yet.")
	}
	return elUl().Class("stack").ID("passkeys-list").Body(app.Range(keys).Slice(func(i int) app.UI {
		k := keys[i]
		if p.editing == k.ID {
			return elLi().Class("row passkey-row").Body(
				elInput().Class("passkey-rename").Attr("maxlength", "64").Attr("value", p.rename).OnChange(p.ValueTo(&p.rename)),
				elButton().Class("btn btn-small passkey-save").Text("Save").OnClick(p.saveName(k.ID), app.EventScope(k.ID)),
			)
		}
		return elLi().Class("row passkey-row").Attr("data-passkey", k.ID).Body(
			spanc("passkey-name", k.Name),
			spanc("muted", "added "+fmtTime(&k.CreatedAt)+", last used "+fmtTime(k.LastUsedAt)),
			elButton().Class("btn btn-small passkey-edit").Text("Rename").OnClick(func(ctx app.Context, e app.Event) {
				p.editing, p.rename = k.ID, k.Name
			}, app.EventScope(k.ID)),
			elButton().Class("btn btn-small btn-danger passkey-delete").Text("Delete").OnClick(p.remove(k.ID), app.EventScope(k.ID)),
		)
	}))
}

func (p *passkeysPanel) addForm() app.UI {
	return elForm().Class("row").ID("passkey-add-form").OnSubmit(p.add).Body(
		elInput().ID("passkey-name").Attr("maxlength", "64").Attr("placeholder", "Name, e.g. Laptop").Attr("required", true).
			Attr("value", p.name).OnChange(p.ValueTo(&p.name)),
		formButton("btn btn-primary", "passkey-add", "submit", p.busy, "Add a passkey"),
	)
}

func (p *passkeysPanel) add(ctx app.Context, e app.Event) {
	e.PreventDefault()
	p.err, p.ok, p.busy = "", "", true
	name := p.name
	var pk wire.Passkey
	work(p.ctx, signedInCall, func(c context.Context) (err error) { pk, err = registerPasskey(c, name); return err },
		func(ctx app.Context, err error) {
			p.busy = false
			if err != nil {
				p.err = err.Error()
				return
			}
			p.name, p.ok = "", "Passkey \""+pk.Name+"\" added."
			setFieldValue("passkey-name", "")
			p.load()
		})
}

func (p *passkeysPanel) saveName(id string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		p.err, p.ok = "", ""
		call(p.ctx, "PUT", wire.Path(wire.RoutePasskey, id), wire.PasskeyName{Name: p.rename}, new(none), func(ctx app.Context, err error) {
			if err != nil {
				p.err = err.Error()
				return
			}
			p.editing, p.ok = "", "Passkey renamed."
			p.load()
		})
	}
}

func (p *passkeysPanel) remove(id string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		p.err, p.ok = "", ""
		call(p.ctx, "DELETE", wire.Path(wire.RoutePasskey, id), none{}, new(none), func(ctx app.Context, err error) {
			if err != nil {
				p.err = err.Error()
				return
			}
			p.ok = "Passkey deleted."
			p.load()
		})
	}
}
