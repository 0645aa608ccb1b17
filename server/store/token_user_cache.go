package store

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"sync"

	"github.com/fortfolio/fortfolio/server/model"
)

// accountsWatch tells whether the accounts database changed, from
// SQLite's data_version on a connection of its own that never writes: the
// number moves with every commit of any other connection, this process's
// own pool or another process's (the fortfolio CLI resetting a password).
// Reading it starts a read transaction, so it sees every commit that ended
// before, but touches no table.
//
// Concurrent callers share reads: a caller waits for the first read that
// starts after it asked (never one already under way, which could miss a
// commit that ended just before the call), and one read answers everyone
// who asked before it started.
type accountsWatch struct {
	mu      sync.Mutex
	cond    *sync.Cond
	db      *sql.DB // a handle of its own, so the accounts pool is not changed
	conn    *sql.Conn
	stmt    *sql.Stmt
	reading bool
	started uint64 // reads started
	done    uint64 // the newest read finished
	last    int64  // its value
}

// newAccountsWatch opens the watch's connection to the accounts database
// at path (already migrated).
func newAccountsWatch(ctx context.Context, path string) (*accountsWatch, error) {
	db, err := openDB(ctx, path, "FULL", nil)
	if err != nil {
		return nil, err
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("store: accounts watch: %w", err)
	}
	stmt, err := conn.PrepareContext(ctx, `PRAGMA data_version`)
	if err != nil {
		_ = conn.Close()
		_ = db.Close()
		return nil, fmt.Errorf("store: accounts watch: %w", err)
	}
	w := &accountsWatch{db: db, conn: conn, stmt: stmt}
	w.cond = sync.NewCond(&w.mu)
	return w, nil
}

// version returns the data_version read after the call began; ok is false
// once reading it failed (the connection is then given up and nothing is
// cached again).
func (w *accountsWatch) version(ctx context.Context) (int64, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	want := w.started + 1 // the first read to start from now on
	for w.done < want {
		if w.conn == nil {
			return 0, false
		}
		if w.reading {
			w.cond.Wait()
			continue
		}
		w.reading = true
		w.started++
		round := w.started
		w.mu.Unlock()
		v, err := w.read(ctx)
		w.mu.Lock()
		w.reading = false
		if err != nil {
			slog.WarnContext(ctx, "store: accounts database change counter unreadable; every request reads its user again", slog.Any("error", err))
			w.closeLocked()
		}
		w.done, w.last = round, v
		w.cond.Broadcast()
	}
	return w.last, w.conn != nil
}

// read runs the statement; not cancellable, so that a statement
// interrupted half-way never leaves the connection in doubt.
func (w *accountsWatch) read(ctx context.Context) (v int64, err error) {
	err = w.stmt.QueryRowContext(context.WithoutCancel(ctx)).Scan(&v)
	return v, err
}

func (w *accountsWatch) close() {
	if w == nil {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.closeLocked()
}

func (w *accountsWatch) closeLocked() {
	if w.conn != nil {
		_ = w.stmt.Close()
		_ = w.conn.Close()
		_ = w.db.Close()
		w.conn, w.stmt = nil, nil
	}
}

// tokenUserCache holds what UserForToken read, by user and token id, for
// one value of the accounts database's data_version: any commit to the
// accounts database (a revocation, a lock, a role or password change, by
// this process or another) moves the version and empties the cache, so a
// cached answer is always the one the query would give. An answer read
// while the version moved is kept under the older version only, which no
// later request reads (the version never goes back).
type tokenUserCache struct {
	mu      sync.Mutex
	version int64
	entries map[tokenKey]tokenUser
}

type tokenKey struct{ userID, jti string }

type tokenUser struct {
	user    model.User
	revoked bool
}

// maxCachedTokenUsers bounds the cache; when full it starts over.
const maxCachedTokenUsers = 100000

func (c *tokenUserCache) get(version int64, k tokenKey) (tokenUser, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != version {
		return tokenUser{}, false
	}
	e, ok := c.entries[k]
	return e, ok
}

// put keeps e, read after data_version was version.
func (c *tokenUserCache) put(version int64, k tokenKey, e tokenUser) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if version < c.version {
		return
	}
	if version != c.version || c.entries == nil || len(c.entries) >= maxCachedTokenUsers {
		c.entries, c.version = map[tokenKey]tokenUser{}, version
	}
	c.entries[k] = e
}

// UserForToken is UserByID and TokenRevoked in one query: the account
// of a request's token and whether the token's id was revoked, read in one
// statement (one read transaction) instead of two. On SQLite the answer is
// served from memory while the accounts database has not changed since it
// was read (tokenUserCache); on PostgreSQL every call reads the tables.
func (s *Store) UserForToken(ctx context.Context, userID, jti string) (model.User, bool, error) {
	var version int64
	cached := false
	if s.watch != nil {
		version, cached = s.watch.version(ctx)
	}
	k := tokenKey{userID, jti}
	if cached {
		if e, ok := s.tokenUsers.get(version, k); ok {
			return e.user, e.revoked, nil
		}
	}
	var revoked bool
	u, err := scanUser(s.prep.QueryRowContext(ctx, `SELECT `+userColumns+`,
		EXISTS (SELECT 1 FROM revoked_tokens WHERE jti = ?) FROM users WHERE id = ?`, jti, userID), &revoked)
	if err == nil && cached {
		s.tokenUsers.put(version, k, tokenUser{user: u, revoked: revoked})
	}
	return u, revoked, err
}
