package jobs

import (
	"context"
	"sync"
	"testing"
	"time"
)

// countingMirror counts the unfinished snapshots saved.
type countingMirror struct {
	mu      sync.Mutex
	running int
}

func (m *countingMirror) SaveJob(_ context.Context, _, _ string, _ []byte, finished bool, _, _ time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !finished {
		m.running++
	}
	return nil
}

func (m *countingMirror) LoadJob(context.Context, string, string, time.Time) ([]byte, time.Time, bool, error) {
	return nil, time.Time{}, false, nil
}

// TestHeartbeat: a running job's snapshot is saved again and again while it
// runs (its node's heartbeat), and no more once it finished.
func TestHeartbeat(t *testing.T) {
	old := heartbeatEvery
	heartbeatEvery = 5 * time.Millisecond
	defer func() { heartbeatEvery = old }()
	m := &countingMirror{}
	r := New(Config{Mirror: m})
	defer r.Close(context.Background())
	release := make(chan struct{})
	j, err := r.Submit("alice", "retrain", time.Minute, func(context.Context) (any, error) { <-release; return 1, nil })
	if err != nil {
		t.Fatal(err)
	}
	count := func() int { m.mu.Lock(); defer m.mu.Unlock(); return m.running }
	for deadline := time.Now().Add(10 * time.Second); count() < 5 && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
	if n := count(); n < 5 {
		t.Fatalf("%d snapshots saved while the job ran, want the queued, the running and heartbeats", n)
	}
	close(release)
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if got, _ := r.Get("alice", j.ID); got.Finished() {
			break
		}
	}
	time.Sleep(20 * time.Millisecond) // a heartbeat's window
	after := count()
	time.Sleep(30 * time.Millisecond)
	if n := count(); n != after {
		t.Fatalf("heartbeats went on after the job finished: %d, then %d", after, n)
	}
}
