package backup

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/fortfolio/fortfolio/server/audit"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// busyTimeoutMS is how long a snapshot waits for a locked database.
const busyTimeoutMS = 30000

// snapshot copies everything that belongs in a backup from dataDir into
// stage and returns the manifest (without Created). The audit log is
// copied last: the accounts database's audit checkpoint never runs ahead
// of the log, so the copy holds every entry the checkpoint counts.
//
// With database set (a postgres:// URL) the tables are in PostgreSQL: the
// backup holds a pg_dump of it instead of the SQLite databases (any
// left in the data directory are not the store's), dumped before the
// audit log is copied for the same reason.
func snapshot(ctx context.Context, dataDir, database, stage string) (Manifest, error) {
	ents, err := os.ReadDir(dataDir)
	if err != nil {
		return Manifest{}, fmt.Errorf("backup: read data dir: %w", err)
	}
	slices.SortStableFunc(ents, func(a, b os.DirEntry) int { return cmpBool(a.Name() == "audit", b.Name() == "audit") })
	var m Manifest
	if database != "" {
		if err := dumpPostgres(ctx, database, filepath.Join(stage, PGDumpName)); err != nil {
			return Manifest{}, err
		}
		m.Database = "postgres"
	}
	for _, e := range ents {
		if err := ctx.Err(); err != nil {
			return Manifest{}, fmt.Errorf("backup: %w", err)
		}
		if database != "" && sqliteTop(e) {
			continue
		}
		if err := snapshotTop(ctx, dataDir, stage, e); err != nil {
			return Manifest{}, err
		}
	}
	if m.Audit, err = auditHead(ctx, filepath.Join(stage, "audit")); err != nil {
		return Manifest{}, err
	}
	m.Format = FormatVersion
	m.Files, err = sumTree(ctx, stage)
	return m, err
}

func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// sqliteTop reports a top-level entry holding SQLite databases.
func sqliteTop(e os.DirEntry) bool {
	return (e.IsDir() && e.Name() == "users") || strings.HasSuffix(e.Name(), ".db")
}

// snapshotTop handles one top-level entry of the data directory. A
// database dump left there by a restore is not copied: a backup on
// PostgreSQL takes a fresh one.
func snapshotTop(ctx context.Context, dataDir, stage string, e os.DirEntry) error {
	name, src := e.Name(), filepath.Join(dataDir, e.Name())
	switch {
	case e.IsDir() && name == "users":
		return snapshotUsers(ctx, src, filepath.Join(stage, "users"))
	case e.IsDir() && name == "audit":
		return copyAudit(ctx, src, filepath.Join(stage, "audit"))
	case !e.Type().IsRegular() || skippedTop(name) || name == PGDumpName:
		return nil
	case !validTop(name) || name == manifestName:
		slog.WarnContext(ctx, "backup: skipping file with unexpected name", slog.String("name", name))
		return nil
	case strings.HasSuffix(name, ".db"):
		return vacuumInto(ctx, src, filepath.Join(stage, name))
	}
	return copyFile(src, filepath.Join(stage, name), false)
}

// snapshotUsers snapshots users/<id>/portfolio.db for every valid id.
func snapshotUsers(ctx context.Context, src, dst string) error {
	ents, err := os.ReadDir(src)
	if err != nil {
		return fmt.Errorf("backup: read users dir: %w", err)
	}
	for _, e := range ents {
		if !e.IsDir() || !idRE.MatchString(e.Name()) {
			continue
		}
		db := filepath.Join(src, e.Name(), "portfolio.db")
		st, err := os.Lstat(db)
		if errors.Is(err, os.ErrNotExist) || (err == nil && !st.Mode().IsRegular()) {
			continue
		}
		if err != nil {
			return fmt.Errorf("backup: stat %s: %w", db, err)
		}
		if err := os.MkdirAll(filepath.Join(dst, e.Name()), 0o700); err != nil {
			return fmt.Errorf("backup: staging user dir: %w", err)
		}
		if err := vacuumInto(ctx, db, filepath.Join(dst, e.Name(), "portfolio.db")); err != nil {
			return err
		}
	}
	return nil
}

// copyAudit copies the audit day files, each up to its last complete line
// (the server may be appending while we read).
func copyAudit(ctx context.Context, src, dst string) error {
	ents, err := os.ReadDir(src)
	if err != nil {
		return fmt.Errorf("backup: read audit dir: %w", err)
	}
	if err := os.MkdirAll(dst, 0o700); err != nil {
		return fmt.Errorf("backup: staging audit dir: %w", err)
	}
	for _, e := range ents {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("backup: %w", err)
		}
		if e.Type().IsRegular() && auditRE.MatchString(e.Name()) {
			if err := copyFile(filepath.Join(src, e.Name()), filepath.Join(dst, e.Name()), true); err != nil {
				return err
			}
		}
	}
	return nil
}

// copyFile copies src to a new 0600 file dst. With wholeLines, a trailing
// partial line is left out.
func copyFile(src, dst string, wholeLines bool) error {
	in, err := os.OpenFile(src, os.O_RDONLY|noFollow, 0) // #nosec G304 -- path is built by this program from the data or backup directory, never from request input
	if err != nil {
		return fmt.Errorf("backup: open %s: %w", filepath.Base(src), err)
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600) // #nosec G304 -- path is built by this program from the data or backup directory, never from request input
	if err != nil {
		return fmt.Errorf("backup: create %s: %w", filepath.Base(dst), err)
	}
	defer out.Close()
	n, err := io.Copy(out, in)
	if err != nil {
		return fmt.Errorf("backup: copy %s: %w", filepath.Base(src), err)
	}
	if wholeLines {
		return trimPartialLine(out, n)
	}
	return nil
}

// trimPartialLine truncates f (of size n) after its last newline.
func trimPartialLine(f *os.File, n int64) error {
	buf := make([]byte, 64<<10)
	for end := n; end > 0; {
		start := max(0, end-int64(len(buf)))
		chunk := buf[:end-start]
		if _, err := f.ReadAt(chunk, start); err != nil {
			return fmt.Errorf("backup: read back %s: %w", filepath.Base(f.Name()), err)
		}
		if i := bytes.LastIndexByte(chunk, '\n'); i >= 0 {
			n = start + int64(i) + 1
			break
		}
		end, n = start, start
	}
	if err := f.Truncate(n); err != nil {
		return fmt.Errorf("backup: trim %s: %w", filepath.Base(f.Name()), err)
	}
	return nil
}

// sqliteDSN builds a DSN for an existing database file (mode=rw never
// creates it) with the busy timeout first.
func sqliteDSN(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", fmt.Errorf("backup: %w", err)
	}
	u := url.URL{Scheme: "file", Path: abs,
		RawQuery: fmt.Sprintf("_pragma=busy_timeout(%d)&mode=rw", busyTimeoutMS)}
	return u.String(), nil
}

// vacuumInto writes a consistent snapshot of the database src to dst.
func vacuumInto(ctx context.Context, src, dst string) error {
	dsn, err := sqliteDSN(src)
	if err != nil {
		return err
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return fmt.Errorf("backup: open %s: %w", filepath.Base(src), err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	// An empty owner-only file first: VACUUM INTO fills it in place, so the
	// copy is never readable by others, not even for a moment.
	f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600) // #nosec G304 -- path is built by this program from the staging directory
	if err != nil {
		return fmt.Errorf("backup: create snapshot: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("backup: create snapshot: %w", err)
	}
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", dst); err != nil {
		return fmt.Errorf("backup: snapshot %s: %w", filepath.Base(src), err)
	}
	if err := os.Chmod(dst, 0o600); err != nil {
		return fmt.Errorf("backup: chmod snapshot: %w", err)
	}
	return nil
}

// auditHead records the audit chain state of the copied logs, so a later
// truncation of the live log can be detected against the backup.
func auditHead(ctx context.Context, dir string) (*AuditHead, error) {
	if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	res, err := audit.Verify(ctx, dir)
	if err != nil {
		return nil, fmt.Errorf("backup: audit head: %w", err)
	}
	return &AuditHead{Entries: res.Entries, OK: res.OK, LastHash: res.LastHash, LastTS: res.LastTS}, nil
}
