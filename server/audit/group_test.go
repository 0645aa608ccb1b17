package audit

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
)

// TestConcurrentAppendsShareOneWrite holds the log's write turn while 63
// appends queue behind a first one, then checks they reach the disk with
// one write between them and share at most two fsyncs, form one valid chain, and
// that the saved checkpoint covers every entry.
func TestConcurrentAppendsShareOneWrite(t *testing.T) {
	const n = 64
	var saves atomic.Int64
	var newest atomic.Int64
	save := func(_ context.Context, cp Checkpoint) {
		saves.Add(1)
		if cp.Entries > newest.Load() {
			newest.Store(cp.Entries)
		}
	}
	dir := t.TempDir()
	l, err := Open(t.Context(), dir, WithCheckpoints(save))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	e := Entry{Actor: "u1", Action: ActionPortfolioCreate, Target: "p1"}

	l.mu.Lock() // the first append's leader waits here with a batch of one
	var wg sync.WaitGroup
	errs := make(chan error, n)
	appendOne := func() {
		defer wg.Done()
		errs <- l.Append(context.Background(), e)
	}
	wg.Add(1)
	go appendOne()
	waitFor(t, func() bool { return queued(l) == 0 && writing(l) })
	for range n - 1 {
		wg.Add(1)
		go appendOne()
	}
	waitFor(t, func() bool { return queued(l) == n-1 })
	l.mu.Unlock()
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if got := l.Syncs(); got < 1 || got > 2 {
		t.Errorf("fsyncs = %d, want 1 or 2 (one for the first entry, one for the 63 queued behind it, unless the first one's fsync started after they were written)", got)
	}
	if got := newest.Load(); got != n {
		t.Errorf("newest saved checkpoint covers %d entries, want %d", got, n)
	}
	if s := saves.Load(); s > 2 {
		t.Errorf("checkpoint saves = %d, want at most 2 (coalesced)", s)
	}
	res, err := Verify(t.Context(), dir)
	if err != nil || !res.OK || res.Entries != n {
		t.Fatalf("verify = %+v, %v; want %d entries, OK", res, err, n)
	}
}

// TestBatchIsCutAtMaxBatchBytes checks that a batch bigger than
// maxBatchBytes is written in several chunks, each under the reserve.
func TestBatchIsCutAtMaxBatchBytes(t *testing.T) {
	l, err := Open(t.Context(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	big := map[string]string{}
	for i := range MaxDetails {
		big[string(rune('a'+i%26))+string(rune('A'+i/26))] = string(make([]byte, MaxValueBytes)) // NULs escape to 6 bytes each
	}
	e, err := sanitize(Entry{Actor: "u1", Action: ActionPortfolioCreate, Details: big})
	if err != nil {
		t.Fatal(err)
	}
	batch := make([]*waiter, 40)
	for i := range batch {
		batch[i] = &waiter{e: e, ch: make(chan result, 1)}
	}
	errs := make([]error, len(batch))
	if _, wrote, _ := l.appendAll(batch, errs, true); !wrote {
		t.Fatalf("nothing written: %v", errs)
	}
	for i, err := range errs {
		if err != nil {
			t.Fatalf("entry %d: %v", i, err)
		}
	}
	if got := l.Syncs(); got < 2 {
		t.Errorf("write calls = %d for %d large entries, want several chunks of at most %d bytes", got, len(batch), maxBatchBytes)
	}
}

func queued(l *Log) int {
	l.group.mu.Lock()
	defer l.group.mu.Unlock()
	return len(l.group.queue)
}

func writing(l *Log) bool {
	l.group.mu.Lock()
	defer l.group.mu.Unlock()
	return l.group.writing
}

// waitFor yields until cond holds (the goroutines it waits for only need
// to reach a queue; no timing is asserted).
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for !cond() {
		if t.Context().Err() != nil {
			t.Fatal("condition never held")
		}
		runtime.Gosched()
	}
}
