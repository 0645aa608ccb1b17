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
}

func newUserDBCache(dir string, max int) *userDBCache {
	return &userDBCache{dir: dir, max: max, order: list.New(), items: map[string]*list.Element{}, dbs: map[string]*sql.DB{}, gone: map[string]bool{}}
}

// UserDB returns the portfolio database of the given user, creating it on
// first use. Callers pass the authenticated user's id only; the id is
// validated and names an internal directory, never user text.
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
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("store: user dir: %w", err)
	}
	db, err := openDB(ctx, filepath.Join(dir, "portfolio.db"), "FULL", portfolioMigrations)
	if err != nil {
		return nil, err
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
