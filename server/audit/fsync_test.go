package audit

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// gatedSync is an fsync hook recording the file size each completed fsync
// covers; the first call after arm reports its size on entered and waits
// for release.
type gatedSync struct {
	armed   atomic.Bool
	entered chan int64
	release chan struct{}
	once    sync.Once
	mu      sync.Mutex
	covers  []int64
}

func newGatedSync() *gatedSync {
	return &gatedSync{entered: make(chan int64, 1), release: make(chan struct{})}
}

func (g *gatedSync) sync(f *os.File) error {
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if g.armed.CompareAndSwap(true, false) {
		g.entered <- st.Size()
		<-g.release
	}
	if err := f.Sync(); err != nil {
		return err
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.covers = append(g.covers, st.Size())
	return nil
}

func (g *gatedSync) open() { g.once.Do(func() { close(g.release) }) }

// covered reports whether a completed fsync started with the file at
// least size bytes long.
func (g *gatedSync) covered(size int64) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, c := range g.covers {
		if c >= size {
			return true
		}
	}
	return false
}

func headSeq(l *Log) int64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.head.seq
}

// TestAppendsWriteWhileFsyncRuns blocks an fsync (a plain Append's, or
// the syncer's Sync of deferred lines) and checks that the log's lock is
// free meanwhile, that other appends are written, and that no plain
// Append returns, and no checkpoint is saved, before an fsync that began
// after its line was written has completed.
func TestAppendsWriteWhileFsyncRuns(t *testing.T) {
	e := func(target string) Entry { return Entry{Actor: "u1", Action: ActionTransactionCreate, Target: target} }
	tests := []struct {
		name  string
		first func(l *Log) error // starts the fsync that blocks
	}{
		{"append", func(l *Log) error { return l.Append(context.Background(), e("a")) }},
		{"syncer", func(l *Log) error {
			if err := l.AppendDeferred(context.Background(), e("a"), func() {}); err != nil {
				return err
			}
			return l.Sync(context.Background())
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			var cps checkpoints
			l, err := Open(t.Context(), dir, WithCheckpoints(cps.save), WithSyncDelay(time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			g := newGatedSync()
			l.fsync = g.sync
			t.Cleanup(func() { _ = l.Close() })
			t.Cleanup(g.open) // runs first: a failed check must not leave the fsync blocked
			g.armed.Store(true)
			doneA := make(chan error, 1)
			go func() { doneA <- tt.first(l) }()
			<-g.entered
			if !l.mu.TryLock() {
				t.Fatal("the log's lock is held while the fsync runs")
			}
			l.mu.Unlock()
			if err := l.AppendDeferred(t.Context(), e("b"), func() {}); err != nil {
				t.Fatal(err)
			}
			doneC := make(chan error, 1)
			go func() { doneC <- l.Append(context.Background(), e("c")) }()
			waitFor(t, func() bool { return headSeq(l) == 3 })
			select {
			case err := <-doneA:
				t.Fatalf("first call returned (%v) before its fsync completed", err)
			case err := <-doneC:
				t.Fatalf("Append returned (%v) before any fsync covering it", err)
			default:
			}
			if got := cps.newest.Load(); got != 0 {
				t.Fatalf("checkpoint of %d entries saved before an fsync", got)
			}
			g.open()
			if err := <-doneA; err != nil {
				t.Fatal(err)
			}
			if err := <-doneC; err != nil {
				t.Fatal(err)
			}
			st, err := os.Stat(filepath.Join(dir, fileName(l.clock())))
			if err != nil {
				t.Fatal(err)
			}
			if !g.covered(st.Size()) {
				t.Fatalf("Append returned without an fsync covering its line (file %d bytes, fsyncs covered %v)", st.Size(), g.covers)
			}
			if got := cps.newest.Load(); got != 3 {
				t.Fatalf("checkpoint covers %d entries, want 3", got)
			}
			if res, err := Verify(t.Context(), dir); err != nil || !res.OK || res.Entries != 3 {
				t.Fatalf("verify = %+v, %v", res, err)
			}
		})
	}
}

// TestFailedFsyncRefusesLaterEntries: an Append whose fsync fails is not
// acknowledged, and no later entry is (its line would link to lines the
// disk may have dropped).
func TestFailedFsyncRefusesLaterEntries(t *testing.T) {
	l, err := Open(t.Context(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	l.fsync = func(*os.File) error { return errors.New("EIO") }
	e := Entry{Actor: "u1", Action: ActionPortfolioCreate}
	if err := l.Append(t.Context(), e); !errors.Is(err, errSyncFailed) {
		t.Fatalf("Append with a failing fsync = %v, want errSyncFailed", err)
	}
	l.fsync = fileSync
	for _, name := range []string{"plain", "deferred"} {
		var err error
		if name == "plain" {
			err = l.Append(t.Context(), e)
		} else {
			err = l.AppendDeferred(t.Context(), e, func() {})
		}
		if !errors.Is(err, errSyncFailed) {
			t.Errorf("%s append after a failed fsync = %v, want errSyncFailed", name, err)
		}
	}
}
