package store

import (
	"container/list"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"github.com/fortfolio/fortfolio/shared/validate"
)

// userDBCache keeps at most max per-user database handles open, evicting
// the least recently used one when full. Its lock guards only the maps and
// counters: databases are opened and closed outside it, so a slow open or
// a close waiting for statements never stalls other users' requests.
type userDBCache struct {
	dir   string
	max   int
	mu    sync.Mutex
	order *list.List // of *userDB, front = most recent; evicted handles are not in it
	byID  map[string]*userDB
	// gone holds the ids of accounts deleted while the server runs: their
	// databases are never opened (or recreated) again, even by a request
	// that was authenticated just before the deletion.
	gone    map[string]bool
	closing sync.WaitGroup // background closes still running
}

// userDB is one cached handle. refs counts the store calls using it; an
// evicted handle is closed by the call that drops refs to zero, so no
// request ever meets a closed database.
type userDB struct {
	id     string
	db     *sql.DB
	writer *writer
	ready  chan struct{} // closed once the open finished (db or err set)
	err    error
	refs   int           // guarded by userDBCache.mu
	el     *list.Element // nil once evicted; guarded by userDBCache.mu
	closed chan struct{} // closed when the handle is closed after eviction
	// tails caches checked history ends per portfolio; only the holder of
	// the write turn reads or changes it.
	tails ledgerTails
}

func newUserDBCache(dir string, max int) *userDBCache {
	return &userDBCache{dir: dir, max: max, order: list.New(), byID: map[string]*userDB{}, gone: map[string]bool{}}
}

// UserDB checks that the user's portfolio database can be opened (creating
// it on first use). Callers pass the authenticated user's id only; the id
// is validated and names an internal directory, never user text.
func (s *Store) UserDB(ctx context.Context, userID string) error {
	_, done, err := s.userDB(ctx, userID)
	if err != nil {
		return err
	}
	done()
	return nil
}

// userDB returns the user's database for reading, held open until done is
// called (the handle is never closed under a running call).
func (s *Store) userDB(ctx context.Context, userID string) (*sql.DB, func(), error) {
	h, err := s.acquireUser(ctx, userID)
	if err != nil {
		return nil, nil, err
	}
	return h.db, func() { s.users.release(h) }, nil
}

// userWriteDB is userDB holding the database's single write turn until done:
// writers queue here, in Go, one at a time per user database.
func (s *Store) userWriteDB(ctx context.Context, userID string) (*sql.DB, func(), error) {
	h, done, err := s.userWriter(ctx, userID)
	if err != nil {
		return nil, nil, err
	}
	return h.db, done, nil
}

// userWriter is userWriteDB returning the whole handle (for its caches).
func (s *Store) userWriter(ctx context.Context, userID string) (*userDB, func(), error) {
	h, err := s.acquireUser(ctx, userID)
	if err != nil {
		return nil, nil, err
	}
	if err := h.writer.lock(ctx); err != nil {
		s.users.release(h)
		return nil, nil, err
	}
	return h, func() { h.writer.unlock(); s.users.release(h) }, nil
}

func (s *Store) acquireUser(ctx context.Context, userID string) (*userDB, error) {
	if err := validate.ID(userID); err != nil {
		return nil, fmt.Errorf("store: user db: %w", err)
	}
	return s.users.acquire(ctx, userID)
}

// acquire returns id's handle, opening it when it is not cached. Only one
// open per user is in flight: later callers wait for it.
func (c *userDBCache) acquire(ctx context.Context, id string) (*userDB, error) {
	c.mu.Lock()
	if c.gone[id] {
		c.mu.Unlock()
		return nil, ErrNotFound
	}
	h, cached := c.byID[id]
	if !cached {
		h = &userDB{id: id, writer: newWriter(), ready: make(chan struct{}), closed: make(chan struct{}), tails: ledgerTails{}}
		c.byID[id] = h
	}
	h.refs++
	c.touchLocked(h)
	victims := c.trimLocked()
	c.mu.Unlock()
	c.closeAsync(victims)
	if !cached {
		c.finishOpen(ctx, h)
	}
	select {
	case <-h.ready:
	case <-ctx.Done():
		c.release(h)
		return nil, fmt.Errorf("store: user db: %w", ctx.Err())
	}
	if h.err != nil {
		c.release(h)
		return nil, h.err
	}
	return h, nil
}

// finishOpen opens h's database on behalf of every caller waiting for it
// (so one caller's cancellation does not fail the others). A failed open
// leaves the cache, so the next request tries again.
func (c *userDBCache) finishOpen(ctx context.Context, h *userDB) {
	h.db, h.err = c.open(context.WithoutCancel(ctx), h.id)
	if h.err != nil {
		c.mu.Lock()
		if c.byID[h.id] == h {
			delete(c.byID, h.id)
		}
		if h.el != nil {
			c.order.Remove(h.el)
			h.el = nil
		}
		c.mu.Unlock()
		close(h.closed)
	}
	close(h.ready)
}

// touchLocked moves h to the front, putting an evicted handle that is still
// in use back into the cache instead of opening a second one.
func (c *userDBCache) touchLocked(h *userDB) {
	if h.el != nil {
		c.order.MoveToFront(h.el)
		return
	}
	h.el = c.order.PushFront(h)
}

// trimLocked evicts least recently used handles beyond max and returns the
// evicted ones that nobody uses, to be closed outside the lock.
func (c *userDBCache) trimLocked() []*userDB {
	var victims []*userDB
	for c.order.Len() > c.max {
		h := c.order.Remove(c.order.Back()).(*userDB)
		h.el = nil
		if h.refs == 0 {
			delete(c.byID, h.id)
			victims = append(victims, h)
		}
	}
	return victims
}

// release drops one reference; the last one closes an evicted handle.
func (c *userDBCache) release(h *userDB) {
	c.mu.Lock()
	h.refs--
	last := h.refs == 0 && h.el == nil && c.byID[h.id] == h
	if last {
		delete(c.byID, h.id)
	}
	c.mu.Unlock()
	if last {
		c.closeAsync([]*userDB{h})
	}
}

// closeAsync closes handles in the background.
func (c *userDBCache) closeAsync(hs []*userDB) {
	for _, h := range hs {
		c.closing.Add(1)
		go func() {
			defer c.closing.Done()
			h.close()
		}()
	}
}

// close waits for the open to finish, then closes the database.
func (h *userDB) close() {
	<-h.ready
	if h.db != nil {
		_ = h.db.Close()
	}
	close(h.closed)
}

func (c *userDBCache) open(ctx context.Context, id string) (*sql.DB, error) {
	dir := filepath.Join(c.dir, "users", id)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("store: user dir: %w", err)
	}
	db, err := openDB(ctx, filepath.Join(dir, "portfolio.db"), "FULL", portfolioMigrations)
	if err != nil {
		return nil, err
	}
	boundConns(db)
	return db, nil
}

// drop refuses to open id's database again (the account was deleted; its
// directory is removed next) and waits until its handle is closed, which
// happens when the requests still using it are done.
func (c *userDBCache) drop(id string) {
	c.mu.Lock()
	c.gone[id] = true
	h, ok := c.byID[id]
	var victims []*userDB
	if ok && h.el != nil {
		c.order.Remove(h.el)
		h.el = nil
		if h.refs == 0 {
			delete(c.byID, id)
			victims = append(victims, h)
		}
	}
	c.mu.Unlock()
	c.closeAsync(victims)
	if ok {
		<-h.closed
	}
}

// closeAll closes every cached handle (at shutdown, when no request runs).
func (c *userDBCache) closeAll() error {
	c.mu.Lock()
	hs := make([]*userDB, 0, len(c.byID))
	for _, h := range c.byID {
		hs = append(hs, h)
	}
	c.byID = map[string]*userDB{}
	c.order.Init()
	c.mu.Unlock()
	var errs []error
	for _, h := range hs {
		<-h.ready
		if h.db != nil {
			errs = append(errs, h.db.Close())
		}
	}
	c.closing.Wait()
	return errors.Join(errs...)
}

// cached returns the number of handles in the cache (tests).
func (c *userDBCache) cached() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}
