//go:build !(js && wasm)

package ui

import "github.com/fortfolio/fortfolio/docs"

// embeddedMethodology is the document the server's prerendered
// Methodology page shows, and carries as its source for the client.
func embeddedMethodology() string { return docs.Methodology }
