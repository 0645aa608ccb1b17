package audit

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fortfolio/fortfolio/server/filelock"
)

// ErrClosed is returned by Append after Close.
var ErrClosed = errors.New("audit: log closed")

// ErrBroken is returned by Append when the newest entry on disk does not
// verify; run Verify to locate the damage.
var ErrBroken = errors.New("audit: log broken")

// ErrKeyRequired reports a log whose newest entries carry MACs opened
// without a key: appending would silently turn authentication off.
var ErrKeyRequired = errors.New("audit: the audit log is authenticated (HMAC); set FORTFOLIO_AUDIT_KEY (or FORTFOLIO_AUDIT_KEY_FILE) to the key it was written with, for CLI commands too")

// ErrKeyMismatch reports a key that does not authenticate the newest entry.
var ErrKeyMismatch = errors.New("audit: the audit key does not match the log's newest entry (wrong key, or the entry was forged)")

const lockName = ".lock"

// Log appends entries to the hash chain in one directory. It is safe for
// concurrent use: appends are serialised by a mutex within the process and
// by a file lock across processes, and each append re-reads the chain head
// under the lock, so the server and CLI commands extend one chain.
type Log struct {
	mu     sync.Mutex
	root   *os.Root
	lock   *os.File
	key    *Key
	now    func() time.Time
	file   *os.File
	day    string // name of the open file
	head   head
	res    reserve
	full   atomic.Bool
	onHead func(context.Context, Checkpoint)
	heads  *headSaver
	group  group
	syncs  atomic.Int64 // successful fsyncs of day files (group commits, deferred syncs)
	fsync  func(*os.File) error
	turn   syncTurn // the fsync run outside mu
	closed bool
	// deferred is AppendDeferred's state: unsynced lines, their callbacks
	// and the syncer that makes them durable.
	deferred deferredState
	outbox   Outbox // WithOutbox: where written lines are also published
	outboxState
}

// Option configures Open.
type Option func(*Log)

// WithClock makes the log take entry times from now instead of time.Now.
func WithClock(now func() time.Time) Option {
	return func(l *Log) { l.now = now }
}

// WithKey authenticates new entries with key (HMAC-SHA256). A log opened
// with a key writes a format point the first time it extends entries
// written without one.
func WithKey(key *Key) Option {
	return func(l *Log) { l.key = key }
}

// WithReserve sets the disk space kept in reserve (DefaultReserve; 0 keeps
// none).
func WithReserve(bytes int64) Option {
	return func(l *Log) { l.res.size = bytes }
}

// WithCheckpoints calls save with the signed chain head after every
// written batch of entries (outside the lock; concurrent saves are
// coalesced into the newest head), to be stored where the log's writer
// cannot cut it. Append returns only after a save that covers its entry.
func WithCheckpoints(save func(context.Context, Checkpoint)) Option {
	return func(l *Log) { l.onHead = save }
}

// Open opens (creating with mode 0700 if needed) the audit directory dir and
// resumes the chain. A torn last line (a crash or a full disk during a
// write) is moved into a quarantine file and the repair is logged. Open
// fails if the newest complete line does not verify, or if its MAC does not
// match the key.
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
	l := &Log{root: root, now: time.Now, head: emptyHead(), res: reserve{size: DefaultReserve}, fsync: fileSync}
	l.turn.cond = sync.NewCond(&l.turn.mu)
	l.deferred.delay = DefaultSyncDelay
	for _, o := range opts {
		o(l)
	}
	if l.onHead != nil {
		l.heads = newHeadSaver(l.onHead)
	}
	if l.lock, err = root.OpenFile(lockName, os.O_RDWR|os.O_CREATE, 0o600); err != nil {
		_ = root.Close()
		return nil, fmt.Errorf("audit: lock file: %w", err)
	}
	if err := l.start(ctx); err != nil {
		_ = l.lock.Close()
		_ = root.Close()
		return nil, err
	}
	return l, nil
}

// start reads the head under the lock, repairs a torn tail and prepares the
// disk reserve.
func (l *Log) start(ctx context.Context) error {
	if err := filelock.Lock(l.lock); err != nil {
		return err
	}
	defer func() { _ = filelock.Unlock(l.lock) }()
	repaired, err := l.refresh()
	if err != nil {
		return err
	}
	if err := l.res.ensure(l.root); err != nil {
		slog.WarnContext(ctx, "audit: no disk space for the reserve; changes are refused until space is freed", slog.Any("error", err))
	}
	l.full.Store(l.res.full)
	if repaired != nil {
		slog.WarnContext(ctx, "audit: torn last line moved to quarantine", slog.String("file", repaired.Target), slog.String("quarantine", repaired.Details["quarantine"]))
		if _, err = l.appendLocked(*repaired); err != nil {
			return err
		}
	}
	if err := l.publishLocked(); err != nil {
		slog.WarnContext(ctx, "audit: entries not yet in the shared audit table; retried with the next entry", slog.Any("error", err))
	}
	return nil
}

// refresh re-reads the chain head when the newest file changed since this
// process last wrote it, and checks the key against it.
func (l *Log) refresh() (*Entry, error) {
	if l.head.name != "" && l.unchanged() {
		return nil, nil
	}
	l.closeFile() // the next write opens the file now at the head's name
	h, repaired, err := readHead(l.root, l.clock)
	if err != nil {
		return nil, err
	}
	if err := l.checkKey(h); err != nil {
		return nil, err
	}
	l.head = h
	return repaired, nil
}

// unchanged reports whether the cached newest file still has the cached
// size and no later day file exists.
//
// While the head is today's file and the one this process last wrote,
// its size alone tells: another writer could only have written today's
// file too (a later day file needs a later clock), so it cannot extend
// the chain without that file growing. The file at the head's name must
// still be the one open here (a file put in its place is read again).
// Otherwise, on the first write of a day and after a restart, the
// directory is listed.
func (l *Log) unchanged() bool {
	st, err := l.root.Stat(l.head.name)
	if err != nil || st.Size() != l.head.size {
		return false
	}
	if l.file != nil && l.day == l.head.name && fileName(l.clock()) == l.head.name {
		open, err := l.file.Stat()
		return err == nil && os.SameFile(open, st)
	}
	names, err := listFiles(l.root)
	return err == nil && len(names) > 0 && names[len(names)-1] == l.head.name
}

func (l *Log) checkKey(h head) error {
	if h.mode != formatMAC {
		return nil
	}
	if l.key == nil {
		return ErrKeyRequired
	}
	last, _, _, err := lastLine(l.root, h.name)
	if err != nil {
		return err
	}
	e, err := parseLine(last)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrBroken, err)
	}
	if !l.key.validMAC(e.Hash, e.MAC) {
		return ErrKeyMismatch
	}
	return nil
}

func (l *Log) clock() time.Time { return l.now().UTC() }

// Append adds e to the chain. Seq, TS, Prev, Hash and MAC are set by the log
// (TS never goes backwards); over-long values are truncated. The line is on
// the disk (written and fsynced) and a checkpoint covering it is saved
// before Append returns. Concurrent appends are group-committed: one of
// them writes every entry queued at that moment with one write call; the
// fsync runs without the log's lock (except with an outbox), so the next
// batch is written while the disk works, and appends waiting for the disk
// share one fsync.
// Append is not cancellable: an entry for a change that was made
// is written even if the request that made it has gone. On a full disk the
// reserve is used for the entry and Writable reports ErrFull until space is
// freed.
func (l *Log) Append(ctx context.Context, e Entry) error {
	ctx = context.WithoutCancel(ctx)
	e, err := sanitize(e)
	if err != nil {
		return err
	}
	w := &waiter{e: e, ch: make(chan result, 1)}
	if !l.group.join(w) {
		if r := <-w.ch; !r.lead {
			return r.err
		}
	}
	return l.lead(ctx, w)
}

// lead writes every queued entry (w's among them), hands the writing turn
// on, waits for an fsync and the checkpoint that cover the batch (unless
// every entry of it was deferred, see AppendDeferred) and tells each
// waiter its outcome.
func (l *Log) lead(ctx context.Context, w *waiter) error {
	batch := l.group.take()
	errs := make([]error, len(batch))
	sync := synced(batch)
	// With an outbox, lines are published under the lock right after
	// their fsync (never ahead of the disk), so the fsync stays there.
	cp, wrote, acks := l.appendAll(batch, errs, sync && l.outbox != nil)
	l.group.handOff()
	if wrote && sync {
		l.makeDurable(ctx, cp, batch, errs)
	}
	if acks {
		l.kickSyncer()
	}
	var mine error
	for i, o := range batch {
		if o == w {
			mine = errs[i]
			continue
		}
		o.ch <- result{err: errs[i]}
	}
	return mine
}

// makeDurable waits for an fsync covering the written batch, then for a
// saved checkpoint covering it; when the fsync fails, the batch's plain
// appends get the error (its deferred ones keep their pending records).
func (l *Log) makeDurable(ctx context.Context, cp Checkpoint, batch []*waiter, errs []error) {
	if err := l.syncTo(cp.Entries); err != nil {
		for i, o := range batch {
			if o.durable == nil {
				errs[i] = cmp.Or(errs[i], err)
			}
		}
		return
	}
	if l.heads != nil {
		l.heads.cover(ctx, cp)
	}
}

// appendAll writes the batch in chunks of at most maxBatchBytes, one write
// (and, when sync is set, one fsync) each, setting errs[i] for every entry
// that was not written. It returns the checkpoint of the newest head,
// whether any entry was written and whether deferred entries wait for
// their durable callbacks.
func (l *Log) appendAll(batch []*waiter, errs []error, sync bool) (Checkpoint, bool, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fail := func(from int, err error) {
		for i := from; i < len(batch); i++ {
			errs[i] = err
		}
	}
	if l.closed {
		fail(0, ErrClosed)
		return Checkpoint{}, false, false
	}
	if l.deferred.syncFailed {
		fail(0, errSyncFailed)
		return Checkpoint{}, false, false
	}
	if err := filelock.Lock(l.lock); err != nil {
		fail(0, err)
		return Checkpoint{}, false, false
	}
	defer func() { _ = filelock.Unlock(l.lock) }()
	repaired, err := l.refresh()
	if err == nil && repaired != nil {
		_, err = l.appendLocked(*repaired)
	}
	if err != nil {
		fail(0, err)
		return Checkpoint{}, false, false
	}
	var cp Checkpoint
	wrote := false
	for i := 0; i < len(batch); {
		n, c, err := l.appendChunk(batch[i:], errs[i:], sync)
		if err != nil {
			fail(i, err)
			break
		}
		if c.Entries > 0 {
			cp = c
		}
		wrote = true
		i += n
	}
	if wrote || len(l.unsent) > 0 {
		if err := l.publishLocked(); err != nil {
			for i := range errs {
				errs[i] = cmp.Or(errs[i], err)
			}
		}
	}
	l.queueAcks(batch, errs)
	return cp, wrote, len(l.deferred.acks) > 0
}

// appendChunk encodes entries from the front of batch until maxBatchBytes
// (at least one entry) and writes them with one write call. An entry that
// cannot be encoded gets its own error and is skipped. It returns how many
// entries it consumed and the new head's checkpoint (empty when it wrote none).
func (l *Log) appendChunk(batch []*waiter, errs []error, sync bool) (int, Checkpoint, error) {
	h := l.head
	want := l.format()
	if h.mode == formatMAC && want != formatMAC {
		return 0, Checkpoint{}, ErrKeyRequired
	}
	ts := l.clock()
	if ts.Before(h.ts) {
		ts = h.ts
	}
	if err := l.closeDay(&h, want, ts); err != nil {
		return 0, Checkpoint{}, err
	}
	var buf []byte
	if h.seq > 0 && h.mode != want {
		b, err := l.encode(&h, formatPoint(h.mode, want), ts)
		if err != nil {
			return 0, Checkpoint{}, err
		}
		buf = b
	}
	n, lines := 0, 0
	for ; n < len(batch) && (lines == 0 || len(buf) < maxBatchBytes); n++ {
		b, err := l.encode(&h, batch[n].e, ts)
		if err != nil {
			errs[n] = err
			continue
		}
		batch[n].seq = h.seq
		buf = append(buf, b...)
		lines++
	}
	if lines == 0 { // nothing written: no checkpoint to save (the head may hold unsynced lines)
		return n, Checkpoint{}, nil
	}
	h.name = fileName(ts)
	var err error
	if h.size, err = l.writeSync(h.name, buf, sync); err != nil {
		return 0, Checkpoint{}, err
	}
	l.head = h
	return n, l.key.Sign(Checkpoint{Entries: h.seq, Head: h.prev, At: h.ts}), nil
}

// appendLocked writes e, preceded by a format point when the log switches
// format and by a checkpoint closing the previous day file on a new day.
func (l *Log) appendLocked(e Entry) (Checkpoint, error) {
	h := l.head
	want := l.format()
	if h.mode == formatMAC && want != formatMAC {
		return Checkpoint{}, ErrKeyRequired
	}
	ts := l.clock()
	if ts.Before(h.ts) {
		ts = h.ts
	}
	if err := l.closeDay(&h, want, ts); err != nil {
		return Checkpoint{}, err
	}
	var pre []byte
	if h.seq > 0 && h.mode != want {
		b, err := l.encode(&h, formatPoint(h.mode, want), ts)
		if err != nil {
			return Checkpoint{}, err
		}
		pre = b
	}
	b, err := l.encode(&h, e, ts)
	if err != nil {
		return Checkpoint{}, err
	}
	h.name = fileName(ts)
	if h.size, err = l.write(h.name, append(pre, b...)); err != nil {
		return Checkpoint{}, err
	}
	l.head = h
	return l.key.Sign(Checkpoint{Entries: h.seq, Head: h.prev, At: h.ts}), nil
}

// closeDay appends a checkpoint to the newest day file when ts falls on a
// later day and the file does not end with one yet (and no format switch
// is pending): every day file with entries ends with the signed chain head.
func (l *Log) closeDay(h *head, want format, ts time.Time) error {
	if h.seq == 0 || h.mode != want || fileName(ts) == h.name || h.last == ActionAuditCheckpoint {
		return nil
	}
	b, err := l.encode(h, l.checkpointEntry(*h), h.ts)
	if err != nil {
		return err
	}
	if h.size, err = l.write(h.name, b); err != nil {
		return err
	}
	l.head = *h
	return nil
}

// CloseDay writes the checkpoint that closes the newest day file once its
// UTC day is over, even when no new entry arrives; the server calls it
// periodically so the log holds a signed checkpoint at least daily. With
// an outbox it also publishes the lines an earlier failure left out.
func (l *Log) CloseDay(ctx context.Context) error {
	ctx = context.WithoutCancel(ctx)
	cp, wrote, err := l.closeDayLocked()
	if wrote && l.heads != nil {
		l.heads.cover(ctx, cp)
	}
	return err
}

func (l *Log) closeDayLocked() (Checkpoint, bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return Checkpoint{}, false, ErrClosed
	}
	if err := filelock.Lock(l.lock); err != nil {
		return Checkpoint{}, false, err
	}
	defer func() { _ = filelock.Unlock(l.lock) }()
	repaired, err := l.refresh()
	if err != nil {
		return Checkpoint{}, false, err
	}
	before := l.head.seq
	if repaired != nil {
		if _, err := l.appendLocked(*repaired); err != nil {
			return Checkpoint{}, false, err
		}
	}
	h := l.head
	if err := l.closeDay(&h, l.format(), l.clock()); err != nil {
		return Checkpoint{}, false, err
	}
	err = l.publishLocked() // also inserts what an earlier failure left out
	return l.key.Sign(Checkpoint{Entries: h.seq, Head: h.prev, At: h.ts}), h.seq > before, err
}

// format is the kind of entries this log writes.
func (l *Log) format() format {
	if l.key != nil {
		return formatMAC
	}
	return formatPlain
}

// encode turns e into the next line after h and advances h.
func (l *Log) encode(h *head, e Entry, ts time.Time) ([]byte, error) {
	e.TS, e.Prev, e.Seq = ts, h.prev, h.seq+1
	mode := l.format()
	b, sum, err := encodeLine(e.record(), l.key)
	if err != nil {
		return nil, err
	}
	h.prev, h.seq, h.ts, h.mode, h.last = sum, h.seq+1, ts, mode, e.Action
	return b, nil
}

func formatPoint(from, to format) Entry {
	return Entry{Actor: "system", Action: ActionAuditFormat, Details: map[string]string{
		"format": "2", "from": from.String(), "mac": to.String()}}
}

func (l *Log) checkpointEntry(h head) Entry {
	cp := l.key.Sign(Checkpoint{Entries: h.seq, Head: h.prev, At: h.ts})
	d := map[string]string{"entries": strconv.FormatInt(cp.Entries, 10), "head": cp.Head, "at": cp.At.Format(time.RFC3339Nano)}
	if cp.Sig != "" {
		d["sig"] = cp.Sig
	}
	return Entry{Actor: "system", Action: ActionAuditCheckpoint, Target: h.name, Details: d}
}

// Syncs returns how many fsyncs of day files this log made; with group
// commit it grows slower than the number of entries under concurrency,
// and AppendDeferred leaves its lines to a later, shared one.
func (l *Log) Syncs() int64 { return l.syncs.Load() }

// LastHash returns the hash of the newest entry this process knows of
// (GenesisHash for an empty log).
func (l *Log) LastHash() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.head.prev
}

// Close makes every deferred line durable (fsync, checkpoint, durable
// callbacks) and closes the current file; later appends return ErrClosed.
func (l *Log) Close() error {
	l.stopSyncer()
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return nil
	}
	l.closed = true
	errs := []error{l.syncFile()} // a deferred line written after the syncer stopped
	if l.file != nil {
		errs = append(errs, l.file.Close())
		l.file = nil
	}
	errs = append(errs, l.lock.Close(), l.root.Close())
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("audit: close: %w", err)
	}
	return nil
}
