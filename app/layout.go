package ui

import (
	"context"

	"net/url"

	"github.com/fortfolio/fortfolio/shared/wire"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// layout is the frame of every page: navigation, theme, content, footer.
type layout struct {
	compo

	Ititle   string
	Iclass   string
	Icontent []app.UI

	sess    session
	theme   string
	path    string
	mounted bool
	// menuOpen shows the navigation on a phone, where a menu button
	// replaces it (web/fortfolio.css).
	menuOpen bool
	ctx      app.Context
}

func newLayout() *layout { return &layout{} }

// Title sets the page heading and the document title.
func (l *layout) Title(v string) *layout { l.Ititle = v; return l }

// TitleClass sets a CSS class on the heading (tests find pages by it).
func (l *layout) TitleClass(v string) *layout { l.Iclass = v; return l }

// Content sets the page body.
func (l *layout) Content(v ...app.UI) *layout { l.Icontent = v; return l }

// OnNav reports an anonymous page view of the route template (see
// pageview.go); every page renders exactly one layout.
func (l *layout) OnNav(ctx app.Context) { reportPageView(ctx) }

func (l *layout) OnMount(ctx app.Context) {
	l.mounted, l.ctx = true, ctx
	installErrorReporter()
	watchOtherTabs(ctx)
	l.sess = loadSession()
	l.theme = loadTheme()
	l.path = ctx.Page().URL().Path
	ctx.ObserveState(stateSession, &l.sess)
	ctx.ObserveState(stateTheme, &l.theme)
	if l.Ititle != "" {
		ctx.Page().SetTitle(l.Ititle + " · Fortfolio")
	}
}

func (l *layout) Render() app.UI {
	theme := l.theme
	if theme == "" {
		theme = "dark"
	}
	return divc("shell theme-"+theme,
		l.renderTopbar(),
		when(offlineMode.Load(), func() app.UI {
			return divID("alert alert-warn offline-banner", "offline-banner",
				"Offline: the server cannot be reached. You are seeing what was last loaded; changes need a connection.")
		}),
		el("main").Class("content").Body(
			when(l.Ititle != "", func() app.UI { return elH1().Class(l.Iclass).Text(l.Ititle) }),
			elDiv().Body(l.Icontent...),
		),
		// app-ready exists only once the WebAssembly client runs; browser
		// tests wait for it before interacting.
		when(l.mounted, func() app.UI { return elSpan().ID("app-ready").Class("hidden") }),
		el("footer").Class("footer").Body(
			app.Text("Fortfolio — self-hosted portfolio analytics. "),
			elA().Attr("href", "/security").Text("How we protect your data"),
			l.renderThemeSelect(),
		),
	)
}

func (l *layout) renderTopbar() app.UI {
	cls := "topbar"
	if l.menuOpen {
		cls += " menu-open"
	}
	return el("header").Class(cls).Body(
		elA().Class("brand").Attr("href", "/").Body(
			// The logo is decoration: the link's text names it.
			elImg().Attr("src", "/web/icon.svg").Attr("alt", "").Attr("aria-hidden", "true").Attr("width", 28).Attr("height", 28),
			elSpan().Text("Fortfolio"),
		),
		el("nav").Class("nav").ID("site-nav").Aria("label", "Main").Body(l.navLinks()...),
		divcID("topbar-right", "site-tools",
			elButton().Class("btn btn-small").ID("theme-toggle").
				Title("Switch between dark and light theme").
				Text(map[bool]string{true: "Light theme", false: "Dark theme"}[l.shownTheme() != "light"]).
				OnClick(l.toggleTheme),
			when(l.sess.signedIn(), func() app.UI {
				return spanc("whoami", l.sess.User.Username)
			}),
			app.If(l.sess.signedIn(), func() app.UI {
				return button("btn btn-small", "logout", "Log out", l.logout)
			}).Else(func() app.UI {
				return elA().Class("btn btn-small btn-primary").ID("login-link").Attr("href", "/login").Text("Log in")
			}),
			when(l.sess.signedIn(), l.renderHideAmounts),
		),
		elButton().Class("btn btn-small menu-toggle").ID("menu-toggle").Attr("type", "button").
			Aria("expanded", boolString(l.menuOpen)).Aria("controls", "site-nav site-tools").
			Text(map[bool]string{true: "Close menu", false: "Menu"}[l.menuOpen]).
			OnClick(func(ctx app.Context, e app.Event) { l.menuOpen = !l.menuOpen }),
	)
}

// renderHideAmounts is the hide-amounts (zen) switch: amounts and
// quantities become "•••", percentages stay.
func (l *layout) renderHideAmounts() app.UI {
	on := amountsHidden()
	return elButton().Class("btn btn-small").ID("hide-amounts").Attr("type", "button").
		Aria("pressed", boolString(on)).
		Title("Show only percentages on this device").
		Text(map[bool]string{true: "Show amounts", false: "Hide amounts"}[on]).
		OnClick(func(ctx app.Context, e app.Event) { setAmountsHidden(ctx, !on) })
}

func boolString(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

func (l *layout) navLinks() []app.UI {
	type link struct{ href, label string }
	links := []link{{"/", "Home"}}
	if l.sess.signedIn() {
		links = append(links, link{"/portfolios", "Portfolios"}, link{"/alerts", "Alerts"}, link{"/predictions", "Predictions"}, link{"/account", "Account"})
	}
	links = append(links, link{"/security", "Security"}, link{"/methodology", "Methodology"})
	if l.sess.isAdmin() {
		links = append(links, link{"/admin", "Admin"})
	}
	out := make([]app.UI, 0, len(links))
	for _, k := range links {
		a := elA().Attr("href", k.href).Text(k.label)
		if k.href == l.path {
			a = a.Class("active")
		}
		out = append(out, a)
	}
	return out
}

// logout ends the session on the server, then forgets it here whatever
// the server answered (a dead token cannot log out twice).
func (l *layout) logout(ctx app.Context, e app.Event) {
	work(l.ctx, publicCall, func(c context.Context) error {
		_ = forgetRemembered(c) // this browser is no longer kept signed in
		return fetchInto(c, "POST", wire.RouteLogout, none{}, new(none))
	}, func(ctx app.Context, _ error) {
		clearSession(ctx)
		ctx.Navigate("/")
	})
}

// accountMustChange is where a user with a temporary password is kept
// until they choose their own (the server answers 403 must_change_password
// to everything else).
const accountMustChange = "/account?must_change=1"

// requireLogin sends a signed-out visitor to the login page, remembering
// the page to come back to, and a user who must change their password to
// the account page. It returns false when it navigated away.
func requireLogin(ctx app.Context) bool {
	s := loadSession()
	if !s.signedIn() {
		ctx.Navigate("/login?next=" + url.QueryEscape(ctx.Page().URL().Path))
		return false
	}
	if s.MustChange && ctx.Page().URL().Path != "/account" {
		ctx.Navigate(accountMustChange)
		return false
	}
	return true
}
