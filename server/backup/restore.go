package backup

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// ErrTargetNotEmpty reports a restore into a non-empty directory without force.
var ErrTargetNotEmpty = errors.New("backup: restore target is not empty (use force)")

// RestoreOptions configures RestoreWith.
type RestoreOptions struct {
	Force  bool   // replace a non-empty target
	Limits Limits // zero means DefaultLimits
}

// Restore restores the archive from into the data directory target. See
// RestoreWith.
func Restore(ctx context.Context, from, target string, force bool) error {
	return RestoreWith(ctx, from, target, RestoreOptions{Force: force})
}

// RestoreWith unpacks the archive into a temporary directory next to target,
// checks every file against the manifest and runs PRAGMA integrity_check on
// every database; only then does it move the result into place. A target
// holding anything but a backups/ directory is refused unless o.Force; the
// target's backups/ directory is carried over. The server must be stopped.
func RestoreWith(ctx context.Context, from, target string, o RestoreOptions) error {
	if o.Limits == (Limits{}) {
		o.Limits = DefaultLimits
	}
	target, err := filepath.Abs(target)
	if err != nil {
		return fmt.Errorf("backup: restore: %w", err)
	}
	if err := checkTarget(target, o.Force); err != nil {
		return err
	}
	parent := filepath.Dir(target)
	if err := os.MkdirAll(parent, 0o700); err != nil {
		return fmt.Errorf("backup: restore: %w", err)
	}
	stage, err := os.MkdirTemp(parent, ".fortfolio-restore-")
	if err != nil {
		return fmt.Errorf("backup: restore: staging dir: %w", err)
	}
	defer os.RemoveAll(stage) // no-op once renamed into place
	if err := prepare(ctx, from, stage, o.Limits); err != nil {
		return err
	}
	return swap(target, stage)
}

// checkTarget refuses a symlink, a non-directory and, unless force, a
// directory with entries other than backups/.
func checkTarget(target string, force bool) error {
	st, err := os.Lstat(target)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("backup: restore: %w", err)
	}
	if !st.IsDir() {
		return fmt.Errorf("backup: restore: target %s is not a directory", target)
	}
	ents, err := os.ReadDir(target)
	if err != nil {
		return fmt.Errorf("backup: restore: %w", err)
	}
	for _, e := range ents {
		if e.Name() != "backups" && !force {
			return ErrTargetNotEmpty
		}
	}
	return nil
}

// prepare extracts and fully verifies the archive in stage.
func prepare(ctx context.Context, from, stage string, lim Limits) error {
	sums, err := extract(ctx, from, stage, lim)
	if err != nil {
		return err
	}
	m, err := readManifest(stage)
	if err != nil {
		return err
	}
	if err := matchManifest(m, sums); err != nil {
		return err
	}
	for _, f := range m.Files {
		if strings.HasSuffix(f.Path, ".db") {
			if err := integrityCheck(ctx, filepath.Join(stage, filepath.FromSlash(f.Path))); err != nil {
				return fmt.Errorf("%w: %s: %w", ErrBadArchive, f.Path, err)
			}
		}
	}
	return nil
}

func readManifest(stage string) (Manifest, error) {
	f, err := os.Open(filepath.Join(stage, manifestName)) // #nosec G304 -- path is built by this program from the data or backup directory, never from request input
	if errors.Is(err, fs.ErrNotExist) {
		return Manifest{}, fmt.Errorf("%w: no manifest", ErrBadArchive)
	}
	if err != nil {
		return Manifest{}, fmt.Errorf("backup: restore: %w", err)
	}
	defer f.Close()
	m, err := decodeManifest(f)
	if err != nil {
		return Manifest{}, fmt.Errorf("%w: %w", ErrBadArchive, err)
	}
	return m, nil
}

// matchManifest requires the archive to hold exactly the manifest's files
// with the listed sizes and checksums.
func matchManifest(m Manifest, sums map[string]FileSum) error {
	if len(sums) != len(m.Files)+1 {
		return fmt.Errorf("%w: archive holds %d files, manifest lists %d", ErrBadArchive, len(sums)-1, len(m.Files))
	}
	for _, want := range m.Files {
		got, ok := sums[want.Path]
		switch {
		case !ok:
			return fmt.Errorf("%w: %s listed in manifest but missing", ErrBadArchive, want.Path)
		case got.Size != want.Size || got.SHA256 != want.SHA256:
			return fmt.Errorf("%w: %s does not match its manifest checksum", ErrBadArchive, want.Path)
		}
	}
	return nil
}

// integrityCheck runs PRAGMA integrity_check on the database at path.
func integrityCheck(ctx context.Context, path string) error {
	dsn, err := sqliteDSN(path)
	if err != nil {
		return err
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return fmt.Errorf("open: %w", err)
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return fmt.Errorf("integrity_check: %w", err)
	}
	defer rows.Close()
	var msgs []string
	for rows.Next() && len(msgs) < 10 {
		var s string
		if err := rows.Scan(&s); err != nil {
			return fmt.Errorf("integrity_check: %w", err)
		}
		msgs = append(msgs, s)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("integrity_check: %w", err)
	}
	if len(msgs) != 1 || msgs[0] != "ok" {
		return fmt.Errorf("integrity_check failed: %s", strings.Join(msgs, "; "))
	}
	return nil
}
