//go:build !js

package ui

import (
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// load mounts c in a fresh test engine, as the server does when it
// prerenders a page (OnMount only runs in the browser, so fields set before
// Load stay as the test set them).
func load(t *testing.T, c app.Composer) app.Composer {
	t.Helper()
	e := app.NewTestEngine()
	if err := e.Load(c); err != nil {
		t.Fatalf("load %T: %v", c, err)
	}
	e.ConsumeAll()
	return c
}

// match fails the test when want is not at path in root.
func match(t *testing.T, root app.UI, want app.UI, path ...int) {
	t.Helper()
	if err := app.Match(want, root, path...); err != nil {
		t.Errorf("at %v: %v\nrendered: %s", path, err, app.HTMLString(root))
	}
}

// noMatch fails the test when something matching want is at path in root.
func noMatch(t *testing.T, root app.UI, want app.UI, path ...int) {
	t.Helper()
	if err := app.Match(want, root, path...); err == nil {
		t.Errorf("at %v: unexpected %s", path, app.HTMLString(want))
	}
}

// noop stands for event handlers: app.Match compares which events an element
// handles, not the handler functions.
func noop(app.Context, app.Event) {}

// inPage is the path from a page component to its layout component; layout
// paths (which start at the layout component) follow it.
var inPage = []int{0}

// at joins paths.
func at(parts ...[]int) []int {
	var out []int
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}
