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
# Usage: build/wasm-build.sh OUT   (run in the main package's directory)
set -eu
GOOS=js GOARCH=wasm exec "${GO:-go}" build -trimpath -gcflags='github.com/fortfolio/fortfolio/...=-l' -ldflags "-s -w" -o "$1" .
