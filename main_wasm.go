//go:build js && wasm

package main

// run is never reached in the browser: RunWhenOnBrowser blocks there.
func run([]string) int { return 0 }
