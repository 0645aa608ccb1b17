#!/bin/sh
# wasm-build: the one command that compiles a go-app client to WebAssembly,
# used for Fortfolio's app.wasm (Makefile, Dockerfile) and for the hello
# world it is measured against (.ci/wasm-size).
#
# Fortfolio's own packages are compiled without inlining: the client's code
# is page rendering and event handling, never a hot loop, and inlined
# builder chains and constructors are a copy of their code at every place
# they are written (docs/performance.md, Client size). go-app, the standard
# library and the Go runtime are compiled as usual; the pattern names only
# Fortfolio's module, so it leaves any other program unchanged.
#
# The module's data segments are then merged (build/wasmpack): Go's linker
# starts a segment at every run of eight zero bytes, and the headers of
# those ~100,000 segments compress badly (6% of the brotli size).
# Usage: build/wasm-build.sh OUT   (run in the main package's directory)
set -eu
GO=${GO:-go}
root=$(cd "$(dirname "$0")/.." && pwd)
GOOS=js GOARCH=wasm "$GO" build -trimpath -gcflags='github.com/fortfolio/fortfolio/...=-l' -ldflags "-s -w" -o "$1" .
out=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
# wasmpack is Fortfolio's own tool: it runs in this module with its go.sum,
# whatever GOFLAGS the build of the program (the hello world's -mod=mod) set.
(cd "$root" && GOFLAGS= "$GO" run ./build/wasmpack pack "$out")
