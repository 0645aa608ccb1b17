package audit

import (
	"fmt"
	"log/slog"
	"os"

	"github.com/fortfolio/fortfolio/server/filelock"
	"github.com/fortfolio/fortfolio/server/model"
)

// write appends b to the named day file with one write and an fsync. A
// failed write is cut back off the file; on a full disk the reserve is
// released and the write retried once. It returns the new file size.
func (l *Log) write(name string, b []byte) (int64, error) {
	return l.writeSync(name, b, true)
}

// writeSync is write, leaving the fsync to the log's syncer unless sync
// is set (AppendDeferred).
func (l *Log) writeSync(name string, b []byte, sync bool) (int64, error) {
	if err := l.switchFile(name); err != nil {
		return 0, err
	}
	st, err := l.file.Stat()
	if err != nil {
		return 0, fmt.Errorf("audit: stat %s: %w", name, err)
	}
	err = l.writeAt(st.Size(), b, sync)
	if err != nil && model.DiskFull(err) && l.res.release(l.root) {
		l.full.Store(true)
		slog.Error("audit: disk full; used the reserve for this entry, changes are refused until space is freed")
		err = l.writeAt(st.Size(), b, sync)
	}
	if err != nil && model.DiskFull(err) {
		l.full.Store(true)
		return 0, fmt.Errorf("%w: %s: %w", ErrFull, name, err)
	}
	if err != nil {
		return 0, err
	}
	l.wrote(b)
	return st.Size() + int64(len(b)), nil
}

// writeAt writes b at the end of the open file (of size size) and, when
// sync is set, fsyncs it (which also makes every unsynced line before it
// durable); on failure the file is truncated back to size.
func (l *Log) writeAt(size int64, b []byte, sync bool) error {
	_, err := l.file.Write(b)
	if err == nil && sync {
		err = l.fsync(l.file)
	}
	if err == nil {
		l.wroteAt(sync)
		return nil
	}
	if terr := l.file.Truncate(size); terr != nil {
		return fmt.Errorf("audit: write failed (%w) and could not be undone: %w", err, terr)
	}
	_ = l.fsync(l.file)
	return fmt.Errorf("audit: write: %w", err)
}

func (l *Log) switchFile(name string) error {
	if l.file != nil && l.day == name {
		return nil
	}
	if err := l.syncFile(); err != nil {
		return err
	}
	if l.file != nil {
		if err := l.file.Close(); err != nil {
			return fmt.Errorf("audit: close %s: %w", l.day, err)
		}
		l.file = nil
	}
	f, err := l.root.OpenFile(name, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("audit: open %s: %w", name, err)
	}
	if err := syncDir(l.root); err != nil {
		_ = f.Close()
		return err
	}
	l.file, l.day = f, name
	return nil
}

// closeFile closes the open day file, if any, after syncing what
// AppendDeferred left unsynced, so that the next write opens the file by
// its name again.
func (l *Log) closeFile() {
	_ = l.syncFile() // a failure is kept in syncFailed: no deferred entry is reported durable
	if l.file != nil {
		_ = l.file.Close()
		l.file, l.day = nil, ""
	}
}

func syncDir(root *os.Root) error {
	d, err := root.Open(".")
	if err != nil {
		return fmt.Errorf("audit: open dir: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("audit: sync dir: %w", err)
	}
	return nil
}

// Writable reports ErrFull while the disk is full (the reserve is used up
// and could not be re-created); callers refuse changes then (507), so no
// change can happen without room for its entry. It recovers by itself
// once space is freed.
func (l *Log) Writable() error {
	if !l.full.Load() {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return ErrClosed
	}
	if err := filelock.Lock(l.lock); err != nil {
		return err
	}
	defer func() { _ = filelock.Unlock(l.lock) }()
	if l.res.probe(l.root, l.clock()) {
		l.full.Store(false)
		slog.Info("audit: disk space is back; changes are accepted again")
		return nil
	}
	return ErrFull
}
