package ui

import "github.com/maxence-charriere/go-app/v10/pkg/app"

const (
	stateTheme = "theme"
	themeKey   = "fortfolio.theme"
)

// loadTheme returns "dark" or "light" from localStorage (dark by default).
func loadTheme() string {
	if !app.IsClient {
		return "dark"
	}
	v := app.Window().Get("localStorage").Call("getItem", themeKey)
	if !v.IsNull() && !v.IsUndefined() && v.String() == "light" {
		return "light"
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
