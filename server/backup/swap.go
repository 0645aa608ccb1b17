package backup

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// swap moves the verified stage directory to target. An existing target is
// renamed aside first and removed last; its backups/ directory is moved into
// the new target. At every moment target is either the old or the new tree.
func swap(target, stage string) error {
	parent := filepath.Dir(target)
	old, err := moveAside(target)
	if err != nil {
		return err
	}
	if err := os.Rename(stage, target); err != nil {
		if old != "" {
			err = errors.Join(err, os.Rename(old, target))
		}
		return fmt.Errorf("backup: restore: move into place: %w", err)
	}
	if err := syncDir(parent); err != nil {
		return err
	}
	if old == "" {
		return nil
	}
	if err := carryBackups(old, target); err != nil {
		return fmt.Errorf("backup: restore: previous data kept in %s: %w", old, err)
	}
	if err := os.RemoveAll(old); err != nil {
		return fmt.Errorf("backup: restore: remove previous data %s: %w", old, err)
	}
	return syncDir(parent)
}

// moveAside renames an existing target to a unique sibling and returns its
// new path ("" when target does not exist).
func moveAside(target string) (string, error) {
	if _, err := os.Lstat(target); errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	tmp := filepath.Join(filepath.Dir(target), ".fortfolio-old-"+rand.Text())
	if err := os.Rename(target, tmp); err != nil {
		return "", fmt.Errorf("backup: restore: move old data aside: %w", err)
	}
	return tmp, nil
}

// carryBackups moves old/backups to target/backups when present.
func carryBackups(old, target string) error {
	src := filepath.Join(old, "backups")
	st, err := os.Lstat(src)
	if errors.Is(err, fs.ErrNotExist) || (err == nil && !st.IsDir()) {
		return nil
	}
	if err != nil {
		return err
	}
	return os.Rename(src, filepath.Join(target, "backups"))
}
