package jobs

import (
	"context"
	"errors"
	"regexp"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// wait polls until the job is finished (the deadline only guards hangs).
func wait(t *testing.T, r *Registry, owner, id string) Job {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		j, ok := r.Get(owner, id)
		if !ok {
			t.Fatalf("job %s not found", id)
		}
		if j.Finished() {
			return j
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatalf("job %s did not finish", id)
	return Job{}
}

func TestOutcomes(t *testing.T) {
	t.Parallel()
	block := make(chan struct{})
	tests := []struct {
		name    string
		timeout time.Duration
		fn      func(context.Context) (any, error)
		status  Status
		result  any
		msg     string
	}{
		{"done", time.Second, func(context.Context) (any, error) { return 42, nil }, StatusDone, 42, ""},
		{"internal error hidden", time.Second, func(context.Context) (any, error) { return nil, errors.New("db: secret path /x") }, StatusFailed, nil, GenericFailure},
		{"public error", time.Second, func(context.Context) (any, error) { return nil, Public("infeasible constraints") }, StatusFailed, nil, "infeasible constraints"},
		{"panic", time.Second, func(context.Context) (any, error) { panic("boom") }, StatusFailed, nil, GenericFailure},
		{"timeout honoured", 20 * time.Millisecond, func(ctx context.Context) (any, error) { <-ctx.Done(); return nil, ctx.Err() }, StatusTimeout, nil, TimeoutMessage},
		{"timeout ignored by fn", 20 * time.Millisecond, func(context.Context) (any, error) { <-block; return 1, nil }, StatusTimeout, nil, TimeoutMessage},
	}
	r := New(Config{Workers: 2, PerOwner: 10})
	defer close(block)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			j, err := r.Submit("alice", "test", tc.timeout, tc.fn)
			if err != nil {
				t.Fatal(err)
			}
			got := wait(t, r, "alice", j.ID)
			if got.Status != tc.status || got.Result != tc.result || got.Error != tc.msg {
				t.Fatalf("job = %+v", got)
			}
		})
	}
}

func TestOwnerIsolationAndIDs(t *testing.T) {
	t.Parallel()
	r := New(Config{})
	idRe := regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)
	seen := map[string]bool{}
	for range 3 {
		j, err := r.Submit("alice", "k", 0, func(context.Context) (any, error) { return "x", nil })
		if err != nil {
			t.Fatal(err)
		}
		if !idRe.MatchString(j.ID) || len(j.ID) < 20 || seen[j.ID] {
			t.Fatalf("bad id %q", j.ID)
		}
		seen[j.ID] = true
		wait(t, r, "alice", j.ID)
		if _, ok := r.Get("mallory", j.ID); ok {
			t.Fatal("other owner sees the job")
		}
	}
	if _, ok := r.Get("alice", "nope"); ok {
		t.Fatal("unknown id found")
	}
}

func TestPerOwnerCapAndWorkerBound(t *testing.T) {
	t.Parallel()
	r := New(Config{Workers: 2, PerOwner: 3})
	release := make(chan struct{})
	var running, peak atomic.Int32
	fn := func(context.Context) (any, error) {
		n := running.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		<-release
		running.Add(-1)
		return nil, nil
	}
	var ids []string
	for _, owner := range []string{"a", "a", "a", "b", "b"} {
		j, err := r.Submit(owner, "k", time.Minute, fn)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, j.ID)
	}
	if _, err := r.Submit("a", "k", time.Minute, fn); !errors.Is(err, ErrTooManyJobs) {
		t.Fatalf("4th job of a: %v", err)
	}
	close(release)
	owners := []string{"a", "a", "a", "b", "b"}
	for i, id := range ids {
		wait(t, r, owners[i], id)
	}
	if p := peak.Load(); p > 2 || p < 1 {
		t.Fatalf("peak concurrency %d, want 1..2", p)
	}
	if _, err := r.Submit("a", "k", time.Minute, fn); err != nil {
		t.Fatalf("cap not released: %v", err)
	}
}

func TestTTLExpiry(t *testing.T) {
	t.Parallel()
	r := New(Config{TTL: time.Minute})
	var mu sync.Mutex
	now := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	r.now = func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	j, err := r.Submit("a", "k", 0, func(context.Context) (any, error) { return 1, nil })
	if err != nil {
		t.Fatal(err)
	}
	wait(t, r, "a", j.ID)
	mu.Lock()
	now = now.Add(59 * time.Second)
	mu.Unlock()
	if _, ok := r.Get("a", j.ID); !ok {
		t.Fatal("expired too early")
	}
	mu.Lock()
	now = now.Add(2 * time.Second)
	mu.Unlock()
	if _, ok := r.Get("a", j.ID); ok {
		t.Fatal("not expired after TTL")
	}
}

func TestInvalidAndClose(t *testing.T) {
	t.Parallel()
	r := New(Config{Workers: 1})
	ok := func(context.Context) (any, error) { return nil, nil }
	tests := []struct {
		name  string
		owner string
		kind  string
		to    time.Duration
		fn    func(context.Context) (any, error)
	}{
		{"no owner", "", "k", 0, ok}, {"no kind", "a", "", 0, ok}, {"nil fn", "a", "k", 0, nil}, {"negative timeout", "a", "k", -1, ok},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := r.Submit(tc.owner, tc.kind, tc.to, tc.fn); !errors.Is(err, ErrInvalid) {
				t.Fatalf("err = %v", err)
			}
		})
	}
	j, err := r.Submit("a", "k", time.Minute, func(ctx context.Context) (any, error) { <-ctx.Done(); return nil, ctx.Err() })
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := r.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if got, _ := r.Get("a", j.ID); got.Status != StatusFailed || got.Error != GenericFailure {
		t.Fatalf("cancelled job = %+v", got)
	}
	if _, err := r.Submit("a", "k", 0, ok); !errors.Is(err, ErrClosed) {
		t.Fatalf("submit after close: %v", err)
	}
}

// TestFinishedJobsAreBounded: finished jobs are kept for the TTL, but a
// user submitting job after job (each finishing at once) must not make the
// registry hold an unbounded number of results in memory.
func TestFinishedJobsAreBounded(t *testing.T) {
	t.Parallel()
	r := New(Config{Workers: 2})
	defer r.Close(context.Background())
	big := make([]byte, 1<<10)
	for i := range 300 {
		owner := "owner-a"
		if i%3 == 0 {
			owner = "owner-" + string(rune('b'+i%20))
		}
		j, err := r.Submit(owner, "optimize", 0, func(context.Context) (any, error) { return big, nil })
		if err != nil {
			t.Fatal(err)
		}
		wait(t, r, owner, j.ID)
	}
	r.mu.Lock()
	perA := 0
	for _, j := range r.jobs {
		if j.owner == "owner-a" {
			perA++
		}
	}
	r.mu.Unlock()
	if perA > DefaultMaxFinishedPerOwner {
		t.Errorf("owner-a has %d retained jobs, want at most %d", perA, DefaultMaxFinishedPerOwner)
	}
	small := New(Config{Workers: 1, MaxFinished: 10})
	defer small.Close(context.Background())
	for i := range 40 {
		owner := "o" + string(rune('a'+i%26))
		j, err := small.Submit(owner, "optimize", 0, func(context.Context) (any, error) { return big, nil })
		if err != nil {
			t.Fatal(err)
		}
		wait(t, small, owner, j.ID)
	}
	small.mu.Lock()
	n := len(small.jobs)
	small.mu.Unlock()
	if n > 10 {
		t.Errorf("registry retains %d finished jobs, want at most MaxFinished=10", n)
	}
}

func TestReportProgress(t *testing.T) {
	r := New(Config{})
	defer r.Close(context.Background())
	step := make(chan struct{})
	reported := make(chan struct{})
	j, err := r.Submit("u1", "train", time.Minute, func(ctx context.Context) (any, error) {
		ReportProgress(ctx, 0.25)
		close(reported)
		<-step
		ReportProgress(ctx, 7) // clamped
		return "ok", nil
	})
	if err != nil {
		t.Fatal(err)
	}
	<-reported
	if got, _ := r.Get("u1", j.ID); got.Progress != 0.25 || got.Status != StatusRunning {
		t.Fatalf("running job: progress %v status %s, want 0.25 running", got.Progress, got.Status)
	}
	close(step)
	for {
		got, _ := r.Get("u1", j.ID)
		if got.Finished() {
			if got.Progress != 1 {
				t.Fatalf("finished job progress %v, want 1", got.Progress)
			}
			break
		}
		time.Sleep(time.Millisecond)
	}
	ReportProgress(context.Background(), 0.5) // outside a job: no effect, no panic
}

// TestEnqueue: the in-process registry runs the kind's executor on the
// JSON of the payload, for the job's owner; an unknown kind is refused.
func TestEnqueue(t *testing.T) {
	t.Parallel()
	r := New(Config{})
	defer r.Close(context.Background())
	r.Register("echo", func(_ context.Context, owner string, payload []byte) (any, error) {
		return owner + " " + string(payload), nil
	})
	tests := []struct {
		name, kind string
		payload    any
		want       any
		err        error
	}{
		{"payload as JSON", "echo", map[string]int{"n": 1}, `alice {"n":1}`, nil},
		{"unknown kind", "nope", nil, nil, ErrInvalid},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			j, err := r.Enqueue(context.Background(), "alice", tc.kind, time.Second, tc.payload)
			if !errors.Is(err, tc.err) {
				t.Fatalf("Enqueue: %v, want %v", err, tc.err)
			}
			if err != nil {
				return
			}
			if got := wait(t, r, "alice", j.ID); got.Status != StatusDone || got.Result != tc.want {
				t.Fatalf("job = %+v", got)
			}
		})
	}
}
