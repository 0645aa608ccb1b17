// Package backup takes consistent, verifiable backups of a Fortfolio data
// directory, rotates them and restores them.
//
// A backup is one file, BACKUPDIR/backup-YYYYMMDDTHHMMSSZ.tar.gz, holding a
// VACUUM INTO snapshot of every SQLite database, the audit log files, the
// top-level settings files and manifest.json with the SHA-256 and size of
// every file. When the store keeps its tables in PostgreSQL
// (Options.Database), the archive holds a custom-format pg_dump of that
// database (PGDumpName) instead of the SQLite snapshots, next to the node's
// own files; pg_restore loads it back. Archives are written under a
// temporary name and renamed only when complete. Restore verifies an
// archive completely in a directory next to the target before anything is
// moved into place.
package backup

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/fortfolio/fortfolio/server/audit"
)

// Options configures Run and the Scheduler.
type Options struct {
	DataDir   string           // the data directory to back up (required)
	BackupDir string           // where archives go; default DataDir/backups
	Now       func() time.Time // clock; default time.Now
	// AuditKey signs the audit checkpoint in the manifest (unsigned when nil).
	AuditKey *audit.Key
	// Database is the store's PostgreSQL URL when it keeps its tables
	// there (empty: SQLite). The backup then holds a pg_dump of that
	// database (PGDumpName) instead of SQLite snapshots.
	Database string
}

// Info describes one backup archive.
type Info struct {
	Name    string    // file name, backup-YYYYMMDDTHHMMSSZ.tar.gz
	Path    string    // full path of the archive
	Size    int64     // archive size in bytes
	Created time.Time // UTC creation time (from the name)
	Seq     int       // 1, or 2.. for later backups within the same second
	Files   int       // files listed in the manifest (0 if unreadable)
}

// ErrExists reports that no free archive name was left for this second.
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
// one consistent snapshot. Runs are serialised by a lock file, leftovers of
// interrupted runs are swept first, and an archive never replaces another:
// a second backup within the same second gets the next free name.
func Run(ctx context.Context, o Options) (Info, error) {
	o, err := o.withDefaults()
	if err != nil {
		return Info{}, err
	}
	if err := os.MkdirAll(o.BackupDir, 0o700); err != nil {
		return Info{}, fmt.Errorf("backup: create backup dir: %w", err)
	}
	unlock, err := lockDir(o.BackupDir)
	if err != nil {
		return Info{}, err
	}
	defer unlock()
	if err := sweep(o.BackupDir); err != nil {
		return Info{}, err
	}
	created := o.Now().UTC().Truncate(time.Second)
	stage, err := os.MkdirTemp(o.BackupDir, stagingPrefix)
	if err != nil {
		return Info{}, fmt.Errorf("backup: staging dir: %w", err)
	}
	defer os.RemoveAll(stage)
	m, err := snapshot(ctx, o.DataDir, o.Database, stage)
	if err != nil {
		return Info{}, err
	}
	m.Created = created
	if m.Audit != nil {
		cp := o.AuditKey.Sign(audit.Checkpoint{Entries: int64(m.Audit.Entries), Head: m.Audit.LastHash, At: m.Audit.LastTS.UTC()})
		m.Audit.Sig = cp.Sig
	}
	name, size, err := writeArchive(ctx, stage, m, o.BackupDir, created)
	if err != nil {
		return Info{}, err
	}
	_, seq, _ := parseNameSeq(name)
	return Info{Name: name, Path: filepath.Join(o.BackupDir, name), Size: size, Created: created, Seq: seq, Files: len(m.Files)}, nil
}
