package store

import (
	"context"
	"database/sql"
	"errors"
	"sync"
)

// stmtCache prepares each hot query of one database once and reuses it on
// every connection of the pool. Without it database/sql and the driver
// parse the SQL text of every statement again: the profile of a
// transaction write showed SQLite's parser at a fifth of the request's CPU.
type stmtCache struct {
	db dbHandle
	mu sync.Mutex
	m  map[string]*sql.Stmt
	// direct runs every query unprepared (PostgreSQL: pgx caches the
	// prepared form per connection itself, and a statement prepared on the
	// shared pool would not carry its user's scope).
	direct bool
}

func newStmtCache(db dbHandle) *stmtCache { return &stmtCache{db: db, m: map[string]*sql.Stmt{}} }

// newDirectStmts is a stmtCache that prepares nothing.
func newDirectStmts(db dbHandle) *stmtCache {
	return &stmtCache{db: db, m: map[string]*sql.Stmt{}, direct: true}
}

// errUnprepared makes the cache's callers run the query unprepared.
var errUnprepared = errors.New("store: statement not prepared")

// stmt returns the prepared statement of query, preparing it once.
func (c *stmtCache) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if c.direct {
		return nil, errUnprepared
	}
	c.mu.Lock()
	st, ok := c.m[query]
	c.mu.Unlock()
	if ok {
		return st, nil
	}
	st, err := c.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if prev, ok := c.m[query]; ok {
		_ = st.Close()
		return prev, nil
	}
	c.m[query] = st
	return st, nil
}

// QueryRowContext runs a cached statement returning one row (a failed
// prepare is reported through the row, by running the query unprepared).
func (c *stmtCache) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	st, err := c.stmt(ctx, query)
	if err != nil {
		return c.db.QueryRowContext(ctx, query, args...)
	}
	return st.QueryRowContext(ctx, args...)
}

// QueryContext runs a cached statement returning rows.
func (c *stmtCache) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := c.stmt(ctx, query)
	if err == errUnprepared {
		return c.db.QueryContext(ctx, query, args...)
	}
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

// inTx is the cache's view from inside a transaction.
func (c *stmtCache) inTx(tx *sql.Tx) txStmts { return txStmts{c: c, tx: tx} }

// txStmts runs cached statements inside one transaction.
type txStmts struct {
	c  *stmtCache
	tx *sql.Tx
}

// QueryRowContext runs a cached statement in the transaction.
func (t txStmts) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	st, err := t.c.stmt(ctx, query)
	if err != nil {
		return t.tx.QueryRowContext(ctx, query, args...)
	}
	return t.tx.StmtContext(ctx, st).QueryRowContext(ctx, args...)
}

// ExecContext runs a cached statement in the transaction.
func (t txStmts) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, err := t.c.stmt(ctx, query)
	if err == errUnprepared {
		return t.tx.ExecContext(ctx, query, args...)
	}
	if err != nil {
		return nil, err
	}
	return t.tx.StmtContext(ctx, st).ExecContext(ctx, args...)
}

// close closes every cached statement.
func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for q, st := range c.m {
		_ = st.Close()
		delete(c.m, q)
	}
}
