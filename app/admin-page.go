package ui

import (
	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// adminTabs are the sections of the admin panel, in display order.
var adminTabs = []struct{ id, label string }{
	{"users", "Users"},
	{"audit", "Audit log"},
	{"events", "Security events"},
	{"backups", "Backups"},
	{"usage", "Usage"},
	{"models", "Models"},
}

// adminPage is the admin panel. The server enforces the admin role on
// every /api/admin call; the page only avoids showing tools to others.
type adminPage struct {
	app.Compo
	tab    string
	denied bool
	ready  bool // set by OnNav: sections mount only once the role is known
	// enrol: the server requires admins to have a second factor and this
	// one has none (--require-mfa-for-admins); the sections would all
	// answer 403 mfa_enrolment_required.
	enrol bool
}

func newAdminPage() *adminPage { return &adminPage{tab: "users"} }

func (p *adminPage) OnNav(ctx app.Context) {
	if !requireLogin(ctx) {
		return
	}
	p.denied = !loadSession().isAdmin()
	p.checkPolicy(ctx)
	p.tab = "users"
	want := ctx.Page().URL().Query().Get("tab")
	for _, t := range adminTabs {
		if t.id == want {
			p.tab = want
		}
	}
}

func (p *adminPage) Render() app.UI {
	if p.denied {
		return newLayout().Title("Admin").TitleClass("admin-title").Content(
			divID("alert alert-error", "admin-denied", "This page is for administrators only."))
	}
	if p.enrol {
		return newLayout().Title("Admin").TitleClass("admin-title").Content(
			divcID("alert alert-warn", "admin-enrol",
				app.Text("This server requires administrators to use a second factor. "),
				elA().Attr("href", "/account").Text("Set up an authenticator app or a passkey"),
				app.Text(" on your account page, then come back.")))
	}
	if !p.ready {
		return newLayout().Title("Admin").TitleClass("admin-title").Content(parac("muted", "Loading…"))
	}
	return newLayout().Title("Admin").TitleClass("admin-title").Content(
		divc("tabs", app.Range(adminTabs).Slice(func(i int) app.UI {
			t := adminTabs[i]
			cls := "tab"
			if t.id == p.tab {
				cls += " active"
			}
			return button(cls, "tab-"+t.id, t.label, p.open(t.id))
		})),
		p.section(),
	)
}

func (p *adminPage) section() app.UI {
	switch p.tab {
	case "audit":
		return newAdminAudit()
	case "events":
		return newAdminEvents()
	case "backups":
		return newAdminBackups()
	case "usage":
		return newAdminStats()
	case "models":
		return newAdminModels()
	}
	return newAdminUsers()
}

func (p *adminPage) open(tab string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		p.tab = tab
		u := *ctx.Page().URL()
		u.RawQuery = "tab=" + tab
		ctx.Page().ReplaceURL(&u)
	}
}

// checkPolicy learns whether the admin must enrol a second factor first;
// the sections mount after the answer.
func (p *adminPage) checkPolicy(ctx app.Context) {
	if p.denied {
		p.ready = true
		return
	}
	var st wire.MFAStatus
	call(ctx, "GET", wire.RouteMeMFA, none{}, &st, func(ctx app.Context, err error) {
		p.enrol = err == nil && st.RequiredForAdmins && !st.TOTP && len(st.Passkeys) == 0
		p.ready = true
	})
}
