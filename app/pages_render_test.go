//go:build !js

package ui

import (
	"testing"

	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// A page renders one layout: page -> layout -> shell <div> -> <main>.
var pageMain = at(inPage, layoutMain)

func TestNotFoundPage(t *testing.T) {
	t.Parallel()
	p := load(t, newNotFoundPage())
	tests := []struct {
		name string
		want app.UI
		path []int
	}{
		{"heading", app.Elem("h1").Class(""), at(pageMain, []int{0})},
		{"heading text", app.Text("Page not found"), at(pageMain, []int{0, 0})},
		{"message", app.Elem("p").ID("not-found"), at(pageMain, []int{1, 0})},
		{"message text", app.Text("There is nothing at this address."), at(pageMain, []int{1, 0, 0})},
		{"home link", app.Elem("a").Class("btn").Attr("href", "/"), at(pageMain, []int{1, 1})},
		{"home link text", app.Text("Back to the home page"), at(pageMain, []int{1, 1, 0})},
		{"signed-out topbar", app.Elem("a").Class("btn btn-small btn-primary").ID("login-link").Attr("href", "/login"), at(inPage, topbarRight, []int{1})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { match(t, p, tt.want, tt.path...) })
	}
}

func TestSecurityPageTopics(t *testing.T) {
	t.Parallel()
	p := load(t, newSecurityPage())
	doc := at(pageMain, []int{1, 0}) // <div class="doc">
	match(t, p, app.Elem("h1").Class("security-title"), at(pageMain, []int{0})...)
	match(t, p, app.Text("Security"), at(pageMain, []int{0, 0})...)
	match(t, p, app.Elem("div").Class("doc"), doc...)
	match(t, p, app.Elem("p").Class("muted"), at(doc, []int{0})...)

	// The topics a visitor must find, in this order.
	titles := []string{"Transport", "Headers on every response", "Accounts and sessions", "Limits", "Your data", "Usage statistics"}
	if len(securityTopics) != len(titles) {
		t.Fatalf("security page has %d topics, want %d", len(securityTopics), len(titles))
	}
	for i, title := range titles {
		card := at(doc, []int{1 + i})
		t.Run(title, func(t *testing.T) {
			match(t, p, app.Elem("div").Class("card"), card...)
			match(t, p, app.Elem("h2"), at(card, []int{0})...)
			match(t, p, app.Text(title), at(card, []int{0, 0})...)
			for j, pt := range securityTopics[i].points {
				match(t, p, app.Elem("li"), at(card, []int{1, j})...)
				match(t, p, app.Text(pt), at(card, []int{1, j, 0})...)
			}
			noMatch(t, p, app.Elem("li"), at(card, []int{1, len(securityTopics[i].points)})...)
		})
	}
	// Claims the page must keep making (they are tested server side).
	claims := map[string][]string{
		"Transport":             {"HTTP Strict Transport Security for a year, including subdomains; plain HTTP pages redirect with 308 and the API refuses plain HTTP with 400."},
		"Accounts and sessions": {"Sessions are HS256 tokens valid for 15 minutes in an x-token header, never in cookies, so cross-site request forgery is impossible by construction."},
		"Your data":             {"No secret ever appears in a log line or a response. No cookies, no trackers, no third-party requests."},
	}
	for i, topic := range securityTopics {
		for _, want := range claims[topic.title] {
			found := false
			for j := range topic.points {
				if app.Match(app.Text(want), p, at(doc, []int{1 + i, 1, j, 0})...) == nil {
					found = true
				}
			}
			if !found {
				t.Errorf("topic %q lacks the claim %q", topic.title, want)
			}
		}
	}
	// The live status and the admin panel follow the topics.
	match(t, p, &securityStatus{}, at(doc, []int{1 + len(titles)})...)
	match(t, p, &securityAdmin{}, at(doc, []int{2 + len(titles)})...)
}

func TestHomePageCallToAction(t *testing.T) {
	t.Parallel()
	// page -> layout -> shell -> main -> content <div> -> section.hero -> div.row
	row := at(pageMain, []int{0, 0, 2})
	tests := []struct {
		name string
		sess session
		want []struct {
			ui   app.UI
			path []int
		}
	}{
		{"signed out", session{}, []struct {
			ui   app.UI
			path []int
		}{
			{app.Elem("div").Class("row"), []int{0}},
			{app.Elem("a").Class("btn btn-primary").ID("register-link").Attr("href", "/register"), []int{0, 0}},
			{app.Text("Create an account"), []int{0, 0, 0}},
			{app.Elem("a").Class("btn").Attr("href", "/login"), []int{0, 1}},
			{app.Text("Log in"), []int{0, 1, 0}},
			{app.Elem("a").Class("btn").Attr("href", "/security"), []int{1}},
			{app.Text("Security architecture"), []int{1, 0}},
		}},
		{"signed in", session{Token: "t", User: wire.User{Username: "alice", Role: wire.RoleUser}}, []struct {
			ui   app.UI
			path []int
		}{
			{app.Elem("a").Class("btn btn-primary").Attr("href", "/portfolios"), []int{0}},
			{app.Text("Open my portfolios"), []int{0, 0}},
			{app.Elem("a").Class("btn").Attr("href", "/security"), []int{1}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := load(t, &homePage{sess: tt.sess})
			match(t, p, app.Elem("section").Class("hero"), at(pageMain, []int{0, 0})...)
			match(t, p, app.Text("Portfolio analytics you host yourself"), at(pageMain, []int{0, 0, 0, 0})...)
			for _, w := range tt.want {
				match(t, p, w.ui, at(row, w.path)...)
			}
		})
	}
	t.Run("signed out has no portfolio link", func(t *testing.T) {
		t.Parallel()
		p := load(t, newHomePage())
		noMatch(t, p, app.Elem("a").Class("btn btn-primary").Attr("href", "/portfolios"), at(row, []int{0})...)
	})
}
