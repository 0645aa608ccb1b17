//go:build !js

package main

import (
	"context"
	"os"

	"github.com/fortfolio/fortfolio/server/cli"
)

// run executes the command line; server code is compiled only here, so it
// never reaches app.wasm.
func run(args []string) int {
	return cli.Main(context.Background(), args, os.Stdin, os.Stdout, os.Stderr)
}
