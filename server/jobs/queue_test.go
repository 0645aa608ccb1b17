package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeStore is a shared queue holding one job, for the shutdown paths of
// the Queue. Like a database it commits a statement whatever becomes of
// the caller: a claim whose context ends while it runs is still made,
// only its answer is lost.
type fakeStore struct {
	mu    sync.Mutex
	rec   Record
	state string // queued, running, finished
	// onClaim runs inside ClaimJob before the claim is made.
	onClaim func(ctx context.Context)
	// releaseTakes is how long ReleaseJob's statement takes: it fails
	// when its context does not allow that long.
	releaseTakes time.Duration
	// releaseFails is how many ReleaseJob calls fail before one works.
	releaseFails int
	releases     int
}

func newFakeStore() *fakeStore {
	snap, _ := json.Marshal(Job{ID: "job1", Kind: "work", Status: StatusQueued})
	return &fakeStore{state: "queued", rec: Record{ID: "job1", Owner: "alice", Kind: "work", Payload: []byte("null"),
		Timeout: time.Minute, Snapshot: snap}}
}

func (f *fakeStore) AddJob(context.Context, Record, int, int) error {
	return errors.New("fake: no AddJob")
}

func (f *fakeStore) ClaimJob(ctx context.Context, node string, _ time.Time) (Record, bool, error) {
	f.mu.Lock()
	queued := f.state == "queued"
	f.mu.Unlock()
	if !queued {
		return Record{}, false, nil
	}
	if f.onClaim != nil {
		f.onClaim(ctx)
	}
	f.mu.Lock()
	f.state, f.rec.Node = "running", node
	f.rec.Attempts++
	rec := f.rec
	f.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return Record{}, false, err // committed; the answer is lost
	}
	return rec, true, nil
}

func (f *fakeStore) holds(c Claim) bool {
	return f.state == "running" && f.rec.Node == c.Node && f.rec.Attempts == c.Attempt
}

func (f *fakeStore) SaveClaimedJob(_ context.Context, c Claim, snap []byte, final bool, _, _ time.Time) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.holds(c) {
		return false, nil
	}
	f.rec.Snapshot = snap
	if final {
		f.state = "finished"
	}
	return true, nil
}

func (f *fakeStore) ReleaseJob(ctx context.Context, c Claim) (bool, error) {
	f.mu.Lock()
	f.releases++
	failing := f.releases <= f.releaseFails
	f.mu.Unlock()
	if failing {
		return false, errors.New("fake: connection refused")
	}
	if d, ok := ctx.Deadline(); ok && time.Until(d) < f.releaseTakes {
		<-ctx.Done()
		return false, ctx.Err()
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.holds(c) {
		return false, nil
	}
	f.state, f.rec.Node = "queued", ""
	f.rec.Attempts--
	return true, nil
}

func (f *fakeStore) RequeueStaleJobs(context.Context, time.Time, int) ([]Record, error) {
	return nil, nil
}

func (f *fakeStore) FailStaleJob(context.Context, Record, time.Time, []byte, time.Time, time.Time) (bool, error) {
	return false, nil
}

func (f *fakeStore) LoadJob(context.Context, string, string, time.Time) ([]byte, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.rec.Snapshot, true, nil
}

func (f *fakeStore) JobWakeups(context.Context) <-chan struct{} { return make(chan struct{}) }

// state returns the job's state and attempts.
func (f *fakeStore) job() (string, int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.state, f.rec.Attempts
}

// captureLogs sends the default logger's lines to the returned builder
// until the test ends.
func captureLogs(t *testing.T) *syncBuilder {
	t.Helper()
	b := &syncBuilder{}
	prev := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(b, nil)))
	t.Cleanup(func() { slog.SetDefault(prev) })
	return b
}

type syncBuilder struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuilder) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuilder) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// shutdownConfig: one worker, and no heartbeat or poll during a test.
var shutdownConfig = Config{Workers: 1, HeartbeatEvery: time.Hour, PollEvery: time.Hour}

// TestQueueCloseHandsBackRunningJob: Close hands the running job back
// (the attempt not counted) also when the store is slower than one
// call's timeout or fails for a while, within Close's context; the
// outcome is logged. A release that finds the claim gone says so.
func TestQueueCloseHandsBackRunningJob(t *testing.T) {
	cases := []struct {
		name string
		// prepare changes the store once the job runs.
		prepare    func(f *fakeStore)
		closeAfter time.Duration // Close's context; 0: none
		wantState  string
		wantTries  int
		wantLog    string
		wantErr    bool
	}{
		{name: "prompt store", wantState: "queued", wantTries: 1, wantLog: "jobs: job handed back"},
		{name: "store slower than one call's timeout", prepare: func(f *fakeStore) { f.releaseTakes = storeTimeout + time.Second },
			wantState: "queued", wantTries: 1, wantLog: "jobs: job handed back"},
		{name: "store failing twice", prepare: func(f *fakeStore) { f.releaseFails = 2 },
			wantState: "queued", wantTries: 3, wantLog: "jobs: job handed back"},
		{name: "claim taken over meanwhile", prepare: func(f *fakeStore) { f.rec.Node = "another node" },
			wantState: "running", wantTries: 1, wantLog: "jobs: nothing to hand back"},
		{name: "Close's context ends first", prepare: func(f *fakeStore) { f.releaseTakes = time.Hour },
			closeAfter: 50 * time.Millisecond, wantState: "running", wantTries: 1, wantLog: "jobs: job not handed back", wantErr: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			logs := captureLogs(t)
			f := newFakeStore()
			q := NewQueue(shutdownConfig, f, "node-a")
			started := make(chan struct{})
			q.Register("work", func(ctx context.Context, _ string, _ []byte) (any, error) {
				close(started)
				<-ctx.Done()
				return nil, ctx.Err()
			})
			q.Start()
			<-started
			if tc.prepare != nil {
				f.mu.Lock()
				tc.prepare(f)
				f.mu.Unlock()
			}
			ctx := context.Background()
			if tc.closeAfter > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tc.closeAfter)
				defer cancel()
			}
			if err := q.Close(ctx); (err != nil) != tc.wantErr {
				t.Fatalf("Close: %v", err)
			}
			q.wg.Wait()
			state, attempts := f.job()
			if state != tc.wantState || (state == "queued" && attempts != 0) {
				t.Errorf("after Close the job is %s (attempts %d), want %s", state, attempts, tc.wantState)
			}
			if f.releases != tc.wantTries {
				t.Errorf("%d release calls, want %d", f.releases, tc.wantTries)
			}
			if !strings.Contains(logs.String(), tc.wantLog) {
				t.Errorf("logs lack %q:\n%s", tc.wantLog, logs.String())
			}
		})
	}
}

// TestQueueCloseHandsBackClaimInFlight: a claim that Close interrupts
// is still made by the database; the queue must learn of it and hand the
// job back rather than leave it claimed by no one until it is stale.
func TestQueueCloseHandsBackClaimInFlight(t *testing.T) {
	f := newFakeStore()
	q := NewQueue(shutdownConfig, f, "node-a")
	claiming, proceed := make(chan struct{}), make(chan struct{})
	var once sync.Once
	f.onClaim = func(context.Context) {
		once.Do(func() { close(claiming); <-proceed })
	}
	ran := make(chan struct{}, 1)
	q.Register("work", func(ctx context.Context, _ string, _ []byte) (any, error) {
		ran <- struct{}{}
		return "ran", nil
	})
	q.Start()
	<-claiming
	closed := make(chan error, 1)
	go func() { closed <- q.Close(context.Background()) }()
	<-q.base.Done() // Close has begun: the claim is in flight
	close(proceed)
	if err := <-closed; err != nil {
		t.Fatal(err)
	}
	if state, attempts := f.job(); state != "queued" || attempts != 0 {
		t.Fatalf("the job claimed while closing is %s (attempts %d), want queued with none", state, attempts)
	}
	select {
	case <-ran:
		t.Error("a job claimed while closing was run")
	default:
	}
}
