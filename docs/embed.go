// Package docs holds Fortfolio's design documents and embeds the ones the
// product shows, so the app renders the document itself rather than a copy
// kept by hand. It compiles into both the server and the WebAssembly client.
package docs

import _ "embed"

// Methodology is methodology.md, rendered by the app's Methodology page.
//
//go:embed methodology.md
var Methodology string
