package backup

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/fortfolio/fortfolio/server/filelock"
)

// Names of the leftovers of an interrupted run.
const (
	stagingPrefix = ".staging-"
	tmpPrefix     = ".backup-"
	lockName      = ".lock"
)

// Sweep removes what interrupted backups left in backupDir: staging folders
// (copies of every database and secret) and unpublished archives. It takes
// the backup lock, so a running backup is never disturbed. The server calls
// it at start; Run calls it before every backup.
func Sweep(backupDir string) error {
	if _, err := os.Stat(backupDir); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	unlock, err := lockDir(backupDir)
	if err != nil {
		return err
	}
	defer unlock()
	return sweep(backupDir)
}

// sweep removes leftovers; the caller holds the lock.
func sweep(backupDir string) error {
	ents, err := os.ReadDir(backupDir)
	if err != nil {
		return fmt.Errorf("backup: sweep: %w", err)
	}
	for _, e := range ents {
		name := e.Name()
		stale := (e.IsDir() && strings.HasPrefix(name, stagingPrefix)) ||
			(e.Type().IsRegular() && strings.HasPrefix(name, tmpPrefix) && strings.HasSuffix(name, ".tmp"))
		if !stale {
			continue
		}
		if err := os.RemoveAll(filepath.Join(backupDir, name)); err != nil {
			return fmt.Errorf("backup: sweep %s: %w", name, err)
		}
		slog.Warn("backup: removed the leftover of an interrupted backup", slog.String("name", name))
	}
	return nil
}

// lockDir takes the exclusive backup lock of dir and returns its release.
func lockDir(dir string) (func(), error) {
	f, err := os.OpenFile(filepath.Join(dir, lockName), os.O_RDWR|os.O_CREATE, 0o600) // #nosec G304 -- path is built by this program from the backup directory
	if err != nil {
		return nil, fmt.Errorf("backup: lock: %w", err)
	}
	if err := filelock.Lock(f); err != nil {
		_ = f.Close()
		return nil, err
	}
	return func() { _ = f.Close() }, nil
}
