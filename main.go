// Command fortfolio is the Fortfolio server and, compiled to WebAssembly,
// its browser client. The same routes are registered on both sides so the
// server can prerender every page.
package main

import (
	"os"

	ui "github.com/fortfolio/fortfolio/app"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

func main() {
	ui.Register()
	ui.JoinOpenTabs()
	app.RunWhenOnBrowser()
	os.Exit(run(os.Args[1:]))
}
