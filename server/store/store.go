package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// Store owns the accounts database and the per-user databases.
type Store struct {
	dir   string
	db    *sql.DB
	users *userDBCache
	// prep holds the accounts database's prepared hot statements (the
	// per-request authentication lookups).
	prep *stmtCache
	// checkpoints is a one-connection handle on the accounts database at
	// synchronous=NORMAL for the audit checkpoints (SaveAuditCheckpoint).
	checkpoints *sql.DB
	// ckptPrep prepares the checkpoint save once (SQLite; nil on PostgreSQL).
	ckptPrep *stmtCache
	// sessions caches open sessions for the per-request check.
	sessions sessionCache
	// watch tells when the accounts database changed, and tokenUsers
	// holds the per-request user lookups meanwhile (SQLite; nil and unused
	// on PostgreSQL).
	watch      *accountsWatch
	tokenUsers tokenUserCache
	// touches writes sessions' last-seen times in the background.
	touches touchQueue
	// shared is set on PostgreSQL, where several nodes share the tables:
	// nothing is cached across requests that another node could change.
	shared bool
	// node is this node's id on PostgreSQL (DATA/node-id), naming what is
	// the node's own in shared tables: its audit log's checkpoint, its
	// claims of queued jobs.
	node string
	// listen is the PostgreSQL connection configuration of the job
	// queue's LISTEN connection (nil on SQLite).
	listen *pgx.ConnConfig
}

// Option adjusts how Open sets up the store.
type Option func(*options)

type options struct {
	userDBs  int
	sync     string
	database string
}

// Durability levels of the per-user databases (SQLite's synchronous
// pragma in WAL mode). SyncFull flushes every commit to the disk before it
// returns; SyncNormal leaves that to the operating system, so an
// acknowledged write survives the process being killed but not a power
// cut or kernel crash just after it.
const (
	SyncFull   = "full"
	SyncNormal = "normal"
)

// WithUserDBSync sets the durability of the per-user databases (SyncFull
// or SyncNormal; anything else keeps SyncFull). The accounts database is
// always SyncFull.
func WithUserDBSync(mode string) Option {
	return func(o *options) {
		if mode == SyncNormal {
			o.sync = SyncNormal
		}
	}
}

// WithUserDBCache sets how many per-user databases stay open at once; 0
// (or less) keeps DefaultUserDBCache.
func WithUserDBCache(n int) Option {
	return func(o *options) {
		if n > 0 {
			o.userDBs = n
		}
	}
}

// Bounds of the default per-user database cache size.
const (
	minUserDBCache = 16
	maxUserDBCache = 100000
)

// DefaultUserDBCache is the number of per-user databases kept open when no
// size is configured: half of the process's open-file limit (the other
// half is left for client connections, audit and backup files) divided by
// the descriptors one database may hold, between 16 and 100,000.
func DefaultUserDBCache() int {
	return userDBCacheFor(openFileLimit())
}

func userDBCacheFor(nofile uint64) int {
	n := nofile / 2 / userDBFiles
	return int(min(max(n, minUserDBCache), maxUserDBCache))
}

// Open opens (and migrates) DATA/fortfolio.db. It refuses to create a new,
// empty accounts database while users/ holds account folders
// (ErrAccountsMissing).
func Open(ctx context.Context, dataDir string, opts ...Option) (*Store, error) {
	o := options{userDBs: DefaultUserDBCache(), sync: SyncFull}
	for _, opt := range opts {
		opt(&o)
	}
	if o.database != "" {
		return openPostgresStore(ctx, dataDir, o.database)
	}
	if err := checkAccountsDB(dataDir); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Join(dataDir, "users"), 0o700); err != nil {
		return nil, fmt.Errorf("store: create data dir: %w", err)
	}
	db, err := openDB(ctx, filepath.Join(dataDir, "fortfolio.db"), "FULL", accountMigrations)
	if err != nil {
		return nil, err
	}
	ckpt, err := openDB(ctx, filepath.Join(dataDir, "fortfolio.db"), "NORMAL", nil)
	if err != nil {
		_ = db.Close()
		return nil, err
	}
	keepAccountConns(db)
	ckpt.SetMaxOpenConns(1)
	watch, err := newAccountsWatch(ctx, filepath.Join(dataDir, "fortfolio.db"))
	if err != nil {
		_ = ckpt.Close()
		_ = db.Close()
		return nil, err
	}
	s := &Store{dir: dataDir, db: db, prep: newStmtCache(db), checkpoints: ckpt, ckptPrep: newStmtCache(ckpt), watch: watch}
	s.users = newUserDBCache(dataDir, o.userDBs, s)
	s.users.sync = strings.ToUpper(o.sync)
	return s, nil
}

// accountIdleConns is how many idle connections of the accounts database
// are kept, and accountIdleTimeout how long. Every authenticated request
// reads it; database/sql keeps two idle connections by default, so at 50
// concurrent requests most reads opened a new SQLite connection (pragmas
// and prepared statements included) and closed it after one query.
const (
	accountIdleConns   = 16
	accountIdleTimeout = 2 * time.Minute
)

// keepAccountConns sizes the accounts database's idle pool. The number of
// open connections stays unbounded: a request holding a transaction may
// read on another connection, and a bound could leave it waiting forever.
func keepAccountConns(db *sql.DB) {
	db.SetMaxIdleConns(accountIdleConns)
	db.SetConnMaxIdleTime(accountIdleTimeout)
}

// Close closes every database.
func (s *Store) Close() error {
	s.settleTouches()
	err := s.users.closeAll()
	s.prep.close()
	if s.shared {
		return errors.Join(err, s.db.Close())
	}
	s.ckptPrep.close()
	s.watch.close()
	return errors.Join(err, s.checkpoints.Close(), s.db.Close())
}

// DataDir returns the data directory.
func (s *Store) DataDir() string { return s.dir }

// NewID returns a random 22-character URL-safe identifier that matches the
// shared identifier alphabet.
func NewID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

func ms(t time.Time) int64 { return t.UnixMilli() }

func fromMS(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMilli(v).UTC()
}
