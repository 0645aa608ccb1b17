package store

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestDataFilesAreOwnerOnly checks every database file, its WAL and the
// directories are private to the server's user.
func TestDataFilesAreOwnerOnly(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	id := NewID()
	db, done, err := s.userDB(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	defer done()
	if _, err := db.ExecContext(context.Background(), `INSERT INTO portfolios (id, name, created_at, updated_at) VALUES ('p', 'x', 0, 0)`); err != nil {
		t.Fatal(err)
	}
	err = filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || path == dir {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		want := os.FileMode(0o600)
		if d.IsDir() {
			want = 0o700
		}
		if info.Mode().Perm() != want {
			t.Errorf("%s has mode %v, want %v", path, info.Mode().Perm(), want)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
