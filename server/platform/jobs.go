package platform

import "github.com/fortfolio/fortfolio/server/jobs"

// wrappedRunner registers every executor through wrap (Options.WrapJob).
type wrappedRunner struct {
	jobs.Runner
	wrap func(kind string, run jobs.Executor) jobs.Executor
}

// Register sets the wrapped executor of kind.
func (w wrappedRunner) Register(kind string, run jobs.Executor) {
	w.Runner.Register(kind, w.wrap(kind, run))
}
