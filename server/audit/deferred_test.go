package audit

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// checkpoints records the newest checkpoint a log saved.
type checkpoints struct{ newest atomic.Int64 }

func (c *checkpoints) save(_ context.Context, cp Checkpoint) {
	if cp.Entries > c.newest.Load() {
		c.newest.Store(cp.Entries)
	}
}

// TestDeferredAppendsWaitForNoFsync: AppendDeferred returns with its line
// written and not fsynced; no checkpoint covers it and no durable
// callback runs until an fsync does (here the next plain Append's).
func TestDeferredAppendsWaitForNoFsync(t *testing.T) {
	ctx := t.Context()
	var cps checkpoints
	dir := t.TempDir()
	l, err := Open(ctx, dir, WithCheckpoints(cps.save), WithSyncDelay(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if err := l.Append(ctx, Entry{Actor: "u1", Action: ActionLoginSuccess}); err != nil {
		t.Fatal(err)
	}
	syncs := l.Syncs()
	var durable atomic.Int64
	for i := range 3 {
		e := Entry{Actor: "u1", Action: ActionTransactionCreate, Target: fmt.Sprint(i)}
		if err := l.AppendDeferred(ctx, e, func() { durable.Add(1) }); err != nil {
			t.Fatal(err)
		}
	}
	if got := l.Syncs() - syncs; got != 0 {
		t.Fatalf("%d fsyncs for deferred appends, want 0", got)
	}
	if res, err := Verify(ctx, dir); err != nil || !res.OK || res.Entries != 4 {
		t.Fatalf("the written lines: %+v %v", res, err)
	}
	time.Sleep(20 * time.Millisecond)
	if got := cps.newest.Load(); got != 1 {
		t.Fatalf("checkpoint covers %d entries before their fsync, want 1", got)
	}
	if durable.Load() != 0 {
		t.Fatal("durable callback ran before any fsync")
	}
	if err := l.Append(ctx, Entry{Actor: "u2", Action: ActionLoginSuccess}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { return durable.Load() == 3 })
	if got, want := cps.newest.Load(), int64(5); got != want {
		t.Fatalf("checkpoint after the plain append covers %d, want %d", got, want)
	}
	if got := l.Syncs() - syncs; got != 1 {
		t.Fatalf("%d fsyncs, want 1 (the plain append's, covering the deferred lines)", got)
	}
}

// TestSyncerMakesDeferredLinesDurable: without a plain Append, the syncer
// fsyncs the deferred lines of many appends once after its delay, saves a
// checkpoint no earlier than that fsync, then runs every callback.
func TestSyncerMakesDeferredLinesDurable(t *testing.T) {
	ctx := t.Context()
	l, err := Open(ctx, t.TempDir(), WithSyncDelay(50*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	var atSave atomic.Int64 // fsyncs done when the checkpoint was saved
	l.heads = newHeadSaver(func(_ context.Context, cp Checkpoint) {
		if cp.Entries > 0 {
			atSave.Store(l.Syncs())
		}
	})
	var wg sync.WaitGroup
	var durable atomic.Int64
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e := Entry{Actor: "u1", Action: ActionTransactionCreate, Target: fmt.Sprint(i)}
			if err := l.AppendDeferred(ctx, e, func() { durable.Add(1) }); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if l.Syncs() != 0 {
		t.Fatalf("%d fsyncs before the delay", l.Syncs())
	}
	waitFor(t, func() bool { return durable.Load() == 20 })
	if got := l.Syncs(); got != 1 {
		t.Fatalf("%d fsyncs for 20 deferred appends, want 1", got)
	}
	if got := atSave.Load(); got != 1 {
		t.Fatalf("checkpoint saved after %d fsyncs, want after the one", got)
	}
}

// TestCloseDrainsDeferredLines: Close fsyncs, saves the checkpoint and
// runs the callbacks of lines the syncer has not made durable yet.
func TestCloseDrainsDeferredLines(t *testing.T) {
	ctx := t.Context()
	var cps checkpoints
	l, err := Open(ctx, t.TempDir(), WithCheckpoints(cps.save), WithSyncDelay(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	var durable atomic.Int64
	for i := range 3 {
		if err := l.AppendDeferred(ctx, Entry{Actor: "u1", Action: ActionTransactionDelete, Target: fmt.Sprint(i)}, func() { durable.Add(1) }); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if durable.Load() != 3 || cps.newest.Load() != 3 || l.Syncs() != 1 {
		t.Fatalf("after Close: %d callbacks, checkpoint %d, %d fsyncs; want 3, 3, 1", durable.Load(), cps.newest.Load(), l.Syncs())
	}
	if err := l.AppendDeferred(ctx, Entry{Actor: "u1", Action: ActionTransactionDelete}, func() {}); err != ErrClosed {
		t.Fatalf("after Close: %v, want ErrClosed", err)
	}
}

// TestDetailValuesFindsOutboxReferences reads one details key over the
// day files from a given day on.
func TestDetailValuesFindsOutboxReferences(t *testing.T) {
	ctx := t.Context()
	c := &clock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	dir := t.TempDir()
	l, err := Open(ctx, dir, WithClock(c.now))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	for i := range 3 {
		c.set(c.now().Add(24 * time.Hour))
		if err := l.Append(ctx, Entry{Actor: "u1", Action: ActionTransactionCreate, Details: map[string]string{"outbox": fmt.Sprint("u1:", i)}}); err != nil {
			t.Fatal(err)
		}
	}
	got, err := DetailValues(ctx, dir, "outbox", time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || !got["u1:1"] || !got["u1:2"] {
		t.Fatalf("values from the 3rd on: %v", got)
	}
}
