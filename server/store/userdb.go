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

	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/shared/validate"
)

// userDBCache keeps at most max per-user database handles open, closing
// the least recently used one when full.
type userDBCache struct {
	dir   string
	max   int
	mu    sync.Mutex
	order *list.List // of string user ids, front = most recent
	items map[string]*list.Element
	dbs   map[string]*sql.DB
	// gone holds the ids of accounts deleted while the server runs: their
	// databases are never opened (or recreated) again, even by a request
	// that was authenticated just before the deletion.
	gone map[string]bool
	// ledger records in the accounts database which portfolio databases
	// were created, and reports missing ones.
	ledger *Store
	// reported holds the ids whose missing database was already reported.
	reported map[string]bool
}

func newUserDBCache(dir string, max int, ledger *Store) *userDBCache {
	return &userDBCache{dir: dir, max: max, order: list.New(), items: map[string]*list.Element{}, dbs: map[string]*sql.DB{},
		gone: map[string]bool{}, ledger: ledger, reported: map[string]bool{}}
}

// UserDB returns the portfolio database of the given user, creating it on
// first use. A database that was created once and is now missing or empty
// is never re-created: UserDB returns model.ErrUserDataMissing and records a
// security event for admins. Callers pass the authenticated user's id only;
// the id is validated and names an internal directory, never user text.
func (s *Store) UserDB(ctx context.Context, userID string) (*sql.DB, error) {
	if err := validate.ID(userID); err != nil {
		return nil, fmt.Errorf("store: user db: %w", err)
	}
	return s.users.get(ctx, userID)
}

func (c *userDBCache) get(ctx context.Context, id string) (*sql.DB, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gone[id] {
		return nil, model.ErrNotFound
	}
	if el, ok := c.items[id]; ok {
		c.order.MoveToFront(el)
		return c.dbs[id], nil
	}
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
	db, err := openDB(ctx, path, "FULL", portfolioMigrations)
	if err != nil {
		return nil, err
	}
	if !created {
		if err := c.ledger.markDataCreated(ctx, id); err != nil {
			_ = db.Close()
			return nil, err
		}
	}
	c.items[id] = c.order.PushFront(id)
	c.dbs[id] = db
	for c.order.Len() > c.max {
		c.evictLocked(c.order.Back())
	}
	return db, nil
}

func (c *userDBCache) evictLocked(el *list.Element) {
	id := el.Value.(string)
	c.order.Remove(el)
	delete(c.items, id)
	// Closing waits for statements in flight to finish.
	_ = c.dbs[id].Close()
	delete(c.dbs, id)
}

// drop closes a user's handle and refuses to open it again (the account
// was deleted; its directory is removed next).
func (c *userDBCache) drop(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gone[id] = true
	if el, ok := c.items[id]; ok {
		c.evictLocked(el)
	}
}

func (c *userDBCache) closeAll() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	var errs []error
	for id, db := range c.dbs {
		errs = append(errs, db.Close())
		delete(c.dbs, id)
	}
	c.order.Init()
	c.items = map[string]*list.Element{}
	return errors.Join(errs...)
}

// present reports whether path is a non-empty regular file.
func present(path string) bool {
	st, err := os.Lstat(path)
	return err == nil && st.Mode().IsRegular() && st.Size() > 0
}

// reportMissing records a user_data_missing security event once per
// account and process.
func (c *userDBCache) reportMissing(ctx context.Context, id string) {
	if c.reported[id] {
		return
	}
	c.reported[id] = true
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
	if _, err := s.db.ExecContext(ctx, `UPDATE users SET data_created = 1 WHERE id = ?`, id); err != nil {
		return fmt.Errorf("store: mark user data: %w", err)
	}
	return nil
}
