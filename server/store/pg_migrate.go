package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"

	"github.com/fortfolio/fortfolio/shared/validate"
)

// ErrTargetNotEmpty reports a PostgreSQL database that already holds
// accounts: MigrateSQLiteToPostgres only fills an empty one.
var ErrTargetNotEmpty = errors.New("store: the PostgreSQL database already holds accounts; migrate into an empty database")

// MigrationReport is what MigrateSQLiteToPostgres copied and verified.
type MigrationReport struct {
	// Tables are the rows of every table, accounts tables first, the
	// per-user tables summed over the users.
	Tables []TableRows
	// Users is the number of accounts copied.
	Users int
	// Skipped names the entries of users/ that are not copied (not an
	// account folder, or no account of that id), with why.
	Skipped []string
}

// TableRows is one table's row count.
type TableRows struct {
	Table string
	Rows  int64
}

// Rows is the total of the report's row counts.
func (r MigrationReport) Rows() int64 {
	var n int64
	for _, t := range r.Tables {
		n += t.Rows
	}
	return n
}

// MigrateSQLiteToPostgres copies a SQLite installation (dataDir's
// fortfolio.db and every users/<id>/portfolio.db, opened read-only) into
// the PostgreSQL database at url, which it migrates first and which must
// hold no accounts (ErrTargetNotEmpty). Row ids and values are kept; each
// user's rows are written in that user's row-level security scope. The
// copy is one transaction: it commits only when every table's row count
// (per user for the per-user tables) equals the source's, so a failed
// migration leaves the target as it was. Identity sequences are moved past
// the copied ids. The audit log stays in dataDir (the node's own
// witness) and its lines are also loaded into the shared audit table,
// named for this data directory's node, in the same transaction.
func MigrateSQLiteToPostgres(ctx context.Context, dataDir, url string) (MigrationReport, error) {
	var rep MigrationReport
	src, err := openMigrationSource(ctx, dataDir)
	if err != nil {
		return rep, err
	}
	defer src.close()
	dst, err := Open(ctx, dataDir, WithDatabase(url))
	if err != nil {
		return rep, err
	}
	defer dst.Close()
	m := &pgMigration{src: src, dst: dst.db, node: dst.node, idMax: map[string]int64{}, rows: map[string]int64{}}
	if err := m.run(ctx); err != nil {
		return rep, err
	}
	// The moved checkpoint is this data directory's audit log's: name it
	// for this node, as its server on PostgreSQL will look it up.
	if _, err := dst.db.ExecContext(ctx, `UPDATE audit_checkpoints SET source = ? WHERE source = 'log'`, dst.checkpointSource()); err != nil {
		return rep, fmt.Errorf("store: migrate audit checkpoint: %w", err)
	}
	rep.Users, rep.Skipped = len(src.users), src.skipped
	for _, t := range m.order {
		rep.Tables = append(rep.Tables, TableRows{Table: t, Rows: m.rows[t]})
	}
	return rep, nil
}

// migrationSource is the SQLite side: the accounts database, the accounts
// and where their portfolio databases are.
type migrationSource struct {
	dir      string
	accounts *sql.DB
	users    []sourceUser
	skipped  []string
	tmp      string // snapshots of databases older than this version
}

// sourceUser is one account; path is "" when it has no portfolio database.
type sourceUser struct {
	id   string
	path string
}

func (s *migrationSource) close() {
	if s.accounts != nil {
		_ = s.accounts.Close()
	}
	if s.tmp != "" {
		_ = os.RemoveAll(s.tmp)
	}
}

// openMigrationSource opens dataDir's accounts database and lists the
// accounts with their portfolio databases. An account whose portfolio
// database was created once but is missing is an error: copying it would
// lose its data silently.
func openMigrationSource(ctx context.Context, dataDir string) (*migrationSource, error) {
	path := filepath.Join(dataDir, "fortfolio.db")
	if st, err := os.Stat(path); err != nil || st.Size() == 0 {
		return nil, fmt.Errorf("store: no SQLite accounts database at %s", path)
	}
	s := &migrationSource{dir: dataDir}
	db, err := s.open(ctx, path, accountMigrations)
	if err != nil {
		s.close()
		return nil, err
	}
	s.accounts = db
	if err := s.listUsers(ctx); err != nil {
		s.close()
		return nil, err
	}
	return s, nil
}

// listUsers reads the accounts and matches them with users/.
func (s *migrationSource) listUsers(ctx context.Context) error {
	rows, err := s.accounts.QueryContext(ctx, `SELECT id, data_created FROM users ORDER BY id`)
	if err != nil {
		return fmt.Errorf("store: migrate: read accounts: %w", err)
	}
	created := map[string]bool{}
	ids, err := collect(rows, "migrate: read accounts", func(r *sql.Rows) (string, error) {
		var id string
		var c int
		err := r.Scan(&id, &c)
		created[id] = c != 0
		return id, err
	})
	if err != nil {
		return err
	}
	for _, id := range ids {
		u, err := s.userSource(id, created[id])
		if err != nil {
			return err
		}
		s.users = append(s.users, u)
	}
	return s.listStrays(ids)
}

// userSource finds the portfolio database of account id.
func (s *migrationSource) userSource(id string, created bool) (sourceUser, error) {
	if err := validate.ID(id); err != nil {
		return sourceUser{}, fmt.Errorf("store: migrate: the accounts database holds an account with an invalid id %q", id)
	}
	path := filepath.Join(s.dir, "users", id, "portfolio.db")
	st, err := os.Lstat(path)
	switch {
	case err == nil && !st.Mode().IsRegular():
		return sourceUser{}, fmt.Errorf("store: migrate: users/%s/portfolio.db is not a regular file", id)
	case err == nil && st.Size() > 0:
		return sourceUser{id: id, path: path}, nil
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return sourceUser{}, fmt.Errorf("store: migrate: user %s: %w", id, err)
	case created:
		return sourceUser{}, fmt.Errorf("store: migrate: the portfolio database of user %s (users/%s/portfolio.db) was created once but is missing or empty; restore it from a backup before migrating", id, id)
	}
	return sourceUser{id: id}, nil
}

// listStrays records the users/ entries that are not an account's folder.
func (s *migrationSource) listStrays(ids []string) error {
	ents, err := os.ReadDir(filepath.Join(s.dir, "users"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("store: migrate: read users dir: %w", err)
	}
	for _, e := range ents {
		switch {
		case !e.IsDir() || validate.ID(e.Name()) != nil:
			s.skipped = append(s.skipped, fmt.Sprintf("users/%q: not an account folder", e.Name()))
		case !slices.Contains(ids, e.Name()):
			s.skipped = append(s.skipped, fmt.Sprintf("users/%s: no account has this id", e.Name()))
		}
	}
	return nil
}

// open opens a SQLite database read-only. One at an older schema version
// is first copied (VACUUM INTO) into a temporary directory inside the data
// directory and migrated there, so the source files are never written.
func (s *migrationSource) open(ctx context.Context, path string, migrations []string) (*sql.DB, error) {
	db, err := openReadOnly(ctx, path)
	if err != nil {
		return nil, err
	}
	var version int
	if err := db.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&version); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("store: migrate: read %s: %w", s.rel(path), err)
	}
	switch {
	case version == len(migrations):
		return db, nil
	case version > len(migrations):
		_ = db.Close()
		return nil, fmt.Errorf("store: migrate: %s is newer (schema %d) than this fortfolio (%d)", s.rel(path), version, len(migrations))
	}
	defer db.Close()
	return s.upgradedCopy(ctx, db, path, migrations)
}

// upgradedCopy snapshots db into the temporary directory and migrates the
// copy.
func (s *migrationSource) upgradedCopy(ctx context.Context, db *sql.DB, path string, migrations []string) (*sql.DB, error) {
	if s.tmp == "" {
		tmp, err := os.MkdirTemp(s.dir, ".migrate-")
		if err != nil {
			return nil, fmt.Errorf("store: migrate: %w", err)
		}
		s.tmp = tmp
	}
	f, err := os.CreateTemp(s.tmp, "*.db")
	if err != nil {
		return nil, fmt.Errorf("store: migrate: %w", err)
	}
	copyPath := f.Name()
	_ = f.Close()
	_ = os.Remove(copyPath)
	if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, copyPath); err != nil {
		return nil, fmt.Errorf("store: migrate: copy %s: %w", s.rel(path), err)
	}
	return openDB(ctx, copyPath, "OFF", migrations)
}

func (s *migrationSource) rel(path string) string {
	if r, err := filepath.Rel(s.dir, path); err == nil {
		return r
	}
	return filepath.Base(path)
}

// openReadOnly opens a SQLite file read-only.
func openReadOnly(ctx context.Context, path string) (*sql.DB, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	u := url.URL{Scheme: "file", Path: abs, RawQuery: "mode=ro&_pragma=busy_timeout(5000)"}
	db, err := sql.Open("sqlite", u.String())
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", filepath.Base(path), err)
	}
	if err := db.PingContext(ctx); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("store: open %s: %w", filepath.Base(path), err)
	}
	return db, nil
}
