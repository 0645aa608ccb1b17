// Package ui is the Fortfolio WebAssembly client built with go-app v10:
// pages, components and the API client. It never imports server code.
//
// The folder is app/ (the project layout fixes it) but the package is
// named ui on purpose: go-app's own package is named app, and every file
// here uses it as elDiv(), app.Context and so on. A package named app
// would shadow it or force an alias in every file. Keep the name ui.
package ui

import (
	"regexp"
	"sync"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

type route struct {
	path    string         // exact path, or "" when pattern is used
	pattern *regexp.Regexp // for paths with an id
	newPage func() app.Composer
}

// routes lists every page. Ids in paths use the shared identifier alphabet.
var routes = []route{
	{path: "/", newPage: func() app.Composer { return newHomePage() }},
	{path: "/security", newPage: func() app.Composer { return newSecurityPage() }},
	{path: "/login", newPage: func() app.Composer { return newLoginPage() }},
	{path: "/register", newPage: func() app.Composer { return newRegisterPage() }},
	{path: "/account", newPage: func() app.Composer { return newAccountPage() }},
	{path: "/methodology", newPage: func() app.Composer { return newMethodologyPage() }},
	{pattern: regexp.MustCompile(`^/portfolios/[A-Za-z0-9_-]{1,64}/analytics$`), newPage: func() app.Composer { return newAnalyticsPage() }},
	{pattern: regexp.MustCompile(`^/portfolios/[A-Za-z0-9_-]{1,64}/income$`), newPage: func() app.Composer { return newIncomePage() }},
	{pattern: regexp.MustCompile(`^/portfolios/[A-Za-z0-9_-]{1,64}/realised-gains$`), newPage: func() app.Composer { return newGainsPage() }},
	{path: "/portfolios", newPage: func() app.Composer { return newPortfoliosPage() }},
	{pattern: regexp.MustCompile(`^/portfolios/[A-Za-z0-9_-]{1,64}$`), newPage: func() app.Composer { return newPortfolioPage() }},
	{path: "/admin", newPage: func() app.Composer { return newAdminPage() }},
	{path: "/alerts", newPage: func() app.Composer { return newAlertsPage() }},
	{path: "/predictions", newPage: func() app.Composer { return newPredictionsPage() }},
	{path: "/assets", newPage: func() app.Composer { return newAssetsPage() }},
}

// notFoundPattern catches every other path so the server can prerender
// the 404 page; Known tells the server to answer it with status 404.
var notFoundPattern = regexp.MustCompile(`^/.*$`)

var registerOnce sync.Once

// Register declares the routes once. It runs in both the server (to
// prerender pages) and the browser.
func Register() { registerOnce.Do(register) }

func register() {
	for _, r := range routes {
		if r.pattern != nil {
			app.RouteWithRegexp(r.pattern.String(), r.newPage)
			continue
		}
		app.Route(r.path, r.newPage)
	}
	app.RouteWithRegexp(notFoundPattern.String(), func() app.Composer { return newNotFoundPage() })
}

// Known reports whether path is a page of the app (not the 404 page).
func Known(path string) bool {
	for _, r := range routes {
		if (r.path != "" && r.path == path) || (r.pattern != nil && r.pattern.MatchString(path)) {
			return true
		}
	}
	return false
}
