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

	"github.com/fortfolio/fortfolio/shared/validate"
)

// ErrAccountsMissing reports a data directory whose accounts database is
// missing or empty while users/ still holds account folders: starting would
// lose every account (and, in development mode, hand admin to the next
// person to register).
var ErrAccountsMissing = errors.New("store: fortfolio.db is missing or empty but users/ holds account folders; " +
	"restore the data directory from a backup (fortfolio backup restore --data DIR --from ARCHIVE --force) instead of starting with no accounts")

// checkAccountsDB refuses to create a new accounts database next to
// existing account folders.
func checkAccountsDB(dataDir string) error {
	st, err := os.Stat(filepath.Join(dataDir, "fortfolio.db"))
	if err == nil && st.Size() > 0 {
		return nil
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("store: stat fortfolio.db: %w", err)
	}
	ents, err := os.ReadDir(filepath.Join(dataDir, "users"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("store: read users dir: %w", err)
	}
	for _, e := range ents {
		if e.IsDir() && validate.ID(e.Name()) == nil {
			return ErrAccountsMissing
		}
	}
	return nil
}

// AccountsExist reports whether the data directory holds accounts: users in
// fortfolio.db (opened read-only, never created) or account folders. It is
// for start-up checks that run before the store is opened.
func AccountsExist(ctx context.Context, dataDir string) (bool, error) {
	if err := checkAccountsDB(dataDir); err != nil {
		return true, err
	}
	path := filepath.Join(dataDir, "fortfolio.db")
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return false, fmt.Errorf("store: %w", err)
	}
	u := url.URL{Scheme: "file", Path: abs, RawQuery: "mode=ro&_pragma=busy_timeout(5000)"}
	db, err := sql.Open("sqlite", u.String())
	if err != nil {
		return false, fmt.Errorf("store: open fortfolio.db: %w", err)
	}
	defer db.Close()
	var n int
	err = db.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM users LIMIT 1) AS one`).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: count accounts: %w", err)
	}
	return n > 0, nil
}
