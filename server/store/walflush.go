package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
)

// walFlush makes the commits of one per-user database durable outside its
// write turn (SyncFull). The database runs at synchronous=NORMAL, so a
// commit writes its WAL frames (which survive the process being killed)
// without waiting for the disk; each writer then waits, after handing the
// turn on, for an fsync of the WAL file that started after its commit.
// Writers whose commits end while one fsync runs share the next one (group
// commit), and the next writer's statements run while the disk works. An
// acknowledged write is on the disk exactly as with synchronous=FULL; a
// commit that is not flushed yet is visible to readers but was never
// acknowledged, and a power cut drops it whole (WAL frames are
// checksummed, so recovery stops at the first missing one).
type walFlush struct {
	path    string         // the database's -wal file
	commits *atomic.Uint64 // write turns ended (userDB.gen): each one's ticket

	mu       sync.Mutex
	cond     *sync.Cond
	flushed  uint64 // turns known to be on the disk
	flushing bool
	err      error       // a failed fsync: every later wait fails too
	wal      os.FileInfo // the WAL file last flushed (a new one needs its directory flushed)
	syncs    atomic.Int64
	// fsync is sync; tests replace it to hold a flush.
	fsync func() error
}

func newWALFlush(dbPath string, commits *atomic.Uint64) *walFlush {
	f := &walFlush{path: dbPath + "-wal", commits: commits}
	f.cond = sync.NewCond(&f.mu)
	f.fsync = f.sync
	return f
}

// wait returns once turn (a value of commits after the turn's commit) is on
// the disk. A nil walFlush (SyncNormal) returns at once.
func (f *walFlush) wait(turn uint64) error {
	if f == nil {
		return nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for f.err == nil && f.flushed < turn {
		if f.flushing {
			f.cond.Wait()
			continue
		}
		f.flushing = true
		upto := f.commits.Load() // every turn counted here has written its commit
		f.mu.Unlock()
		err := f.fsync()
		f.mu.Lock()
		f.flushing = false
		if err != nil {
			f.err = err
		} else {
			f.flushed = max(f.flushed, upto)
		}
		f.cond.Broadcast()
	}
	return f.err
}

// sync fsyncs the WAL file, and its directory the first time a WAL file is
// seen (SQLite creates one on the first write after the last connection
// closed). No WAL file means the last connection checkpointed it into the
// database file, synced, and removed it: nothing is left to flush.
func (f *walFlush) sync() error {
	file, err := os.Open(f.path) // #nosec G304 -- built from the data directory and an internal id
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("store: flush %s: %w", filepath.Base(f.path), err)
	}
	defer file.Close()
	st, err := file.Stat()
	if err == nil {
		err = dataSync(file)
	}
	if err == nil && (f.wal == nil || !os.SameFile(f.wal, st)) {
		err = syncDir(filepath.Dir(f.path))
	}
	if err != nil {
		return fmt.Errorf("store: flush %s: %w", filepath.Base(f.path), err)
	}
	f.wal = st
	f.syncs.Add(1)
	return nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir) // #nosec G304 -- a user directory under the data directory
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// endWrite ends h's write turn: the write generation (and, unless the
// write only removed pending audit entries, the data generation) moves
// on, the turn goes to the next writer, and then the commit is flushed
// (or left to a Flush the caller waits for, see DeferFlush). A flush that
// fails panics:
// the commit is visible but may not be on the disk, and the write must not
// be acknowledged (the HTTP server answers 500; the handle stays failed,
// as the kernel may have dropped the pages, until the process restarts
// and SQLite recovers from what the disk holds).
func (s *Store) endWrite(ctx context.Context, h *userDB) {
	// The generation moves on after the write's commit and before it is
	// acknowledged, so a read that starts after the acknowledgement never
	// uses a cache filled before it.
	if ctx.Value(auditOnlyKey{}) == nil {
		h.dataGen.Add(1)
	}
	turn := h.gen.Add(1)
	h.writer.unlock()
	s.settle(ctx, h, turn)
}

type deferKey struct{}

// Flush is the durability of the user database writes made with a context
// from DeferFlush, still to be awaited with Wait.
type Flush struct {
	s     *Store
	mu    sync.Mutex
	hs    []*userDB
	turns []uint64
	done  bool
}

// DeferFlush returns a context whose user database writes return once
// committed, before they are on the disk, and the Flush to Wait for before
// the writes are acknowledged. The caller can do other work meanwhile
// (write the audit entry), so the two disk flushes overlap. Wait must be
// called (also after a failed write): it also releases the databases.
func (s *Store) DeferFlush(ctx context.Context) (context.Context, *Flush) {
	f := &Flush{s: s}
	return context.WithValue(ctx, deferKey{}, f), f
}

func (f *Flush) add(h *userDB, turn uint64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.done { // a write after Wait: flush it at once
		err := h.flush.wait(turn)
		f.s.users.release(h)
		if err != nil {
			panic(err)
		}
		return
	}
	f.hs, f.turns = append(f.hs, h), append(f.turns, turn)
}

// Wait returns once every write made with the Flush's context is on the
// disk, or the error of a failed flush (the write is then not durable and
// must not be acknowledged).
func (f *Flush) Wait() error {
	f.mu.Lock()
	hs, turns := f.hs, f.turns
	f.hs, f.turns, f.done = nil, nil, true
	f.mu.Unlock()
	var first error
	for i, h := range hs {
		if err := h.flush.wait(turns[i]); err != nil && first == nil {
			first = err
		}
		f.s.users.release(h)
	}
	return first
}

// userDBPragma is the synchronous pragma a per-user database is opened
// with: SyncFull databases are flushed by walFlush, not inside the commit.
func (c *userDBCache) userDBPragma() string {
	if c.sync == "FULL" {
		return "NORMAL"
	}
	return c.sync
}

// attachFlush gives a SyncFull handle its WAL flusher.
func (c *userDBCache) attachFlush(h *userDB) {
	if c.sync == "FULL" {
		h.flush = newWALFlush(filepath.Join(c.dir, "users", h.id, "portfolio.db"), &h.gen)
	}
}

// WALFlushes returns how many flushes of the user's portfolio database WAL
// this process made (0 at SyncNormal): tests count a write's disk flushes
// with it.
func (s *Store) WALFlushes(ctx context.Context, userID string) (int64, error) {
	h, err := s.acquireUser(ctx, userID)
	if err != nil {
		return 0, err
	}
	defer s.users.release(h)
	if h.flush == nil {
		return 0, nil
	}
	return h.flush.syncs.Load(), nil
}
