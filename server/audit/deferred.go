package audit

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync"
	"time"
)

// DefaultSyncDelay is how long the log waits after an AppendDeferred
// before it fsyncs the day file, so the lines of many writes share one
// fsync (and a plain Append meanwhile makes them durable anyway).
const DefaultSyncDelay = 100 * time.Millisecond

// WithSyncDelay sets how long the syncer waits before it fsyncs lines
// written by AppendDeferred (DefaultSyncDelay; tests hold it long).
func WithSyncDelay(d time.Duration) Option {
	return func(l *Log) { l.deferred.delay = d }
}

// deferredState is what the log keeps for AppendDeferred: whether the
// open day file holds lines not yet fsynced, the chain position known to
// be on the disk, and the callbacks waiting for their lines to be.
type deferredState struct {
	delay      time.Duration
	dirty      bool  // l.file holds lines written without an fsync
	cleanSeq   int64 // while dirty: the entries on the disk
	syncFailed bool  // an fsync of unsynced lines failed: none is reported durable again
	acks       []ack
	once       sync.Once
	stopOnce   sync.Once
	kick       chan struct{}
	stop       chan struct{}
	stopped    chan struct{}
}

// ack is a durable callback of AppendDeferred and its entry's position.
type ack struct {
	seq int64
	fn  func()
}

// AppendDeferred is Append without waiting for the disk: it returns once
// the line is written (through the same group commit, writers' lock,
// chain and disk reserve as Append), which a killed process cannot undo,
// but before it is fsynced; only a power cut can still lose it. The log
// fsyncs the file within its sync delay (or sooner, when a plain Append
// fsyncs it anyway), then saves a checkpoint covering the line, and then
// calls durable (on the log's own goroutine, or in Sync). The checkpoint is never
// saved before the lines it covers are on the disk. durable is not
// called when an fsync failed; the caller must then keep its own record
// of the entry (the portfolio database's pending entries) for recovery.
func (l *Log) AppendDeferred(ctx context.Context, e Entry, durable func()) error {
	if durable == nil {
		return fmt.Errorf("audit: AppendDeferred without a durable callback")
	}
	ctx = context.WithoutCancel(ctx)
	e, err := sanitize(e)
	if err != nil {
		return err
	}
	l.deferred.once.Do(l.startSyncer)
	w := &waiter{e: e, ch: make(chan result, 1), durable: durable}
	if !l.group.join(w) {
		if r := <-w.ch; !r.lead {
			return r.err
		}
	}
	return l.lead(ctx, w)
}

// wroteAt records a successful write: fsynced, it made every earlier line
// durable too; unsynced, the file is dirty from the current head on.
func (l *Log) wroteAt(sync bool) {
	d := &l.deferred
	if sync {
		l.syncs.Add(1)
		d.dirty = false
		return
	}
	if !d.dirty {
		d.cleanSeq, d.dirty = l.head.seq, true
	}
}

// syncFile fsyncs the open day file when it holds unsynced lines.
func (l *Log) syncFile() error {
	d := &l.deferred
	if !d.dirty || l.file == nil {
		return nil
	}
	d.dirty = false
	if err := l.fsync(l.file); err != nil {
		d.syncFailed, d.acks = true, nil
		slog.Error("audit: fsync failed; entries are refused until the server restarts, deferred ones are recovered from the portfolio databases then", slog.Any("error", err))
		return fmt.Errorf("audit: sync: %w", err)
	}
	l.syncs.Add(1)
	return nil
}

// queueAcks registers the durable callbacks of a written batch; l.mu is
// held.
func (l *Log) queueAcks(batch []*waiter, errs []error) bool {
	queued := false
	for i, w := range batch {
		if w.durable != nil && errs[i] == nil && !l.deferred.syncFailed {
			l.deferred.acks = append(l.deferred.acks, ack{seq: w.seq, fn: w.durable})
			queued = true
		}
	}
	return queued
}

// readyAcks removes and returns the callbacks whose lines are on the
// disk; l.mu is held.
func (l *Log) readyAcks() []ack {
	d := &l.deferred
	upto := l.head.seq
	if d.dirty {
		upto = d.cleanSeq
	}
	var ready, rest []ack
	for _, a := range d.acks {
		if a.seq <= upto {
			ready = append(ready, a)
		} else {
			rest = append(rest, a)
		}
	}
	d.acks = rest
	return ready
}

// startSyncer starts the goroutine that fsyncs deferred lines.
func (l *Log) startSyncer() {
	d := &l.deferred
	d.kick, d.stop, d.stopped = make(chan struct{}, 1), make(chan struct{}), make(chan struct{})
	go l.syncLoop()
}

// kickSyncer asks the syncer to run soon (no-op before the first
// AppendDeferred).
func (l *Log) kickSyncer() {
	if l.deferred.kick == nil {
		return
	}
	select {
	case l.deferred.kick <- struct{}{}:
	default:
	}
}

// syncLoop waits for deferred lines, lets the sync delay pass (unless a
// plain Append fsynced them meanwhile), and makes them durable; at Close
// it drains what is left.
func (l *Log) syncLoop() {
	d := &l.deferred
	defer close(d.stopped)
	for {
		select {
		case <-d.kick:
		case <-d.stop:
			_ = l.Sync(context.Background())
			return
		}
		l.waitDelay()
		if err := l.Sync(context.Background()); err != nil {
			slog.Error("audit: sync", slog.Any("error", err))
		}
	}
}

// waitDelay lets the sync delay pass while deferred lines are unsynced;
// it ends early at Close or once a plain Append fsynced them.
func (l *Log) waitDelay() {
	d := &l.deferred
	if !l.dirty() {
		return
	}
	t := time.NewTimer(d.delay)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			return
		case <-d.stop:
			return
		case <-d.kick:
			if !l.dirty() {
				return
			}
		}
	}
}

// dirty reports unsynced deferred lines.
func (l *Log) dirty() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.deferred.dirty
}

// Sync makes every line written by AppendDeferred durable now: it fsyncs
// the day file (without holding the log's lock, so appends go on), saves
// a checkpoint covering the chain as it was when Sync started, and runs
// the callbacks of the lines now on the disk (those the log's own
// goroutine has not taken yet). Account deletion calls it before the
// account's pending entries disappear with its database.
func (l *Log) Sync(ctx context.Context) error {
	ctx = context.WithoutCancel(ctx)
	cp, dirty, closed := l.headCheckpoint()
	if closed {
		return nil
	}
	if err := l.syncTo(cp.Entries); err != nil {
		return err
	}
	if dirty && l.heads != nil {
		l.heads.cover(ctx, cp)
	}
	for _, a := range l.takeReadyAcks() {
		a.fn()
	}
	return nil
}

// headCheckpoint returns the signed checkpoint of the chain head, whether
// lines of it are not yet fsynced, and whether the log is closed.
func (l *Log) headCheckpoint() (Checkpoint, bool, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	cp := l.key.Sign(Checkpoint{Entries: l.head.seq, Head: l.head.prev, At: l.head.ts})
	return cp, l.deferred.dirty, l.closed
}

// takeReadyAcks removes and returns the callbacks whose lines are on the
// disk.
func (l *Log) takeReadyAcks() []ack {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.readyAcks()
}

// stopSyncer drains and ends the syncer (Close).
func (l *Log) stopSyncer() {
	d := &l.deferred
	d.once.Do(func() {}) // no syncer starts after Close
	d.stopOnce.Do(func() {
		if d.stop != nil {
			close(d.stop)
			<-d.stopped
		}
	})
}

// DetailValues returns every value of details key in the entries of the
// day files from since's UTC day on (an unterminated last line is
// skipped). Recovery uses it to find which pending entries already have
// their line.
func DetailValues(ctx context.Context, dir, key string, since time.Time) (map[string]bool, error) {
	root, err := os.OpenRoot(dir)
	if errors.Is(err, os.ErrNotExist) {
		return map[string]bool{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("audit: scan: %w", err)
	}
	defer root.Close()
	names, err := listFiles(root)
	if err != nil {
		return nil, err
	}
	from := fileName(since.UTC())
	out := map[string]bool{}
	for _, name := range names {
		if name < from {
			continue
		}
		if err := fileDetailValues(ctx, root, name, key, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func fileDetailValues(ctx context.Context, root *os.Root, name, key string, out map[string]bool) error {
	f, err := root.Open(name)
	if err != nil {
		return fmt.Errorf("audit: open %s: %w", name, err)
	}
	defer f.Close()
	lr := newLineReader(f)
	for ctx.Err() == nil {
		b, err := lr.next()
		if errors.Is(err, io.EOF) || errors.Is(err, errNoNewline) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("audit: read %s: %w", name, err)
		}
		e, err := parseLine(b)
		if err != nil {
			return fmt.Errorf("audit: %s: %w", name, err)
		}
		if v, ok := e.Details[key]; ok {
			out[v] = true
		}
	}
	return ctx.Err()
}
