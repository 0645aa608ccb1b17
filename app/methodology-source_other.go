//go:build !(js && wasm)

package ui

import "github.com/fortfolio/fortfolio/docs"

// embeddedMethodology is the document the server's prerendered
// Methodology page shows (the client fetches it instead).
var embeddedMethodology = docs.Methodology
