package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// progressSaveEvery bounds how often a running job's progress is saved
// between heartbeats.
const progressSaveEvery = time.Second

// errClaimLost cancels a job whose claim another node took over, or whose
// heartbeats could not be saved for so long that another node may.
var errClaimLost = errors.New("jobs: claim lost")

// dispatch claims jobs while slots are free and waits for a wake-up: a
// notification, a job queued or finished on this node, or the poll, which
// also queues again the jobs of stopped nodes.
func (q *Queue) dispatch(wake <-chan struct{}) {
	defer q.wg.Done()
	poll := time.NewTicker(q.cfg.PollEvery)
	defer poll.Stop()
	q.reap()
	for {
		q.fill()
		select {
		case <-q.base.Done():
			return
		case <-wake:
		case <-q.nudge:
		case <-poll.C:
			q.reap()
		}
	}
}

// fill claims queued jobs until the slots are full or none is left.
func (q *Queue) fill() {
	for q.base.Err() == nil {
		select {
		case q.sem <- struct{}{}:
		default:
			return
		}
		rec, ok := q.claim()
		if !ok {
			<-q.sem
			return
		}
		if q.base.Err() != nil { // claimed while closing: straight back
			q.release(Claim{ID: rec.ID, Node: q.node, Attempt: rec.Attempts})
			<-q.sem
			return
		}
		q.wg.Add(1)
		go q.run(rec)
	}
}

// claim takes the oldest queued job for this node. Close does not cancel
// a claim in flight: the database may make it after its caller gave up,
// leaving the job claimed by no one until it is stale (and failed, on its
// last attempt). fill hands a job claimed while closing straight back.
func (q *Queue) claim() (Record, bool) {
	ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
	defer cancel()
	rec, ok, err := q.store.ClaimJob(ctx, q.node, q.now())
	if err != nil && q.base.Err() == nil {
		slog.Error("jobs: queued job not claimed", slog.Any("error", err))
	}
	return rec, ok && err == nil
}

// reap queues again the running jobs whose node stopped, and fails those
// already claimed MaxAttempts times.
func (q *Queue) reap() {
	ctx, cancel := context.WithTimeout(q.base, storeTimeout)
	defer cancel()
	now := q.now()
	cutoff := now.Add(-q.cfg.StaleAfter)
	exhausted, err := q.store.RequeueStaleJobs(ctx, cutoff, q.cfg.MaxAttempts)
	if err != nil {
		if q.base.Err() == nil {
			slog.Error("jobs: stale jobs not queued again", slog.Any("error", err))
		}
		return
	}
	for _, rec := range exhausted {
		j, err := decodeJob(rec.Snapshot)
		if err != nil {
			j = Job{ID: rec.ID, Kind: rec.Kind, CreatedAt: rec.CreatedAt}
		}
		j.Result = nil
		j.settle(nil, Public(StoppedMessage), now)
		b, err := json.Marshal(j)
		if err == nil {
			_, err = q.store.FailStaleJob(ctx, rec, cutoff, b, now, now.Add(q.cfg.TTL))
		}
		if err != nil {
			slog.Error("jobs: stale job not failed", slog.String("job", rec.ID), slog.Any("error", err))
		}
	}
}

// run executes a claimed job, saving heartbeats while it runs and its
// outcome at the end; it frees the slot when the executor returned.
func (q *Queue) run(rec Record) {
	defer q.wg.Done()
	defer q.wake()
	defer func() { <-q.sem }()
	c := Claim{ID: rec.ID, Node: q.node, Attempt: rec.Attempts}
	t := newTracked(rec, q.now())
	if ok, err := q.save(c, t, false); err != nil || !ok {
		return // not started: the claim is lost, or it is queued again when stale
	}
	ctx, lose := context.WithCancelCause(q.base)
	defer lose(nil)
	stop, beating := make(chan struct{}), make(chan struct{})
	go func() { defer close(beating); q.heartbeat(c, t, stop, lose) }()
	v, wait, err := q.execute(context.WithValue(ctx, progressKey{}, t.setProgress), rec)
	close(stop)
	<-beating
	defer wait()
	switch {
	case errors.Is(context.Cause(ctx), errClaimLost):
		slog.Warn("jobs: job taken over by another node", slog.String("job", rec.ID))
	case err != nil && q.base.Err() != nil:
		q.release(c)
	default:
		t.settle(v, err, q.now())
		if _, err := q.save(c, t, true); err != nil {
			slog.Error("jobs: outcome not saved", slog.String("job", rec.ID), slog.Any("error", err))
		}
	}
}

// execute runs the kind's executor within the job's timeout. It returns
// at the timeout; wait returns when the executor did.
func (q *Queue) execute(ctx context.Context, rec Record) (v any, wait func(), err error) {
	run, ok := q.kinds.get(rec.Kind)
	if !ok {
		return nil, func() {}, fmt.Errorf("jobs: no executor for kind %q", rec.Kind)
	}
	ctx, cancel := context.WithTimeout(ctx, rec.Timeout)
	type outcome struct {
		v   any
		err error
	}
	ch := make(chan outcome, 1)
	go func() {
		v, err := safeCall(ctx, func(ctx context.Context) (any, error) { return run(ctx, rec.Owner, rec.Payload) })
		ch <- outcome{v, err}
	}()
	select {
	case o := <-ch:
		cancel()
		return o.v, func() {}, o.err
	case <-ctx.Done():
		return nil, func() { <-ch; cancel() }, ctx.Err()
	}
}

// heartbeat saves the running job's snapshot every HeartbeatEvery (and
// its progress at most every progressSaveEvery) until stop is closed. It
// cancels the job when its claim was taken over, or when no heartbeat
// could be saved for so long that another node may take it over.
func (q *Queue) heartbeat(c Claim, t *tracked, stop <-chan struct{}, lose context.CancelCauseFunc) {
	tick := time.NewTicker(q.cfg.HeartbeatEvery)
	defer tick.Stop()
	saved := q.now()
	for {
		select {
		case <-stop:
			return
		case <-tick.C:
		case <-t.dirty:
			if q.now().Sub(saved) < progressSaveEvery {
				continue
			}
		}
		ok, err := q.save(c, t, false)
		switch {
		case err == nil && !ok:
			lose(errClaimLost)
			return
		case err == nil:
			saved = q.now()
		case q.now().Sub(saved) >= q.cfg.StaleAfter*2/3:
			slog.Error("jobs: heartbeat not saved; stopping the job before another node takes it over",
				slog.String("job", c.ID), slog.Any("error", err))
			lose(errClaimLost)
			return
		}
	}
}

// save saves the tracked job's snapshot under claim c.
func (q *Queue) save(c Claim, t *tracked, final bool) (bool, error) {
	ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
	defer cancel()
	now := q.now()
	return q.store.SaveClaimedJob(ctx, c, t.snapshot(), final, now, now.Add(q.cfg.TTL))
}

// releaseRetry is the wait before a failed hand-back is tried again.
const releaseRetry = 250 * time.Millisecond

// release hands a job this node stops back to the queue and logs the
// outcome: handed back, nothing to hand back (the claim is gone), or not
// handed back. A failing or slow store is retried until Close's context
// ends or the stale cut-off passed, when another node takes the job over
// anyway; never for longer.
func (q *Queue) release(c Claim) {
	ctx, cancel := context.WithTimeout(q.stoppingContext(), q.cfg.StaleAfter)
	defer cancel()
	for tries := 1; ; tries++ {
		ok, err := q.store.ReleaseJob(ctx, c)
		switch {
		case err == nil && ok:
			slog.Info("jobs: job handed back to the queue", slog.String("job", c.ID))
			return
		case err == nil:
			slog.Warn("jobs: nothing to hand back; the job was queued again, taken over or finished meanwhile",
				slog.String("job", c.ID), slog.Int("attempt", c.Attempt))
			return
		}
		select {
		case <-ctx.Done():
			slog.Error("jobs: job not handed back; it runs again once its heartbeat is stale",
				slog.String("job", c.ID), slog.Any("error", err))
			return
		case <-time.After(releaseRetry):
			if tries == 1 {
				slog.Warn("jobs: job not handed back yet; trying again while the shutdown allows",
					slog.String("job", c.ID), slog.Any("error", err))
			}
		}
	}
}

// stoppingContext is Close's context (Background before Close).
func (q *Queue) stoppingContext() context.Context {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.stopping == nil {
		return context.Background()
	}
	return q.stopping
}

// tracked is the public state of a job running on this node.
type tracked struct {
	mu    sync.Mutex
	job   Job
	dirty chan struct{}
}

// newTracked starts the job of rec at now.
func newTracked(rec Record, now time.Time) *tracked {
	j, err := decodeJob(rec.Snapshot)
	if err != nil {
		j = Job{ID: rec.ID, Kind: rec.Kind, CreatedAt: rec.CreatedAt}
	}
	j.Status, j.StartedAt, j.Progress, j.Error, j.Result, j.FinishedAt = StatusRunning, &now, 0, "", nil, nil
	return &tracked{job: j, dirty: make(chan struct{}, 1)}
}

func (t *tracked) setProgress(f float64) {
	t.mu.Lock()
	t.job.Progress = f
	t.mu.Unlock()
	select {
	case t.dirty <- struct{}{}:
	default:
	}
}

func (t *tracked) settle(v any, err error, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.job.settle(v, err, now)
}

// snapshot encodes the job; a result that cannot be encoded fails it.
func (t *tracked) snapshot() []byte {
	t.mu.Lock()
	defer t.mu.Unlock()
	b, err := json.Marshal(t.job)
	if err == nil {
		return b
	}
	slog.Error("jobs: result not encoded", slog.String("job", t.job.ID), slog.Any("error", err))
	t.job.Result, t.job.Progress = nil, 0
	t.job.Status, t.job.Error = StatusFailed, GenericFailure
	b, _ = json.Marshal(t.job)
	return b
}
