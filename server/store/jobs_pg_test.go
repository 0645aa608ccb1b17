package store

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/fortfolio/fortfolio/server/jobs"
	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/server/store/pgtest"
)

// queueNode is one node of the shared job queue: its own data directory
// (so its own node id) on the shared database.
type queueNode struct {
	store *Store
	queue *jobs.Queue
}

// newQueueNode opens a node on url whose executor of kind "work" is run;
// start starts its workers.
func newQueueNode(t *testing.T, url string, cfg jobs.Config, run jobs.Executor, start bool) queueNode {
	t.Helper()
	s, err := Open(context.Background(), t.TempDir(), WithDatabase(url))
	if err != nil {
		t.Fatal(err)
	}
	q := jobs.NewQueue(cfg, s, s.NodeID())
	q.Register("work", run)
	if start {
		q.Start()
	}
	t.Cleanup(func() {
		_ = q.Close(context.Background())
		_ = s.Close()
	})
	return queueNode{store: s, queue: q}
}

// ahead is a clock running d ahead of the real one.
func ahead(d time.Duration) func() time.Time { return func() time.Time { return time.Now().Add(d) } }

// waitJob polls the node until the job finished (the deadline only guards
// hangs).
func waitJob(t *testing.T, n queueNode, owner, id string) jobs.Job {
	t.Helper()
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if j, ok := n.queue.Get(owner, id); ok && j.Finished() {
			return j
		}
	}
	t.Fatalf("job %s did not finish", id)
	return jobs.Job{}
}

// waitFor waits for a signal (the deadline only guards hangs).
func waitFor(t *testing.T, ch <-chan string, what string) string {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(60 * time.Second):
		t.Fatalf("%s did not happen", what)
		return ""
	}
}

// resultOf is a polled job's result as JSON.
func resultOf(j jobs.Job) string {
	raw, _ := j.Result.(json.RawMessage)
	return string(raw)
}

// blocking is an executor that reports its start on started and runs
// until its context ends.
func blocking(node string, started chan<- string) jobs.Executor {
	return func(ctx context.Context, _ string, _ []byte) (any, error) {
		started <- node
		<-ctx.Done()
		return nil, ctx.Err()
	}
}

// TestQueueRunsEachJobOnce: jobs queued on node A are claimed by the
// workers of both nodes, each run exactly once, and every result is
// visible from both nodes (to its owner only).
func TestQueueRunsEachJobOnce(t *testing.T) {
	url := pgtest.URL(t)
	var mu sync.Mutex
	runs := map[int]int{}
	count := func(node string) jobs.Executor {
		return func(_ context.Context, _ string, payload []byte) (any, error) {
			var in struct{ N int }
			if err := json.Unmarshal(payload, &in); err != nil {
				return nil, err
			}
			mu.Lock()
			runs[in.N]++
			mu.Unlock()
			return map[string]any{"n": in.N, "node": node}, nil
		}
	}
	cfg := jobs.Config{Workers: 2, PerOwner: 20}
	a := newQueueNode(t, url, cfg, count("A"), true)
	b := newQueueNode(t, url, cfg, count("B"), true)
	const n = 12
	ids := make([]string, n)
	for i := range n {
		j, err := a.queue.Enqueue(context.Background(), "alice", "work", time.Minute, map[string]int{"n": i})
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = j.ID
	}
	for i, id := range ids {
		for name, node := range map[string]queueNode{"A": a, "B": b} {
			j := waitJob(t, node, "alice", id)
			var out struct{ N int }
			if err := json.Unmarshal([]byte(resultOf(j)), &out); j.Status != jobs.StatusDone || err != nil || out.N != i {
				t.Errorf("job %d on node %s: %+v", i, name, j)
			}
		}
		if _, ok := b.queue.Get("mallory", id); ok {
			t.Errorf("another owner sees job %d", i)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	for i := range n {
		if runs[i] != 1 {
			t.Errorf("job %d ran %d times, want once", i, runs[i])
		}
	}
}

// TestQueueTakeover: node A stops mid-job (its heartbeat stops: a dead
// node); once the heartbeat is stale, node B claims the job again and
// finishes it, and the result is visible from both. A's late outcome
// changes nothing.
func TestQueueTakeover(t *testing.T) {
	url := pgtest.URL(t)
	release := make(chan struct{})
	started := make(chan string, 4)
	var aRuns, bRuns atomic.Int32
	// A's only worker is stuck in the job and its heartbeat stops.
	a := newQueueNode(t, url, jobs.Config{Workers: 1, HeartbeatEvery: time.Hour}, func(ctx context.Context, _ string, _ []byte) (any, error) {
		aRuns.Add(1)
		started <- "A"
		<-release
		return "from A", nil
	}, true)
	j, err := a.queue.Enqueue(context.Background(), "alice", "work", time.Minute, nil)
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, started, "node A's start")
	if got, _ := a.queue.Get("alice", j.ID); got.Status != jobs.StatusRunning {
		t.Fatalf("while A runs it: %+v", got)
	}
	// B's clock is past A's last heartbeat by more than thirty seconds.
	b := newQueueNode(t, url, jobs.Config{Now: ahead(31 * time.Second)}, func(context.Context, string, []byte) (any, error) {
		bRuns.Add(1)
		return "from B", nil
	}, true)
	for name, n := range map[string]queueNode{"A": a, "B": b} {
		got := waitJob(t, n, "alice", j.ID)
		if got.Status != jobs.StatusDone || resultOf(got) != `"from B"` {
			t.Errorf("node %s sees %+v", name, got)
		}
	}
	close(release)
	if err := a.queue.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got, _ := b.queue.Get("alice", j.ID); resultOf(got) != `"from B"` {
		t.Errorf("after A's executor returned: %+v", got)
	}
	if aRuns.Load() != 1 || bRuns.Load() != 1 {
		t.Errorf("runs: A %d, B %d; want one each", aRuns.Load(), bRuns.Load())
	}
}

// TestQueueNoTakeoverWhileAlive: a job whose node keeps its heartbeat is
// never queued again; when its claim is taken over anyway, its node stops
// running it at its next heartbeat, so two nodes never go on running it.
func TestQueueNoTakeoverWhileAlive(t *testing.T) {
	url := pgtest.URL(t)
	started, stopped := make(chan string, 4), make(chan string, 4)
	a := newQueueNode(t, url, jobs.Config{HeartbeatEvery: 5 * time.Millisecond}, func(ctx context.Context, _ string, _ []byte) (any, error) {
		started <- "A"
		<-ctx.Done()
		stopped <- "A"
		return nil, ctx.Err()
	}, true)
	other := newQueueNode(t, url, jobs.Config{}, blocking("B", started), false)
	j, err := a.queue.Enqueue(context.Background(), "alice", "work", time.Minute, nil)
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, started, "node A's start")
	ctx := context.Background()
	for range 3 {
		time.Sleep(20 * time.Millisecond) // a few of A's heartbeats
		stale, err := other.store.RequeueStaleJobs(ctx, time.Now().Add(-30*time.Second), 2)
		if err != nil || len(stale) != 0 {
			t.Fatalf("stale jobs: %v %v", stale, err)
		}
		if rec, ok, err := other.store.ClaimJob(ctx, "B", time.Now()); ok || err != nil {
			t.Fatalf("node B claimed the job A runs: %+v %v", rec, err)
		}
	}
	// Force the take-over (as if A's heartbeats had been late and B had
	// claimed it): A learns it at its next heartbeat and stops.
	if _, err := other.store.db.ExecContext(ctx, `UPDATE jobs SET node_id = ?, attempts = attempts + 1 WHERE id = ?`,
		other.store.NodeID(), j.ID); err != nil {
		t.Fatal(err)
	}
	waitFor(t, stopped, "node A stopping the job it lost")
	if got, _ := a.queue.Get("alice", j.ID); got.Finished() {
		t.Errorf("A's stop finished the job B holds: %+v", got)
	}
}

// TestQueueAttemptsExhausted: a job whose node stopped on each of its
// MaxAttempts claims is failed with a clear message, not queued again.
func TestQueueAttemptsExhausted(t *testing.T) {
	url := pgtest.URL(t)
	started := make(chan string, 4)
	dead := jobs.Config{Workers: 1, HeartbeatEvery: time.Hour, MaxAttempts: 2}
	a := newQueueNode(t, url, dead, blocking("A", started), true)
	j, err := a.queue.Enqueue(context.Background(), "alice", "work", time.Minute, nil)
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, started, "the first attempt")
	dead.Now = ahead(31 * time.Second)
	newQueueNode(t, url, dead, blocking("B", started), true)
	if got := waitFor(t, started, "the second attempt"); got != "B" {
		t.Fatalf("second attempt on %s", got)
	}
	c := newQueueNode(t, url, jobs.Config{MaxAttempts: 2, Now: ahead(70 * time.Second)}, blocking("C", started), true)
	got := waitJob(t, c, "alice", j.ID)
	if got.Status != jobs.StatusFailed || got.Error != jobs.StoppedMessage {
		t.Fatalf("after two stopped attempts: %+v", got)
	}
	if got, _ := a.queue.Get("alice", j.ID); got.Status != jobs.StatusFailed {
		t.Errorf("node A sees %+v", got)
	}
	select {
	case n := <-started:
		t.Errorf("a third attempt started on %s", n)
	default:
	}
}

// TestQueueBoundsAcrossNodes: the per-owner and total bounds count every
// node's jobs, also when one owner queues on two nodes at once.
func TestQueueBoundsAcrossNodes(t *testing.T) {
	url := pgtest.URL(t)
	cfg := jobs.Config{PerOwner: 2, MaxPending: 5}
	idle := func(context.Context, string, []byte) (any, error) { return nil, nil }
	nodes := []queueNode{newQueueNode(t, url, cfg, idle, false), newQueueNode(t, url, cfg, idle, false)}
	ctx := context.Background()
	var ok, limited atomic.Int32
	var wg sync.WaitGroup
	for i := range 10 {
		wg.Go(func() {
			_, err := nodes[i%2].queue.Enqueue(ctx, "alice", "work", time.Minute, nil)
			switch {
			case err == nil:
				ok.Add(1)
			case errors.Is(err, jobs.ErrTooManyJobs):
				limited.Add(1)
			default:
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if ok.Load() != 2 || limited.Load() != 8 {
		t.Fatalf("alice on two nodes at once: %d queued, %d refused; want 2 and 8", ok.Load(), limited.Load())
	}
	for i, owner := range []string{"bob", "bob", "carol"} {
		if _, err := nodes[i%2].queue.Enqueue(ctx, owner, "work", time.Minute, nil); err != nil {
			t.Fatalf("%s's job: %v", owner, err)
		}
	}
	if _, err := nodes[1].queue.Enqueue(ctx, "dave", "work", time.Minute, nil); !errors.Is(err, jobs.ErrBusy) {
		t.Fatalf("a sixth unfinished job: %v, want ErrBusy", err)
	}
}

// TestQueueRefusesChangedPayload: a job whose portfolio was deleted
// between queueing and running fails with the executor's public message.
func TestQueueRefusesChangedPayload(t *testing.T) {
	url := pgtest.URL(t)
	var s *Store
	gone := jobs.Public("The portfolio was deleted before the computation started.")
	run := func(ctx context.Context, owner string, payload []byte) (any, error) {
		var in struct{ Portfolio string }
		if err := json.Unmarshal(payload, &in); err != nil {
			return nil, err
		}
		if _, err := s.GetPortfolio(ctx, owner, in.Portfolio); errors.Is(err, model.ErrNotFound) {
			return nil, gone
		} else if err != nil {
			return nil, err
		}
		return "ran", nil
	}
	n := newQueueNode(t, url, jobs.Config{}, run, false)
	s = n.store
	ctx := context.Background()
	owner := NewID()
	p, err := s.CreatePortfolio(ctx, owner, "Main", "", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	j, err := n.queue.Enqueue(ctx, owner, "work", time.Minute, map[string]string{"portfolio": p.ID})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.DeletePortfolio(ctx, owner, p.ID); err != nil {
		t.Fatal(err)
	}
	n.queue.Start()
	if got := waitJob(t, n, owner, j.ID); got.Status != jobs.StatusFailed || got.Error != gone.Error() {
		t.Fatalf("job of a deleted portfolio: %+v", got)
	}
}

// TestQueueShutdownHandsJobsBack: a node that shuts down puts its running
// job back in the queue without spending an attempt, and another node
// runs it; also when the job's row is locked for longer than one store
// call may take (a slow database): the hand-back waits, within Close's
// context, instead of leaving the job to fail once it is stale.
func TestQueueShutdownHandsJobsBack(t *testing.T) {
	cases := []struct {
		name string
		lock time.Duration // how long another transaction holds the job's row during Close
	}{
		{name: "prompt store"},
		{name: "row locked longer than one store call", lock: 6 * time.Second},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			url := pgtest.URL(t)
			started := make(chan string, 4)
			a := newQueueNode(t, url, jobs.Config{MaxAttempts: 1}, blocking("A", started), true)
			j, err := a.queue.Enqueue(context.Background(), "alice", "work", time.Minute, nil)
			if err != nil {
				t.Fatal(err)
			}
			waitFor(t, started, "node A's start")
			if tc.lock > 0 {
				holdRow(t, url, j.ID, tc.lock)
			}
			if err := a.queue.Close(context.Background()); err != nil {
				t.Fatal(err)
			}
			var state string
			if err := a.store.db.QueryRowContext(context.Background(), `SELECT state FROM jobs WHERE id = ?`, j.ID).Scan(&state); err != nil || state != "queued" {
				t.Fatalf("after Close the job is %q (%v), want queued", state, err)
			}
			b := newQueueNode(t, url, jobs.Config{MaxAttempts: 1}, func(context.Context, string, []byte) (any, error) { return "B", nil }, true)
			if got := waitJob(t, b, "alice", j.ID); got.Status != jobs.StatusDone {
				t.Fatalf("the job A handed back: %+v", got)
			}
		})
	}
}

// holdRow locks the job's row in a transaction of its own for d.
func holdRow(t *testing.T, url, id string, d time.Duration) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	tx, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, `SELECT 1 FROM jobs WHERE id = $1 FOR UPDATE`, id); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		time.Sleep(d)
		_ = tx.Rollback(ctx)
		_ = conn.Close(ctx)
	}()
	t.Cleanup(func() { <-done })
}

// TestQueueNotifiesOtherNodes: a job queued on a node without workers is
// run by the other node at once, woken by the notification rather than
// its (here hour-long) poll.
func TestQueueNotifiesOtherNodes(t *testing.T) {
	url := pgtest.URL(t)
	idle := func(context.Context, string, []byte) (any, error) { return "done", nil }
	producer := newQueueNode(t, url, jobs.Config{}, idle, false)
	worker := newQueueNode(t, url, jobs.Config{PollEvery: time.Hour}, idle, true)
	// The first job runs once the worker listens (the poll never comes);
	// the second one is queued while it listens.
	for i := range 2 {
		j, err := producer.queue.Enqueue(context.Background(), "alice", "work", time.Minute, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := waitJob(t, worker, "alice", j.ID); got.Status != jobs.StatusDone {
			t.Fatalf("job %d: %+v", i, got)
		}
	}
}

// TestReleaseJob: a release hands back only the claim it names, the
// attempt not counted, and wakes the nodes in the same statement; one that
// matches no running claim (an older attempt, another node, a job queued
// again or finished meanwhile) reports false and wakes no one.
func TestReleaseJob(t *testing.T) {
	url := pgtest.URL(t)
	idle := func(context.Context, string, []byte) (any, error) { return nil, nil }
	n := newQueueNode(t, url, jobs.Config{}, idle, false)
	s := n.store
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	wake := s.JobWakeups(ctx)
	waitWake := func(what string) {
		t.Helper()
		select {
		case <-wake:
		case <-time.After(60 * time.Second):
			t.Fatalf("no notification for %s", what)
		}
	}
	waitWake("the listener") // it signals once when it listens
	cases := []struct {
		name    string
		claim   func(c jobs.Claim) jobs.Claim
		prepare string // SQL run on the claimed job (id = ?) before the release
		want    bool
	}{
		{name: "the current claim", want: true},
		{name: "an earlier attempt", claim: func(c jobs.Claim) jobs.Claim { c.Attempt--; return c }},
		{name: "another node", claim: func(c jobs.Claim) jobs.Claim { c.Node = "another"; return c }},
		{name: "queued again meanwhile", prepare: `UPDATE jobs SET state = 'queued', node_id = '' WHERE id = ?`},
		{name: "finished meanwhile", prepare: `UPDATE jobs SET state = 'finished', finished = 1 WHERE id = ?`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := s.db.ExecContext(ctx, `DELETE FROM jobs`); err != nil {
				t.Fatal(err)
			}
			j, err := n.queue.Enqueue(ctx, "alice", "work", time.Minute, nil)
			if err != nil {
				t.Fatal(err)
			}
			waitWake("the queued job")
			rec, ok, err := s.ClaimJob(ctx, s.NodeID(), time.Now())
			if err != nil || !ok || rec.ID != j.ID {
				t.Fatalf("claim: %+v %v %v", rec, ok, err)
			}
			c := jobs.Claim{ID: rec.ID, Node: rec.Node, Attempt: rec.Attempts}
			if tc.claim != nil {
				c = tc.claim(c)
			}
			if tc.prepare != "" {
				if _, err := s.db.ExecContext(ctx, tc.prepare, rec.ID); err != nil {
					t.Fatal(err)
				}
			}
			got, err := s.ReleaseJob(ctx, c)
			if err != nil || got != tc.want {
				t.Fatalf("release: %v %v, want %v", got, err, tc.want)
			}
			if !tc.want {
				select {
				case <-wake:
					t.Fatal("a release that handed nothing back woke the nodes")
				case <-time.After(300 * time.Millisecond):
				}
				return
			}
			waitWake("the handed-back job")
			var state, node string
			var attempts int
			if err := s.db.QueryRowContext(ctx, `SELECT state, node_id, attempts FROM jobs WHERE id = ?`, rec.ID).
				Scan(&state, &node, &attempts); err != nil {
				t.Fatal(err)
			}
			snap, _, err := s.LoadJob(ctx, "alice", rec.ID, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			var pub jobs.Job
			if err := json.Unmarshal(snap, &pub); err != nil {
				t.Fatal(err)
			}
			if state != "queued" || node != "" || attempts != 0 || pub.Status != jobs.StatusQueued || pub.StartedAt != nil {
				t.Fatalf("handed back: state %s node %q attempts %d snapshot %s", state, node, attempts, snap)
			}
		})
	}
}
