package ui

import "github.com/maxence-charriere/go-app/v10/pkg/app"

const (
	stateTheme = "theme"
	themeKey   = "fortfolio.theme"
	// themeSystem follows the device's light or dark setting
	// (prefers-color-scheme, in web/fortfolio.css).
	themeSystem = "system"
)

// loadTheme returns "dark", "light" or "system" from localStorage (dark
// by default, as before the system option existed).
func loadTheme() string {
	if !app.IsClient {
		return "dark"
	}
	v := app.Window().Get("localStorage").Call("getItem", themeKey)
	if v.Truthy() {
		switch s := v.String(); s {
		case "light", themeSystem:
			return s
		}
	}
	return "dark"
}

// saveTheme stores and publishes the theme.
func saveTheme(ctx app.Context, theme string) {
	if app.IsClient {
		app.Window().Get("localStorage").Call("setItem", themeKey, theme)
	}
	ctx.SetState(stateTheme, theme)
}

// systemPrefersDark reports the device's colour scheme.
func systemPrefersDark() bool {
	if !app.IsClient {
		return true
	}
	return app.Window().Call("matchMedia", "(prefers-color-scheme: dark)").Get("matches").Bool()
}

// shownTheme is the theme on screen: "system" resolved to light or dark.
func (l *layout) shownTheme() string {
	switch l.theme {
	case "light":
		return "light"
	case themeSystem:
		if !systemPrefersDark() {
			return "light"
		}
	}
	return "dark"
}

// toggleTheme switches to the other of light and dark from what is shown.
func (l *layout) toggleTheme(ctx app.Context, e app.Event) {
	next := "light"
	if l.shownTheme() == "light" {
		next = "dark"
	}
	l.theme = next
	saveTheme(ctx, next)
}

// renderThemeSelect is the theme choice in the footer, the one place with
// the system option.
func (l *layout) renderThemeSelect() app.UI {
	cur := l.theme
	if cur == "" {
		cur = "dark"
	}
	opt := func(v, label string) app.UI {
		return elOption().Attr("value", v).Attr("selected", cur == v).Text(label)
	}
	return elLabel().Class("theme-choice").Body(
		app.Text("Theme"),
		elSelect().ID("theme-select").OnChange(func(ctx app.Context, e app.Event) {
			v := ctx.JSSrc().Get("value").String()
			if v != "light" && v != "dark" && v != themeSystem {
				return
			}
			l.theme = v
			saveTheme(ctx, v)
		}).Body(opt(themeSystem, "System"), opt("light", "Light"), opt("dark", "Dark")),
	)
}
