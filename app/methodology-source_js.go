//go:build js && wasm

package ui

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// embeddedMethodology is the document's source as the server's
// prerendered page carries it (the template methodologySourceID), read
// when the page is built, before the client's first render replaces the
// prerendered page. It is empty when the client came to the page by
// navigation; the page then fetches methodologyPath.
func embeddedMethodology() string {
	v := app.Window().GetElementByID(methodologySourceID)
	if !v.Truthy() {
		return ""
	}
	return v.Get("content").Get("textContent").String()
}
