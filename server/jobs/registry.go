package jobs

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"time"
)

// Config bounds a Registry. Zero values take the defaults.
type Config struct {
	Workers    int           // jobs running at once (default runtime.NumCPU())
	PerOwner   int           // unfinished jobs per owner (default 3)
	MaxPending int           // unfinished jobs in total (default 256)
	TTL        time.Duration // how long finished jobs are kept (default 10 min)
	MaxTimeout time.Duration // upper bound of a job's timeout (default 2 min)
	// MaxFinishedPerOwner and MaxFinished bound the finished jobs (and
	// their results) kept until the TTL, per owner and in total; the
	// oldest finished jobs are forgotten first.
	MaxFinishedPerOwner int // default DefaultMaxFinishedPerOwner
	MaxFinished         int // default DefaultMaxFinished
	// MaxAttempts bounds the claims of one job on the shared queue: a job
	// whose node stopped is queued again until it was claimed this often,
	// then failed (default 2).
	MaxAttempts int
	// StaleAfter is the age of a running job's heartbeat after which a
	// shared queue counts its node as stopped and queues the job again
	// (default DefaultStaleAfter).
	StaleAfter time.Duration
	// HeartbeatEvery is how often a shared queue's node saves a running
	// job's snapshot, its heartbeat (default 5 s, or a sixth of
	// StaleAfter when that is shorter).
	HeartbeatEvery time.Duration
	// PollEvery is how often a shared queue's workers look for work when
	// no notification woke them (default 3 s).
	PollEvery time.Duration
	// Now is the clock (time.Now when nil).
	Now func() time.Time
}

// Defaults of the finished-job bounds and of the heartbeat staleness.
const (
	DefaultMaxFinishedPerOwner = 20
	DefaultMaxFinished         = 1024
	DefaultStaleAfter          = 30 * time.Second
)

// withDefaults fills zero fields.
func (c Config) withDefaults() Config {
	if c.Workers <= 0 {
		c.Workers = runtime.NumCPU()
	}
	if c.PerOwner <= 0 {
		c.PerOwner = 3
	}
	if c.MaxPending <= 0 {
		c.MaxPending = 256
	}
	if c.TTL <= 0 {
		c.TTL = 10 * time.Minute
	}
	if c.MaxTimeout <= 0 {
		c.MaxTimeout = 2 * time.Minute
	}
	if c.MaxFinishedPerOwner <= 0 {
		c.MaxFinishedPerOwner = DefaultMaxFinishedPerOwner
	}
	if c.MaxFinished <= 0 {
		c.MaxFinished = DefaultMaxFinished
	}
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = 2
	}
	if c.StaleAfter <= 0 {
		c.StaleAfter = DefaultStaleAfter
	}
	if c.HeartbeatEvery <= 0 {
		c.HeartbeatEvery = min(5*time.Second, c.StaleAfter/6)
	}
	if c.PollEvery <= 0 {
		c.PollEvery = 3 * time.Second
	}
	return c
}

// Registry runs and tracks jobs in this process: the Runner of a single
// node (SQLite). It is safe for concurrent use.
type Registry struct {
	cfg     Config
	now     func() time.Time
	sem     chan struct{}
	base    context.Context
	cancel  context.CancelFunc
	wg      sync.WaitGroup
	mu      sync.Mutex
	jobs    map[string]*Job
	pending map[string]int
	closed  bool
	kinds   executors
}

// New returns a Registry with the given bounds.
func New(cfg Config) *Registry {
	cfg = cfg.withDefaults()
	ctx, cancel := context.WithCancel(context.Background())
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	return &Registry{cfg: cfg, now: now, sem: make(chan struct{}, cfg.Workers), base: ctx, cancel: cancel,
		jobs: map[string]*Job{}, pending: map[string]int{}}
}

// Submit queues fn as a job of ownerID. timeout (capped at MaxTimeout; 0
// means MaxTimeout) bounds its running time through ctx. It fails with
// ErrTooManyJobs when the owner has PerOwner unfinished jobs.
func (r *Registry) Submit(ownerID, kind string, timeout time.Duration, fn func(ctx context.Context) (any, error)) (Job, error) {
	if ownerID == "" || kind == "" || fn == nil || timeout < 0 {
		return Job{}, ErrInvalid
	}
	if timeout == 0 || timeout > r.cfg.MaxTimeout {
		timeout = r.cfg.MaxTimeout
	}
	id, err := newID()
	if err != nil {
		return Job{}, err
	}
	j := &Job{ID: id, Kind: kind, Status: StatusQueued, CreatedAt: r.now(), owner: ownerID}
	if err := r.admit(j); err != nil {
		return Job{}, err
	}
	queued := *j
	go r.run(j, timeout, fn)
	return queued, nil
}

// admit registers j unless the registry is closed or full, counting it in
// r.wg under the lock (so Close waits for it).
func (r *Registry) admit(j *Job) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sweepLocked()
	switch {
	case r.closed:
		return ErrClosed
	case r.pending[j.owner] >= r.cfg.PerOwner:
		return ErrTooManyJobs
	case r.totalPendingLocked() >= r.cfg.MaxPending:
		return ErrBusy
	}
	r.jobs[j.ID] = j
	r.pending[j.owner]++
	r.wg.Add(1)
	return nil
}

// Get returns a snapshot of the owner's job. A missing, expired or other
// owner's job is reported as not found.
func (r *Registry) Get(ownerID, jobID string) (Job, bool) {
	r.mu.Lock()
	r.sweepLocked()
	j, ok := r.jobs[jobID]
	var snap Job
	if ok {
		snap = *j
	}
	r.mu.Unlock()
	if !ok || snap.owner != ownerID {
		return Job{}, false
	}
	return snap, true
}

// Close stops accepting jobs, cancels running ones and waits for them (or
// for ctx).
func (r *Registry) Close(ctx context.Context) error {
	r.mu.Lock()
	r.closed = true
	r.mu.Unlock()
	r.cancel()
	done := make(chan struct{})
	go func() { r.wg.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("jobs: close: %w", ctx.Err())
	}
}

// totalPendingLocked counts unfinished jobs.
func (r *Registry) totalPendingLocked() int {
	n := 0
	for _, c := range r.pending {
		n += c
	}
	return n
}

// sweepLocked deletes finished jobs older than the TTL.
func (r *Registry) sweepLocked() {
	cutoff := r.now().Add(-r.cfg.TTL)
	for id, j := range r.jobs {
		if j.FinishedAt != nil && j.FinishedAt.Before(cutoff) {
			delete(r.jobs, id)
		}
	}
}

// run waits for a worker slot, runs fn with a timeout and records the
// outcome. The slot is held until fn returns, even after a timeout.
func (r *Registry) run(j *Job, timeout time.Duration, fn func(context.Context) (any, error)) {
	defer r.wg.Done()
	select {
	case r.sem <- struct{}{}:
	case <-r.base.Done():
		r.finish(j, nil, context.Canceled)
		return
	}
	defer func() { <-r.sem }()
	r.mu.Lock()
	started := r.now()
	j.Status, j.StartedAt = StatusRunning, &started
	r.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.WithValue(r.base, progressKey{}, func(f float64) {
		r.mu.Lock()
		j.Progress = f
		r.mu.Unlock()
	}), timeout)
	defer cancel()
	type outcome struct {
		v   any
		err error
	}
	ch := make(chan outcome, 1)
	go func() {
		v, err := safeCall(ctx, fn)
		ch <- outcome{v, err}
	}()
	select {
	case o := <-ch:
		r.finish(j, o.v, o.err)
	case <-ctx.Done():
		r.finish(j, nil, ctx.Err())
		<-ch
	}
}

// safeCall runs fn and converts a panic into an error.
func safeCall(ctx context.Context, fn func(context.Context) (any, error)) (v any, err error) {
	defer func() {
		if p := recover(); p != nil {
			v, err = nil, fmt.Errorf("jobs: job panicked: %v", p)
		}
	}()
	return fn(ctx)
}

// finish records a job's final state once.
func (r *Registry) finish(j *Job, v any, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if j.FinishedAt != nil {
		return
	}
	j.settle(v, err, r.now())
	r.pending[j.owner]--
	if r.pending[j.owner] <= 0 {
		delete(r.pending, j.owner)
	}
	r.trimFinishedLocked(j.owner)
}

// trimFinishedLocked forgets the oldest finished jobs beyond the per-owner
// and global bounds, so results cannot pile up in memory within the TTL.
func (r *Registry) trimFinishedLocked(owner string) {
	for {
		var oldestOwn, oldestAll *Job
		own, all := 0, 0
		for _, j := range r.jobs {
			if j.FinishedAt == nil {
				continue
			}
			all++
			if oldestAll == nil || j.FinishedAt.Before(*oldestAll.FinishedAt) {
				oldestAll = j
			}
			if j.owner == owner {
				own++
				if oldestOwn == nil || j.FinishedAt.Before(*oldestOwn.FinishedAt) {
					oldestOwn = j
				}
			}
		}
		switch {
		case own > r.cfg.MaxFinishedPerOwner:
			delete(r.jobs, oldestOwn.ID)
		case all > r.cfg.MaxFinished:
			delete(r.jobs, oldestAll.ID)
		default:
			return
		}
	}
}
