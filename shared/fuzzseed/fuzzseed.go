// Package fuzzseed makes a fuzz target prove that its seed corpus reaches
// the checks behind the target's early rejections. A target whose seeds
// are all rejected up front passes while checking nothing; with a Counter
// it fails instead, naming the target.
//
// Use it in test files only:
//
//	func FuzzX(f *testing.F) {
//		seen := fuzzseed.Require(f)
//		f.Add(...)
//		f.Fuzz(func(t *testing.T, in string) {
//			out, err := Parse(in)
//			if err != nil {
//				return
//			}
//			seen.Reached()
//			// checks on out
//		})
//	}
package fuzzseed

import (
	"flag"
	"strings"
	"sync/atomic"
	"testing"
)

// Counter counts the inputs that got past a fuzz target's early rejection.
type Counter struct {
	n atomic.Int64
}

// Require returns a Counter and registers a check that fails f when the
// seed corpus ran and no input reached the checks. The check is skipped
// while fuzzing (the inputs run in worker processes) and when -run selects
// single seeds, which need not include one that gets through.
func Require(f *testing.F) *Counter {
	f.Helper()
	c := &Counter{}
	name := f.Name()
	f.Cleanup(func() {
		if c.n.Load() == 0 && !f.Failed() && wholeCorpus() {
			f.Errorf("%s: no seed input got past the early rejection, so the fuzz checks never ran; add a seed that reaches them", name)
		}
	})
	return c
}

// Reached records that the current input passed the early rejection.
func (c *Counter) Reached() { c.n.Add(1) }

// Count returns how many inputs have reached the checks so far.
func (c *Counter) Count() int64 { return c.n.Load() }

// wholeCorpus reports whether this run executes every seed of the target:
// not fuzzing, not a fuzz worker, and no subtest filter in -run.
func wholeCorpus() bool {
	if flagValue("test.fuzz") != "" || flagValue("test.fuzzworker") == "true" {
		return false
	}
	return !strings.Contains(flagValue("test.run"), "/")
}

func flagValue(name string) string {
	if fl := flag.Lookup(name); fl != nil {
		return fl.Value.String()
	}
	return ""
}
