// Package docs holds Fortfolio's design documents and embeds the ones the
// product shows, so the app renders the document itself rather than a copy
// kept by hand. Only the server compiles it in: it serves the documents
// (server/shell) and prerenders the pages that show them; the WebAssembly
// client fetches them (make wasmdeps keeps this package out of app.wasm).
package docs

import _ "embed"

// Methodology is methodology.md, served as /web/methodology.md and rendered
// by the app's Methodology page.
//
//go:embed methodology.md
var Methodology string
