package ui

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// notFoundPage is shown for every path that is not a page of the app.
type notFoundPage struct{ app.Compo }

func newNotFoundPage() *notFoundPage { return &notFoundPage{} }

func (p *notFoundPage) Render() app.UI {
	return newLayout().Title("Page not found").Content(
		elP().ID("not-found").Text("There is nothing at this address."),
		elA().Class("btn").Attr("href", "/").Text("Back to the home page"),
	)
}
