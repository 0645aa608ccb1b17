// Package backup takes consistent, verifiable backups of a Fortfolio data
// directory, rotates them and restores them.
//
// A backup is one file, BACKUPDIR/backup-YYYYMMDDTHHMMSSZ.tar.gz, holding a
// VACUUM INTO snapshot of every SQLite database, the audit log files, the
// top-level settings files and manifest.json with the SHA-256 and size of
// every file. Archives are written under a temporary name and renamed only
// when complete. Restore verifies an archive completely in a directory next
// to the target before anything is moved into place.
package backup

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// Options configures Run and the Scheduler.
type Options struct {
	DataDir   string           // the data directory to back up (required)
	BackupDir string           // where archives go; default DataDir/backups
	Now       func() time.Time // clock; default time.Now
}

// Info describes one backup archive.
type Info struct {
	Name    string    // file name, backup-YYYYMMDDTHHMMSSZ.tar.gz
	Path    string    // full path of the archive
	Size    int64     // archive size in bytes
	Created time.Time // UTC creation time (from the name)
	Files   int       // files listed in the manifest (0 if unreadable)
}

// ErrExists reports that a backup with the same name (same second) exists.
var ErrExists = errors.New("backup: archive already exists")

func (o Options) withDefaults() (Options, error) {
	if o.DataDir == "" {
		return o, errors.New("backup: data directory not set")
	}
	if o.BackupDir == "" {
		o.BackupDir = filepath.Join(o.DataDir, "backups")
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o, nil
}

// Run takes one backup of o.DataDir into o.BackupDir. It is safe to run while
// the server writes: every database is copied with VACUUM INTO, which reads
// one consistent snapshot.
func Run(ctx context.Context, o Options) (Info, error) {
	o, err := o.withDefaults()
	if err != nil {
		return Info{}, err
	}
	created := o.Now().UTC().Truncate(time.Second)
	name := Name(created)
	if err := os.MkdirAll(o.BackupDir, 0o700); err != nil {
		return Info{}, fmt.Errorf("backup: create backup dir: %w", err)
	}
	final := filepath.Join(o.BackupDir, name)
	if _, err := os.Lstat(final); !errors.Is(err, fs.ErrNotExist) {
		return Info{}, fmt.Errorf("%w: %s", ErrExists, name)
	}
	stage, err := os.MkdirTemp(o.BackupDir, ".staging-")
	if err != nil {
		return Info{}, fmt.Errorf("backup: staging dir: %w", err)
	}
	defer os.RemoveAll(stage)
	m, err := snapshot(ctx, o.DataDir, stage)
	if err != nil {
		return Info{}, err
	}
	m.Created = created
	size, err := writeArchive(ctx, stage, m, final)
	if err != nil {
		return Info{}, err
	}
	return Info{Name: name, Path: final, Size: size, Created: created, Files: len(m.Files)}, nil
}
