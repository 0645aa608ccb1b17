package jobs

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"
)

// Executor runs one job of its kind for owner from the job's payload (the
// request validated before it was queued, as JSON). It checks again what
// may have changed since (a portfolio deleted meanwhile) and refuses with
// a PublicError.
type Executor func(ctx context.Context, owner string, payload []byte) (any, error)

// Runner is what the handlers queue jobs on and poll them from: the
// in-process Registry (one node) or the shared Queue (several nodes).
type Runner interface {
	// Register sets the executor of kind; call it before jobs of the
	// kind are queued.
	Register(kind string, run Executor)
	// Enqueue queues a job of kind for owner with payload (encoded as
	// JSON). It fails with ErrTooManyJobs or ErrBusy over the bounds.
	Enqueue(ctx context.Context, owner, kind string, timeout time.Duration, payload any) (Job, error)
	// Get returns the owner's job; another owner's is not found.
	Get(owner, id string) (Job, bool)
	// Close stops the runner (see Registry.Close and Queue.Close).
	Close(ctx context.Context) error
}

var (
	_ Runner = (*Registry)(nil)
	_ Runner = (*Queue)(nil)
)

// executors maps kinds to their executors.
type executors struct {
	mu sync.RWMutex
	m  map[string]Executor
}

func (e *executors) set(kind string, run Executor) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.m == nil {
		e.m = map[string]Executor{}
	}
	e.m[kind] = run
}

func (e *executors) get(kind string) (Executor, bool) {
	e.mu.RLock()
	defer e.mu.RUnlock()
	run, ok := e.m[kind]
	return run, ok && run != nil
}

// encodePayload checks the kind is registered and encodes the payload.
func (e *executors) encodePayload(kind string, payload any) ([]byte, Executor, error) {
	run, ok := e.get(kind)
	if !ok {
		return nil, nil, ErrInvalid
	}
	b, err := json.Marshal(payload)
	if err != nil {
		return nil, nil, fmt.Errorf("jobs: encode payload: %w", err)
	}
	return b, run, nil
}

// Register sets the executor of kind.
func (r *Registry) Register(kind string, run Executor) { r.kinds.set(kind, run) }

// Enqueue runs kind's executor on payload as a job of owner (Submit).
func (r *Registry) Enqueue(_ context.Context, owner, kind string, timeout time.Duration, payload any) (Job, error) {
	b, run, err := r.kinds.encodePayload(kind, payload)
	if err != nil {
		return Job{}, err
	}
	return r.Submit(owner, kind, timeout, func(ctx context.Context) (any, error) { return run(ctx, owner, b) })
}
