package store

import (
	"container/list"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"

	"github.com/fortfolio/fortfolio/server/model"
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
	// ledger records in the accounts database which portfolio databases
	// were created, and reports missing ones.
	ledger *Store
	// reported holds the ids whose missing database was already reported.
	reported map[string]bool
	// sync is the synchronous pragma of the per-user databases.
	sync string
	// shared is the PostgreSQL pool holding every user's rows (nil: one
	// SQLite file per user).
	shared *sql.DB
}

// userDB is one cached handle. refs counts the store calls using it; an
// evicted handle is closed by the call that drops refs to zero, so no
// request ever meets a closed database.
type userDB struct {
	id     string
	db     dbHandle
	writer *writer
	ready  chan struct{} // closed once the open finished (db or err set)
	err    error
	refs   int           // guarded by userDBCache.mu
	el     *list.Element // nil once evicted; guarded by userDBCache.mu
	closed chan struct{} // closed when the handle is closed after eviction
	// tails caches checked history ends per portfolio.
	tails *ledgerTails
	// prep holds the database's prepared hot statements (set with db).
	prep *stmtCache
	// gen counts the write turns that ended on this database (each one's
	// flush ticket).
	gen atomic.Uint64
	// dataGen counts the write turns that ended and could have changed
	// user data (all but the removal of pending audit entries); a cached
	// read made at an older data generation is stale.
	dataGen atomic.Uint64
	// portfolios caches the portfolio list read at a data generation.
	portfolios atomic.Pointer[portfolioList]
	// flush makes commits durable after the write turn (SyncFull).
	flush *walFlush
	// appends queues transaction appends for a group commit (unused on
	// PostgreSQL, where each append takes its own turn).
	appends *appendQueue
}

// portfolioList is the portfolio list as read at data generation gen,
// with its rendering (ListPortfoliosRendered) once asked for.
type portfolioList struct {
	gen      uint64
	items    []model.Portfolio
	rendered sync.Once
	body     []byte
	bodyErr  error
}

func newUserDBCache(dir string, max int, ledger *Store) *userDBCache {
	return &userDBCache{dir: dir, max: max, order: list.New(), byID: map[string]*userDB{}, gone: map[string]bool{},
		ledger: ledger, reported: map[string]bool{}, sync: "FULL"}
}

// UserDB checks that the user's portfolio database can be opened (creating
// it on first use). A database that was created once and is now missing or
// empty is never re-created: UserDB returns model.ErrUserDataMissing and
// records a security event for admins. Callers pass the authenticated
// user's id only; the id is validated and names an internal directory,
// never user text.
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
func (s *Store) userDB(ctx context.Context, userID string) (dbHandle, func(), error) {
	h, err := s.acquireUser(ctx, userID)
	if err != nil {
		return nil, nil, err
	}
	return h.db, func() { s.users.release(h) }, nil
}

// userWriteDB is userDB holding the database's single write turn until done:
// writers queue here, in Go, one at a time per user database.
func (s *Store) userWriteDB(ctx context.Context, userID string) (dbHandle, func(), error) {
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
	return h, func() { s.endWrite(ctx, h) }, nil
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
		return nil, model.ErrNotFound
	}
	h, cached := c.byID[id]
	if !cached {
		h = &userDB{id: id, writer: newWriter(), ready: make(chan struct{}), closed: make(chan struct{}), tails: newLedgerTails()}
		h.tails.off = c.shared != nil
		h.appends = &appendQueue{}
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
	if c.shared != nil {
		// The rows live in the shared tables; record that the user has
		// data, as the SQLite backend does when it creates the file.
		h.db = pgUserDB{db: c.shared, user: h.id}
		h.prep = newDirectStmts(h.db)
		h.err = c.ledger.markDataCreated(context.WithoutCancel(ctx), h.id)
	} else {
		h.db, h.err = c.open(context.WithoutCancel(ctx), h.id)
		if h.err == nil {
			h.prep = newStmtCache(h.db)
			c.attachFlush(h)
		}
	}
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
		h.prep.close()
		_ = h.db.Close()
	}
	close(h.closed)
}

func (c *userDBCache) open(ctx context.Context, id string) (dbHandle, error) {
	dir := filepath.Join(c.dir, "users", id)
	path := filepath.Join(dir, "portfolio.db")
	created, err := c.ledger.dataCreated(ctx, id)
	if err != nil {
		return nil, err
	}
	if created && !present(path) {
		c.reportMissing(ctx, id)
		return nil, model.ErrUserDataMissing
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("store: user dir: %w", err)
	}
	db, err := openDB(ctx, path, c.userDBPragma(), portfolioMigrations)
	if err != nil {
		return nil, err
	}
	boundConns(db)
	if !created {
		if err := c.ledger.markDataCreated(ctx, id); err != nil {
			_ = db.Close()
			return nil, err
		}
	}
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
			h.prep.close()
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

// present reports whether path is a non-empty regular file.
func present(path string) bool {
	st, err := os.Lstat(path)
	return err == nil && st.Mode().IsRegular() && st.Size() > 0
}

// reportMissing records a user_data_missing security event once per
// account and process.
func (c *userDBCache) reportMissing(ctx context.Context, id string) {
	c.mu.Lock()
	seen := c.reported[id]
	c.reported[id] = true
	c.mu.Unlock()
	if seen {
		return
	}
	slog.ErrorContext(ctx, "store: portfolio database missing or empty; not re-created", slog.String("user", id))
	e := model.SecurityEvent{Kind: "user_data_missing", UserID: id,
		Detail: "users/" + id + "/portfolio.db is missing or empty; restore it from a backup (see docs/backups.md)"}
	if err := c.ledger.AddSecurityEvent(context.WithoutCancel(ctx), e); err != nil {
		slog.ErrorContext(ctx, "store: security event failed", slog.Any("error", err))
	}
}

// dataCreated reports whether the account's portfolio database was ever
// created (false for unknown ids and accounts from before this was kept).
func (s *Store) dataCreated(ctx context.Context, id string) (bool, error) {
	var v int
	err := s.db.QueryRowContext(ctx, `SELECT data_created FROM users WHERE id = ?`, id).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: user data state: %w", err)
	}
	return v == 1, nil
}

func (s *Store) markDataCreated(ctx context.Context, id string) error {
	if _, err := s.db.ExecContext(ctx, `UPDATE users SET data_created = 1 WHERE id = ? AND data_created = 0`, id); err != nil {
		return fmt.Errorf("store: mark user data: %w", err)
	}
	return nil
}
