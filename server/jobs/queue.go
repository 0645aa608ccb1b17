package jobs

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// Record is one job as the shared queue stores it.
type Record struct {
	ID, Owner, Kind string
	// Payload is the validated request, as JSON.
	Payload []byte
	Timeout time.Duration
	// Attempts counts the claims so far, the current one included.
	Attempts int
	// Node is the node holding the current claim ("" while queued).
	Node string
	// Snapshot is the public Job as JSON.
	Snapshot  []byte
	CreatedAt time.Time
}

// Claim names one claim of a job: the node holding it and the attempt.
// A claim that was taken over (a later attempt) saves nothing.
type Claim struct {
	ID      string
	Node    string
	Attempt int
}

// Store keeps the shared queue: the PostgreSQL backend's jobs table.
type Store interface {
	// AddJob stores rec as queued unless its owner has perOwner
	// unfinished jobs (ErrTooManyJobs) or all owners maxPending (ErrBusy),
	// counted in the table under a lock every node takes; it wakes the
	// workers of every node.
	AddJob(ctx context.Context, rec Record, perOwner, maxPending int) error
	// ClaimJob marks the oldest queued job running on node with a
	// heartbeat at now, skipping jobs another node is claiming.
	ClaimJob(ctx context.Context, node string, now time.Time) (Record, bool, error)
	// SaveClaimedJob saves the snapshot of a claimed job as its heartbeat
	// (final: its last one). It reports false when the claim is lost.
	SaveClaimedJob(ctx context.Context, c Claim, snapshot []byte, final bool, now, expires time.Time) (bool, error)
	// ReleaseJob queues a claimed job again without counting the
	// attempt (its node is shutting down) and wakes the workers of every
	// node. It reports false when c is no longer the job's running claim
	// (nothing to hand back).
	ReleaseJob(ctx context.Context, c Claim) (bool, error)
	// RequeueStaleJobs queues again the running jobs whose heartbeat is
	// older than cutoff and that were claimed fewer than maxAttempts
	// times, and returns the others.
	RequeueStaleJobs(ctx context.Context, cutoff time.Time, maxAttempts int) ([]Record, error)
	// FailStaleJob saves rec's final snapshot if its claim is still the
	// stale one (heartbeat older than cutoff).
	FailStaleJob(ctx context.Context, rec Record, cutoff time.Time, snapshot []byte, now, expires time.Time) (bool, error)
	// LoadJob returns the snapshot of the owner's job id.
	LoadJob(ctx context.Context, owner, id string, now time.Time) ([]byte, bool, error)
	// JobWakeups receives after a job was queued on any node, until ctx
	// ends (LISTEN); the workers also poll.
	JobWakeups(ctx context.Context) <-chan struct{}
}

// storeTimeout bounds one call of the Store.
const storeTimeout = 5 * time.Second

// StoppedMessage is the error of a job whose nodes stopped while it ran,
// MaxAttempts times.
const StoppedMessage = "The servers running this computation stopped before it finished; start it again."

// Queue runs jobs kept in a Store shared by several nodes: any node
// queues, any node's workers claim, and any node answers a poll. It is
// safe for concurrent use.
type Queue struct {
	cfg     Config
	now     func() time.Time
	store   Store
	node    string
	kinds   executors
	sem     chan struct{}
	nudge   chan struct{}
	base    context.Context
	cancel  context.CancelFunc
	wg      sync.WaitGroup
	mu      sync.Mutex
	started bool
	closed  bool
	// stopping is Close's context: the time the node has to hand its
	// jobs back.
	stopping context.Context
}

// NewQueue returns a queue on st for the node named node; Start starts
// its workers.
func NewQueue(cfg Config, st Store, node string) *Queue {
	cfg = cfg.withDefaults()
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Queue{cfg: cfg, now: now, store: st, node: node, sem: make(chan struct{}, cfg.Workers),
		nudge: make(chan struct{}, 1), base: ctx, cancel: cancel}
}

// Register sets the executor of kind; register every kind before Start.
func (q *Queue) Register(kind string, run Executor) { q.kinds.set(kind, run) }

// Start starts the workers, which claim queued jobs whenever a slot is
// free: woken by the Store's notifications, or every PollEvery.
func (q *Queue) Start() {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.started || q.closed {
		return
	}
	q.started = true
	wake := q.store.JobWakeups(q.base)
	q.wg.Add(1)
	go q.dispatch(wake)
}

// Enqueue stores a job of kind for owner; a worker of any node runs it.
func (q *Queue) Enqueue(ctx context.Context, owner, kind string, timeout time.Duration, payload any) (Job, error) {
	if owner == "" || timeout < 0 {
		return Job{}, ErrInvalid
	}
	b, _, err := q.kinds.encodePayload(kind, payload)
	if err != nil {
		return Job{}, err
	}
	if q.isClosed() {
		return Job{}, ErrClosed
	}
	if timeout == 0 || timeout > q.cfg.MaxTimeout {
		timeout = q.cfg.MaxTimeout
	}
	id, err := newID()
	if err != nil {
		return Job{}, err
	}
	j := Job{ID: id, Kind: kind, Status: StatusQueued, CreatedAt: q.now()}
	snap, err := json.Marshal(j)
	if err != nil {
		return Job{}, fmt.Errorf("jobs: encode job: %w", err)
	}
	rec := Record{ID: id, Owner: owner, Kind: kind, Payload: b, Timeout: timeout, Snapshot: snap, CreatedAt: j.CreatedAt}
	if err := q.store.AddJob(ctx, rec, q.cfg.PerOwner, q.cfg.MaxPending); err != nil {
		return Job{}, err
	}
	q.wake()
	return j, nil
}

// Get returns the owner's job as last saved by the node running it.
func (q *Queue) Get(owner, id string) (Job, bool) {
	ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
	defer cancel()
	b, ok, err := q.store.LoadJob(ctx, owner, id, q.now())
	if err != nil {
		slog.Error("jobs: shared job not read", slog.String("job", id), slog.Any("error", err))
		return Job{}, false
	}
	if !ok {
		return Job{}, false
	}
	j, err := decodeJob(b)
	if err != nil {
		slog.Error("jobs: shared job not decoded", slog.String("job", id), slog.Any("error", err))
		return Job{}, false
	}
	return j, true
}

// Close stops claiming, cancels this node's running jobs, which go back
// to the queue for another node, and waits for them (or for ctx). Handing
// a job back may take until ctx ends (at most the stale cut-off): a slow
// or failing store is retried meanwhile, not given up after one call.
func (q *Queue) Close(ctx context.Context) error {
	q.mu.Lock()
	q.closed = true
	if q.stopping == nil {
		q.stopping = ctx
	}
	q.mu.Unlock()
	q.cancel()
	done := make(chan struct{})
	go func() { q.wg.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("jobs: close: %w", ctx.Err())
	}
}

func (q *Queue) isClosed() bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.closed
}

// wake makes this node's dispatcher look for work now.
func (q *Queue) wake() {
	select {
	case q.nudge <- struct{}{}:
	default:
	}
}

// decodeJob reads a public snapshot, keeping the result as raw JSON.
func decodeJob(b []byte) (Job, error) {
	var j struct {
		Job
		Result json.RawMessage `json:"result,omitempty"`
	}
	if err := json.Unmarshal(b, &j); err != nil {
		return Job{}, fmt.Errorf("jobs: decode job: %w", err)
	}
	out := j.Job
	if len(j.Result) > 0 {
		out.Result = j.Result
	}
	return out, nil
}
