package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/fortfolio/fortfolio/shared/validate"
)

// dbHandle is what the store runs a user's SQL on: the user's own SQLite
// database, or the shared PostgreSQL pool scoped to the user (pgUserDB).
type dbHandle interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	BeginTx(ctx context.Context, opts *sql.TxOptions) (*sql.Tx, error)
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
	Close() error
}

// pgUserDB is the PostgreSQL pool with every statement and transaction
// scoped to one user: row-level security shows it that user's rows only.
type pgUserDB struct {
	db   *sql.DB
	user string
}

func (u pgUserDB) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return u.db.ExecContext(withUser(ctx, u.user), query, args...)
}

func (u pgUserDB) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return u.db.QueryContext(withUser(ctx, u.user), query, args...)
}

func (u pgUserDB) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return u.db.QueryRowContext(withUser(ctx, u.user), query, args...)
}

// BeginTx starts a transaction scoped to the user and holding the user's
// advisory lock (see pgConn.BeginTx).
func (u pgUserDB) BeginTx(ctx context.Context, opts *sql.TxOptions) (*sql.Tx, error) {
	return u.db.BeginTx(withUser(ctx, u.user), opts)
}

// PrepareContext prepares on the shared pool; the statement is scoped to
// whatever user its caller's context names, so user code never prepares
// (newDirectStmts).
func (u pgUserDB) PrepareContext(ctx context.Context, query string) (*sql.Stmt, error) {
	return u.db.PrepareContext(withUser(ctx, u.user), query)
}

// Close is a no-op: the pool is the store's.
func (u pgUserDB) Close() error { return nil }

// WithDatabase keeps every store table in the PostgreSQL database at url
// (postgres://…) instead of SQLite files under the data directory; "" keeps
// SQLite.
func WithDatabase(url string) Option {
	return func(o *options) { o.database = url }
}

// openPostgresStore opens and migrates the PostgreSQL backend. The data
// directory still holds what is not a table: the audit log, backups and
// keys.
func openPostgresStore(ctx context.Context, dataDir, url string) (*Store, error) {
	if err := os.MkdirAll(filepath.Join(dataDir), 0o700); err != nil {
		return nil, fmt.Errorf("store: create data dir: %w", err)
	}
	db, err := openPostgres(ctx, url)
	if err != nil {
		return nil, err
	}
	if err := checkRole(ctx, db); err != nil {
		_ = db.Close()
		return nil, err
	}
	if err := migratePostgres(ctx, db, "accounts", pgAccountMigrations); err != nil {
		_ = db.Close()
		return nil, err
	}
	if err := migratePostgres(ctx, db, "portfolio", pgPortfolioMigrations); err != nil {
		_ = db.Close()
		return nil, err
	}
	node, err := nodeID(dataDir)
	if err != nil {
		_ = db.Close()
		return nil, err
	}
	listen, err := pgx.ParseConfig(url)
	if err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("store: the PostgreSQL URL is not valid")
	}
	s := &Store{dir: dataDir, db: db, prep: newDirectStmts(db), checkpoints: db, shared: true, node: node, listen: listen}
	s.sessions.off = true
	s.users = newUserDBCache(dataDir, DefaultUserDBCache(), s)
	s.users.shared = db
	return s, nil
}

// Backend names the store's database ("sqlite" or "postgres").
func (s *Store) Backend() string {
	if s.shared {
		return "postgres"
	}
	return "sqlite"
}

// dialect picks the SQLite or the PostgreSQL form of a statement, for the
// few whose functions differ.
func (s *Store) dialect(sqlite, postgres string) string {
	if s.shared {
		return postgres
	}
	return sqlite
}

// isUniqueViolation reports a unique or primary key conflict from either
// backend.
func isUniqueViolation(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "23505"
	}
	return err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed")
}

// deleteUserRows removes a deleted account's rows from every per-user
// table. The statements carry no WHERE clause: row-level security limits
// each to the account's own rows.
func (s *Store) deleteUserRows(id string) error {
	ctx := context.Background()
	tx, err := pgUserDB{db: s.db, user: id}.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: delete user data: %w", err)
	}
	defer tx.Rollback()
	for _, t := range slices.Backward(pgUserTables) {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+t); err != nil { // #nosec G202 -- table names are the fixed pgUserTables
			return fmt.Errorf("store: delete user data: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: delete user data: %w", err)
	}
	return nil
}

// nodeIDFile names the node in its data directory.
const nodeIDFile = "node-id"

// nodeID returns the node's id from DATA/node-id, creating it (0600) on
// the node's first start. A restored data directory keeps its id, and with
// it its audit log's checkpoint.
func nodeID(dataDir string) (string, error) {
	path := filepath.Join(dataDir, nodeIDFile)
	b, err := os.ReadFile(path) // #nosec G304 -- a fixed name in the data directory
	if err == nil && validate.ID(strings.TrimSpace(string(b))) == nil {
		return strings.TrimSpace(string(b)), nil
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("store: read node id: %w", err)
	}
	if err == nil {
		return "", fmt.Errorf("store: %s does not hold a node id; restore it from a backup or remove it", nodeIDFile)
	}
	id := NewID()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600) // #nosec G304 -- a fixed name in the data directory
	if err != nil {
		return "", fmt.Errorf("store: create node id: %w", err)
	}
	if _, err := f.WriteString(id + "\n"); err != nil {
		_ = f.Close()
		return "", fmt.Errorf("store: create node id: %w", err)
	}
	if err := f.Sync(); err != nil {
		_ = f.Close()
		return "", fmt.Errorf("store: create node id: %w", err)
	}
	return id, f.Close()
}

// PostgresHasAccounts reports whether the PostgreSQL database at url holds
// accounts (false for a database the store has not set up yet).
func PostgresHasAccounts(ctx context.Context, url string) (bool, error) {
	db, err := openPostgres(ctx, url)
	if err != nil {
		return false, err
	}
	defer db.Close()
	var has bool
	err = db.QueryRowContext(ctx, `SELECT to_regclass('public.users') IS NOT NULL`).Scan(&has)
	if err != nil || !has {
		return false, err
	}
	if err := db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM users)`).Scan(&has); err != nil {
		return false, fmt.Errorf("store: count accounts: %w", err)
	}
	return has, nil
}

// checkRole refuses a connection whose role is a superuser or may bypass
// row-level security: with it, the per-user policies would not apply.
func checkRole(ctx context.Context, db *sql.DB) error {
	var super, bypass bool
	if err := db.QueryRowContext(ctx, `SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user`).Scan(&super, &bypass); err != nil {
		return fmt.Errorf("store: read the database role: %w", err)
	}
	if super || bypass {
		return errors.New("store: the PostgreSQL role is a superuser or has BYPASSRLS, which would switch off the per-user row-level security; connect as a role created NOSUPERUSER NOBYPASSRLS (docs/deployment.md, \"The database\")")
	}
	return nil
}
