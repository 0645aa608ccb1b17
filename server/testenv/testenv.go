// Package testenv holds the rule for tests that need a tool the machine
// may lack (nginx, PostgreSQL, pdftotext, a tmpfs mount): on a developer's
// machine such a test is skipped with a message saying what went untested;
// in CI (CI set and not "false", as .ci/run sets it) it fails, so nothing
// goes untested there unnoticed. `make test` installs the tools.
package testenv

import (
	"fmt"
	"os"
	"testing"
)

// InCI reports whether the tests run in CI.
func InCI() bool {
	ci := os.Getenv("CI")
	return ci != "" && ci != "false"
}

// Missing ends t because something it needs is missing: a failure in CI,
// a skip elsewhere (also written to stderr, so it shows without -v).
func Missing(t testing.TB, msg string) {
	t.Helper()
	if InCI() {
		t.Fatal(msg + " (CI must run this test)")
	}
	fmt.Fprintf(os.Stderr, "SKIP %s: %s\n", t.Name(), msg)
	t.Skip(msg)
}
