package store

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/server/model"
)

// heldFlush opens a store whose user "u" has a portfolio, and replaces the
// user database's fsync by one that waits for release (after the real
// fsync) and then fails with fail (nil: succeeds).
func heldFlush(t *testing.T) (s *Store, folio string, h *userDB, release chan error) {
	t.Helper()
	ctx := context.Background()
	s, err := Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	p, err := s.CreatePortfolio(ctx, "u", "Main", "", t0)
	if err != nil {
		t.Fatal(err)
	}
	if h, err = s.acquireUser(ctx, "u"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.users.release(h) })
	release = make(chan error)
	real := h.flush.fsync
	h.flush.mu.Lock()
	h.flush.fsync = func() error {
		err := real()
		if fail := <-release; fail != nil {
			return fail
		}
		return err
	}
	h.flush.mu.Unlock()
	return s, p.ID, h, release
}

// turnsEnded waits until n write turns ended on h since start.
func turnsEnded(h *userDB, start uint64, n int) {
	for h.gen.Load() < start+uint64(n) {
		time.Sleep(time.Millisecond) // polling for a state, not timing anything
	}
}

// committed waits until n transactions of the portfolio are committed
// (visible to readers, flushed or not).
func committed(t *testing.T, s *Store, folio string, n int) {
	t.Helper()
	for {
		txs, err := s.ListTransactions(context.Background(), "u", folio)
		if err != nil {
			t.Fatal(err)
		}
		if len(txs) >= n {
			return
		}
		time.Sleep(time.Millisecond) // polling for a state, not timing anything
	}
}

// TestConcurrentWritesShareFlushes holds the WAL fsync of one write: the
// writers that commit meanwhile (the turn is free while the disk works)
// are all made durable by one more fsync, and none of them returns before
// a flush that started after its commit.
func TestConcurrentWritesShareFlushes(t *testing.T) {
	s, folio, h, release := heldFlush(t)
	ctx := context.Background()
	const writers = 16
	start, syncs := h.gen.Load(), h.flush.syncs.Load()
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	write := func() {
		defer wg.Done()
		if _, err := s.AddTransactions(ctx, "u", folio, []model.Transaction{sampleTx("buy", "2010-01-04", 1)}, t0, nil); err != nil {
			errs <- err
			return
		}
		h.flush.mu.Lock()
		defer h.flush.mu.Unlock()
		if h.flush.flushed < start+1 {
			errs <- errors.New("a write returned before its commit was flushed")
		}
	}
	wg.Add(1)
	go write()
	turnsEnded(h, start, 1) // the first write is committed and its fsync held
	wg.Add(writers - 1)
	for range writers - 1 {
		go write()
	}
	committed(t, s, folio, writers) // every other write committed meanwhile (queued appends share turns)
	release <- nil
	release <- nil
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if got := h.flush.syncs.Load() - syncs; got != 2 {
		t.Errorf("%d writes took %d fsyncs, want 2", writers, got)
	}
	if txs, err := s.ListTransactions(ctx, "u", folio); err != nil || len(txs) != writers {
		t.Fatalf("stored %d transactions (%v), want %d", len(txs), err, writers)
	}
}

// TestDeferredFlushReportsFailure: a write made with DeferFlush's context
// returns once committed, Wait reports a failed fsync, and the handle
// refuses to call later writes durable.
func TestDeferredFlushReportsFailure(t *testing.T) {
	s, folio, h, release := heldFlush(t)
	ctx, flush := s.DeferFlush(context.Background())
	if _, err := s.AddTransactions(ctx, "u", folio, []model.Transaction{sampleTx("buy", "2010-01-04", 1)}, t0, nil); err != nil {
		t.Fatal(err) // returned with the fsync still to come
	}
	failed := errors.New("EIO")
	go func() { release <- failed }()
	if err := flush.Wait(); !errors.Is(err, failed) {
		t.Fatalf("Wait = %v, want the fsync's error", err)
	}
	if err := h.flush.wait(h.gen.Load()); !errors.Is(err, failed) {
		t.Fatalf("a later flush after a failed fsync: %v, want the failure again", err)
	}
}
