//go:build !js

package ui

import (
	"testing"

	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Paths inside a layout: component -> shell <div> -> <header> -> ...
var (
	navPath      = []int{0, 0, 1}    // <nav class="nav">
	topbarRight  = []int{0, 0, 2}    // <div class="topbar-right">
	layoutMain   = []int{0, 1}       // <main class="content"> (no offline banner)
	layoutFooter = []int{0, 2}       // <footer>
	footerLink   = []int{0, 2, 1, 0} // "How we protect your data"
)

type navLink struct{ href, label string }

func TestLayoutNavBySession(t *testing.T) {
	t.Parallel()
	visitorLinks := []navLink{{"/", "Home"}, {"/security", "Security"}, {"/methodology", "Methodology"}}
	userLinks := []navLink{{"/", "Home"}, {"/portfolios", "Portfolios"}, {"/alerts", "Alerts"}, {"/predictions", "Predictions"}, {"/account", "Account"},
		{"/security", "Security"}, {"/methodology", "Methodology"}}
	adminLinks := append(append([]navLink(nil), userLinks...), navLink{"/admin", "Admin"})
	tests := []struct {
		name  string
		sess  session
		links []navLink
	}{
		{"signed-out visitor", session{}, visitorLinks},
		{"user", session{Token: "t", User: wire.User{ID: "u1", Username: "alice", Role: wire.RoleUser}}, userLinks},
		{"admin", session{Token: "t", User: wire.User{ID: "a1", Username: "root", Role: wire.RoleAdmin}}, adminLinks},
		{"unknown role", session{Token: "t", User: wire.User{Username: "bob", Role: "superuser"}}, userLinks},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			l := load(t, &layout{sess: tt.sess})
			for i, k := range tt.links {
				match(t, l, app.Elem("a").Attr("href", k.href), at(navPath, []int{i})...)
				match(t, l, app.Text(k.label), at(navPath, []int{i, 0})...)
			}
			// Nothing after the expected links (e.g. no Admin link for a user).
			noMatch(t, l, app.Elem("a"), at(navPath, []int{len(tt.links)})...)
		})
	}
}

func TestLayoutTopbarBySession(t *testing.T) {
	t.Parallel()
	t.Run("signed out shows the login link", func(t *testing.T) {
		t.Parallel()
		l := load(t, &layout{})
		match(t, l, app.Elem("a").Class("btn btn-small btn-primary").ID("login-link").Attr("href", "/login"), at(topbarRight, []int{1})...)
		match(t, l, app.Text("Log in"), at(topbarRight, []int{1, 0})...)
		noMatch(t, l, app.Elem("span").Class("whoami"), at(topbarRight, []int{1})...)
	})
	t.Run("signed in shows the user and log out", func(t *testing.T) {
		t.Parallel()
		l := load(t, &layout{sess: session{Token: "t", User: wire.User{Username: "alice", Role: wire.RoleUser}}})
		match(t, l, app.Elem("span").Class("whoami"), at(topbarRight, []int{1})...)
		match(t, l, app.Text("alice"), at(topbarRight, []int{1, 0})...)
		match(t, l, app.Elem("button").Class("btn btn-small").ID("logout").OnClick(noop), at(topbarRight, []int{2})...)
		match(t, l, app.Text("Log out"), at(topbarRight, []int{2, 0})...)
	})
}

func TestLayoutActiveLinkAndTheme(t *testing.T) {
	t.Parallel()
	l := load(t, &layout{path: "/security", theme: "light"})
	match(t, l, app.Elem("div").Class("shell theme-light"), 0)
	match(t, l, app.Elem("a").Attr("href", "/security").Class("active"), at(navPath, []int{1})...)
	match(t, l, app.Elem("a").Attr("href", "/"), at(navPath, []int{0})...) // not active
	match(t, l, app.Text("Dark theme"), at(topbarRight, []int{0, 0})...)

	d := load(t, &layout{})
	match(t, d, app.Elem("div").Class("shell theme-dark"), 0)
	match(t, d, app.Text("Light theme"), at(topbarRight, []int{0, 0})...)
}

func TestLayoutTitleContentAndFooter(t *testing.T) {
	t.Parallel()
	l := load(t, newLayout().Title("Holdings").TitleClass("holdings-title").Content(app.Elem("p").Text("body text")))
	match(t, l, app.Elem("h1").Class("holdings-title"), at(layoutMain, []int{0})...)
	match(t, l, app.Text("Holdings"), at(layoutMain, []int{0, 0})...)
	match(t, l, app.Text("body text"), at(layoutMain, []int{1, 0, 0})...)
	match(t, l, app.Elem("footer").Class("footer"), layoutFooter...)
	match(t, l, app.Text("How we protect your data"), footerLink...)
	// Before the WebAssembly client mounts there is no #app-ready marker.
	noMatch(t, l, app.Elem("span").ID("app-ready").Class("hidden"), 0, 2)
}
