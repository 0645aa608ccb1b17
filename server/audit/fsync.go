package audit

import (
	"errors"
	"log/slog"
	"os"
	"sync"
)

// errSyncFailed is returned for every entry not yet on the disk once an
// fsync of the day file failed: the kernel may have dropped those lines,
// so no later entry (whose hash links to them) is acknowledged either.
// Opening the log again verifies what the disk holds.
var errSyncFailed = errors.New("audit: fsync of the log failed; entries are refused until the server restarts")

// syncTurn lets one fsync of the day file run at a time, outside l.mu, so
// appends keep writing while the disk works; appends waiting for their
// lines to be durable share the next fsync.
type syncTurn struct {
	mu      sync.Mutex
	cond    *sync.Cond
	running bool
}

// fileSync is the default fsync (tests replace Log.fsync).
func fileSync(f *os.File) error { return f.Sync() }

// syncTo returns once an fsync that started after the entries up to seq
// were written has completed (or an earlier one covered them), and
// errSyncFailed when one failed first.
func (l *Log) syncTo(seq int64) error {
	s := &l.turn
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		done, err := l.covered(seq)
		if done || err != nil {
			return err
		}
		if s.running {
			s.cond.Wait()
			continue
		}
		s.running = true
		s.mu.Unlock()
		l.syncOnce()
		s.mu.Lock()
		s.running = false
		s.cond.Broadcast()
	}
}

// covered reports whether the entries up to seq are on the disk.
func (l *Log) covered(seq int64) (bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch {
	case l.durableSeq() >= seq:
		return true, nil
	case l.deferred.syncFailed:
		return false, errSyncFailed
	case l.closed:
		return false, ErrClosed
	}
	return false, nil
}

// durableSeq is how many entries of the chain are on the disk; l.mu is
// held.
func (l *Log) durableSeq() int64 {
	if l.deferred.dirty {
		return l.deferred.cleanSeq
	}
	return l.head.seq
}

// syncOnce fsyncs the open day file without holding l.mu and then records
// which entries that fsync covered: those written before it started.
func (l *Log) syncOnce() {
	l.mu.Lock()
	f, upto := l.file, l.head.seq
	idle := !l.deferred.dirty || f == nil || l.closed
	l.mu.Unlock()
	if idle {
		return
	}
	err := l.fsync(f)
	l.mu.Lock()
	defer l.mu.Unlock()
	l.syncedTo(f, upto, err)
}

// syncedTo records the outcome of an fsync of f that covers the entries
// up to upto; l.mu is held. When f was closed meanwhile, the switch to
// another file fsynced it first (syncFile) and recorded that outcome.
func (l *Log) syncedTo(f *os.File, upto int64, err error) {
	d := &l.deferred
	if l.file != f {
		return
	}
	if err != nil {
		d.syncFailed, d.acks = true, nil
		slog.Error("audit: fsync failed; entries are refused until the server restarts", slog.Any("error", err))
		return
	}
	l.syncs.Add(1)
	if !d.dirty {
		return
	}
	if l.head.seq == upto {
		d.dirty = false
		return
	}
	d.cleanSeq = max(d.cleanSeq, upto)
}
