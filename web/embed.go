// Package web embeds the static assets of the app shell (CSS, icons, the
// precompressed app.wasm.br and app.wasm.gz built by `make wasm`) into the
// fortfolio binary.
package web

import "embed"

// Files holds every file of this directory. app.wasm.gz and app.wasm.br are
// present only after `make wasm`; without app.wasm.gz the shell serves no
// WebAssembly.
//
//go:embed *
var Files embed.FS
