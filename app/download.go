package ui

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// downloadText saves text as a file: a Blob, an object URL and a temporary
// <a download> element (blob: URLs are allowed by the CSP).
func downloadText(filename, mimeType, text string) {
	win := app.Window()
	blob := win.Get("Blob").New([]any{text}, map[string]any{"type": mimeType})
	url := win.Get("URL").Call("createObjectURL", blob)
	doc := win.Get("document")
	a := doc.Call("createElement", "a")
	a.Set("href", url)
	a.Set("download", filename)
	a.Set("className", "hidden")
	doc.Get("body").Call("appendChild", a)
	a.Call("click")
	a.Call("remove")
	win.Get("URL").Call("revokeObjectURL", url)
}
