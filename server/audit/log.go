package audit

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// ErrClosed is returned by Append after Close.
var ErrClosed = errors.New("audit: log closed")

// ErrBroken is returned by Append after a failed write left the chain state
// unknown; the log must be verified and reopened.
var ErrBroken = errors.New("audit: log broken by an earlier write failure")

// Log appends entries to the hash chain in one directory. It is safe for
// concurrent use; appends are serialised by a mutex.
type Log struct {
	mu     sync.Mutex
	root   *os.Root
	now    func() time.Time
	file   *os.File
	day    string // name of the open file
	prev   string
	lastTS time.Time
	err    error // sticky: ErrClosed or ErrBroken
}

// Option configures Open.
type Option func(*Log)

// WithClock makes the log take entry times from now instead of time.Now.
func WithClock(now func() time.Time) Option {
	return func(l *Log) { l.now = now }
}

// Open opens (creating with mode 0700 if needed) the audit directory dir and
// resumes the chain from the last line of the newest non-empty day file. It
// fails if that line is not a valid entry: run Verify to locate the damage.
func Open(ctx context.Context, dir string, opts ...Option) (*Log, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("audit: open: %w", err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("audit: create dir: %w", err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("audit: open dir: %w", err)
	}
	l := &Log{root: root, now: time.Now, prev: GenesisHash}
	for _, o := range opts {
		o(l)
	}
	if err := l.resume(); err != nil {
		_ = root.Close()
		return nil, err
	}
	return l, nil
}

// resume loads prev and lastTS from the newest non-empty file.
func (l *Log) resume() error {
	names, err := listFiles(l.root)
	if err != nil {
		return err
	}
	for i := len(names) - 1; i >= 0; i-- {
		last, ok, err := lastLine(l.root, names[i])
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		e, err := parseLine(last)
		if err != nil {
			return fmt.Errorf("audit: resume from %s: last line: %w", names[i], err)
		}
		l.prev, l.lastTS = e.Hash, e.TS
		return nil
	}
	return nil
}

// lastLine returns the final line of a file (without newline); ok is false
// for an empty file. A final line without newline is an error.
func lastLine(root *os.Root, name string) ([]byte, bool, error) {
	f, err := root.Open(name)
	if err != nil {
		return nil, false, fmt.Errorf("audit: open %s: %w", name, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, false, fmt.Errorf("audit: stat %s: %w", name, err)
	}
	if st.Size() == 0 {
		return nil, false, nil
	}
	n := min(st.Size(), int64(maxLineBytes)+2)
	buf := make([]byte, n)
	if _, err := f.ReadAt(buf, st.Size()-n); err != nil && !errors.Is(err, io.EOF) {
		return nil, false, fmt.Errorf("audit: read %s: %w", name, err)
	}
	if buf[len(buf)-1] != '\n' {
		return nil, false, fmt.Errorf("audit: resume from %s: %w", name, errNoNewline)
	}
	buf = buf[:len(buf)-1]
	start := 0
	for i := len(buf) - 1; i >= 0; i-- {
		if buf[i] == '\n' {
			start = i + 1
			break
		}
	}
	if start == 0 && n < st.Size() {
		return nil, false, fmt.Errorf("audit: resume from %s: %w", name, errLineTooLong)
	}
	return buf[start:], true, nil
}

// Append adds e to the chain. TS, Prev and Hash are set by the log (TS never
// goes backwards); over-long values are truncated. The line is written with
// one write call and fsynced before Append returns.
func (l *Log) Append(ctx context.Context, e Entry) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("audit: append: %w", err)
	}
	e, err := sanitize(e)
	if err != nil {
		return err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.err != nil {
		return l.err
	}
	e.TS = l.now().UTC()
	if e.TS.Before(l.lastTS) {
		e.TS = l.lastTS
	}
	e.Prev = l.prev
	b, sum, err := encodeLine(e.record())
	if err != nil {
		return err
	}
	if err := l.write(fileName(e.TS), b); err != nil {
		return err
	}
	l.prev, l.lastTS = sum, e.TS
	return nil
}

// write appends b to the named day file, switching files on a new day.
func (l *Log) write(name string, b []byte) error {
	if err := l.switchFile(name); err != nil {
		return err
	}
	if _, err := l.file.Write(b); err != nil {
		l.err = ErrBroken
		return fmt.Errorf("audit: write %s: %w", name, err)
	}
	if err := l.file.Sync(); err != nil {
		l.err = ErrBroken
		return fmt.Errorf("audit: sync %s: %w", name, err)
	}
	return nil
}

func (l *Log) switchFile(name string) error {
	if l.file != nil && l.day == name {
		return nil
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

// LastHash returns the hash of the newest entry (GenesisHash for an empty
// log). Recording it elsewhere anchors the chain against tail truncation.
func (l *Log) LastHash() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.prev
}

// Close closes the current file; later appends return ErrClosed.
func (l *Log) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if errors.Is(l.err, ErrClosed) {
		return nil
	}
	l.err = ErrClosed
	var errs []error
	if l.file != nil {
		errs = append(errs, l.file.Close())
		l.file = nil
	}
	errs = append(errs, l.root.Close())
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("audit: close: %w", err)
	}
	return nil
}
