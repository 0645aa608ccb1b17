package audit

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"
)

// ErrNotPublished reports entries that are on the disk but not yet in the
// log's outbox (the shared audit table on PostgreSQL); the log inserts
// them with its next batch, its next CloseDay or at its next start.
var ErrNotPublished = errors.New("audit: entry written to the local log but not yet to the shared audit table")

// publishTimeout bounds one publication, so an unreachable database
// holds the writers' lock for a bounded time.
const publishTimeout = 30 * time.Second

// recordChunk is how many lines one Insert receives at most.
const recordChunk = 500

// Record is one line of the chain as written: its position in the chain
// (also for format 1 lines, which do not carry it), the decoded entry and
// the line's bytes without the newline.
type Record struct {
	Seq   int64
	Entry Entry
	Line  []byte
}

// Outbox receives every line a Log writes, in chain order, in the same
// critical section as the write (see WithOutbox).
type Outbox interface {
	// Head returns the position of the newest line of this log the outbox
	// holds (0 when it holds none).
	Head(ctx context.Context) (int64, error)
	// Insert appends recs, the lines that directly follow Head, in order.
	Insert(ctx context.Context, recs []Record) error
}

// WithOutbox publishes every written batch of lines to o right after its
// fsync, under the writers' lock (so lines reach o in chain order, also
// from other processes appending to the same directory), before any
// Append of the batch returns. Lines that could not be published (a crash
// between the fsync and the insert, an unreachable database) are found by
// comparing the log with o.Head and inserted at start, with the next
// batch or at the next CloseDay. A batch whose publication fails is
// reported to its Appends as ErrNotPublished: its lines are on the disk.
func WithOutbox(o Outbox) Option {
	return func(l *Log) { l.outbox = o }
}

// outboxState is what the log knows of its outbox: lines written and not
// yet published, and up to where the outbox holds the chain.
type outboxState struct {
	unsent []byte // complete lines written since the last publication
	sent   int64  // the chain's position the outbox holds, when synced
	synced bool   // sent is known (false at start and after a failure)
}

// wrote records lines just written and fsynced, for publication.
func (l *Log) wrote(b []byte) {
	if l.outbox != nil {
		l.unsent = append(l.unsent, b...)
	}
}

// publishLocked inserts every line the outbox lacks; l.mu and the file
// lock are held.
func (l *Log) publishLocked() error {
	if l.outbox == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), publishTimeout)
	defer cancel()
	unsent := l.unsent
	l.unsent = nil
	err := l.publishFast(ctx, unsent)
	if err != nil {
		err = l.resync(ctx)
	}
	if err != nil {
		l.synced = false
		return fmt.Errorf("%w: %w", ErrNotPublished, err)
	}
	l.synced, l.sent = true, l.head.seq
	return nil
}

// publishFast inserts the lines this process just wrote when they directly
// follow what the outbox holds; it fails otherwise (another process wrote
// meanwhile, or the outbox state is unknown).
func (l *Log) publishFast(ctx context.Context, unsent []byte) error {
	if !l.synced {
		return errors.New("outbox position unknown")
	}
	recs, err := parseRecords(unsent)
	if err != nil {
		return err
	}
	if len(recs) == 0 {
		if l.sent != l.head.seq {
			return errors.New("lines written by another process")
		}
		return nil
	}
	if recs[0].Seq != l.sent+1 || recs[len(recs)-1].Seq != l.head.seq {
		return errors.New("lines written by another process")
	}
	return insertChunks(ctx, l.outbox, recs)
}

// resync asks the outbox where it stands and inserts the rest of the
// chain from the day files.
func (l *Log) resync(ctx context.Context) error {
	n, err := l.outbox.Head(ctx)
	if err != nil {
		return err
	}
	if n > l.head.seq {
		return fmt.Errorf("the shared audit table holds %d entries of this log, which has %d (log cut, or two nodes with one node id)", n, l.head.seq)
	}
	if n == l.head.seq {
		return nil
	}
	return forRecords(ctx, l.root, n, func(recs []Record) error { return insertChunks(ctx, l.outbox, recs) })
}

func insertChunks(ctx context.Context, o Outbox, recs []Record) error {
	for len(recs) > 0 {
		n := min(len(recs), recordChunk)
		if err := o.Insert(ctx, recs[:n]); err != nil {
			return err
		}
		recs = recs[n:]
	}
	return nil
}

// parseRecords decodes newline-terminated format 2 lines.
func parseRecords(b []byte) ([]Record, error) {
	var out []Record
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			return nil, errNoNewline
		}
		line := b[:i:i]
		e, err := parseLine(line)
		if err != nil {
			return nil, err
		}
		out = append(out, Record{Seq: e.Seq, Entry: e, Line: line})
		b = b[i+1:]
	}
	return out, nil
}

// Records calls fn with the lines of the log in dir after chain position
// after, oldest first, in chunks. A line that does not verify on its own
// (hash, canonical form) stops it with an error; the chain links are
// left to Verify.
func Records(ctx context.Context, dir string, after int64, fn func([]Record) error) error {
	root, err := os.OpenRoot(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("audit: records: %w", err)
	}
	defer root.Close()
	return forRecords(ctx, root, after, fn)
}

// forRecords streams the lines after position after: it finds the first
// day file holding one from the files' last lines, then reads forward.
func forRecords(ctx context.Context, root *os.Root, after int64, fn func([]Record) error) error {
	names, err := listFiles(root)
	if err != nil {
		return err
	}
	start, base := 0, int64(0)
	for i := len(names) - 1; i >= 0; i-- {
		last, err := lastSeq(root, names, i)
		if err != nil {
			return err
		}
		if last <= after {
			start, base = i+1, last
			break
		}
	}
	for _, name := range names[start:] {
		if base, err = fileRecords(ctx, root, name, base, after, fn); err != nil {
			return err
		}
	}
	return nil
}

// lastSeq returns the chain position of the last line of names[i] (0 for
// an empty file before any entry); format 1 lines are counted.
func lastSeq(root *os.Root, names []string, i int) (int64, error) {
	b, _, ok, err := lastLine(root, names[i])
	if err != nil {
		return 0, err
	}
	if ok {
		e, err := parseLine(b)
		if err != nil {
			return 0, fmt.Errorf("audit: %s: %w", names[i], err)
		}
		if e.Seq > 0 {
			return e.Seq, nil
		}
	}
	return countLines(root, names[:i+1])
}

// fileRecords passes the lines of one file after position after to fn;
// base is the position before the file's first line. It returns the
// position of the file's last line.
func fileRecords(ctx context.Context, root *os.Root, name string, base, after int64, fn func([]Record) error) (int64, error) {
	f, err := root.Open(name)
	if err != nil {
		return base, fmt.Errorf("audit: open %s: %w", name, err)
	}
	defer f.Close()
	lr := newLineReader(f)
	var chunk []Record
	pos := base
	for {
		b, err := lr.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return pos, fmt.Errorf("audit: read %s: %w", name, err)
		}
		if pos++; pos <= after {
			continue
		}
		e, err := parseLine(b)
		if err != nil {
			return pos, fmt.Errorf("audit: %s entry %d: %w", name, pos, err)
		}
		chunk = append(chunk, Record{Seq: pos, Entry: e, Line: bytes.Clone(b)})
		if len(chunk) < recordChunk {
			continue
		}
		if err := fn(chunk); err != nil {
			return pos, err
		}
		if chunk = nil; ctx.Err() != nil {
			return pos, ctx.Err()
		}
	}
	if len(chunk) > 0 {
		return pos, fn(chunk)
	}
	return pos, nil
}
