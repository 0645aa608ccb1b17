// Package web embeds the static assets of the app shell (CSS, icons, the
// precompressed app.wasm.gz built by `make wasm`) into the fortfolio binary.
package web

import "embed"

// Files holds every file of this directory. app.wasm.gz is present only
// after `make wasm`; without it the shell serves no WebAssembly.
//
//go:embed *
var Files embed.FS
