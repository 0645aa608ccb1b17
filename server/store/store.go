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
	"time"
)

// Store owns the accounts database and the per-user databases.
type Store struct {
	dir   string
	db    *sql.DB
	users *userDBCache
}

// Open opens (and migrates) DATA/fortfolio.db. It refuses to create a new,
// empty accounts database while users/ holds account folders
// (ErrAccountsMissing).
func Open(ctx context.Context, dataDir string) (*Store, error) {
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
	s := &Store{dir: dataDir, db: db}
	s.users = newUserDBCache(dataDir, 64, s)
	return s, nil
}

// Close closes every database.
func (s *Store) Close() error {
	return errors.Join(s.users.closeAll(), s.db.Close())
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
