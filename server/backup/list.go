package backup

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/fortfolio/fortfolio/server/audit"
)

// List returns the backups in backupDir, newest first. Only regular files
// named exactly backup-YYYYMMDDTHHMMSSZ.tar.gz are listed; temporary and
// other files are ignored. A missing directory lists as empty.
func List(ctx context.Context, backupDir string) ([]Info, error) {
	ents, err := os.ReadDir(backupDir)
	if errors.Is(err, fs.ErrNotExist) {
		return []Info{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("backup: list: %w", err)
	}
	out := []Info{}
	for _, e := range ents {
		created, seq, ok := parseNameSeq(e.Name())
		if !ok || !e.Type().IsRegular() {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("backup: list: %w", err)
		}
		st, err := e.Info()
		if err != nil {
			continue // removed meanwhile
		}
		p := filepath.Join(backupDir, e.Name())
		out = append(out, Info{Name: e.Name(), Path: p, Size: st.Size(), Created: created, Seq: seq, Files: manifestFiles(p)})
	}
	slices.SortFunc(out, func(a, b Info) int {
		if c := b.Created.Compare(a.Created); c != 0 {
			return c
		}
		return b.Seq - a.Seq
	})
	return out, nil
}

// manifestFiles returns the file count from an archive's leading manifest,
// or 0 when it cannot be read.
func manifestFiles(path string) int {
	m, err := archiveManifest(path)
	if err != nil {
		return 0
	}
	return len(m.Files)
}

// archiveManifest reads the leading manifest of an archive.
func archiveManifest(path string) (Manifest, error) {
	f, err := os.Open(path) // #nosec G304 -- path is built by this program from the data or backup directory, never from request input
	if err != nil {
		return Manifest{}, fmt.Errorf("backup: open %s: %w", filepath.Base(path), err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return Manifest{}, fmt.Errorf("backup: %s: %w", filepath.Base(path), err)
	}
	tr := tar.NewReader(gz)
	hdr, err := tr.Next()
	if err != nil || hdr.Name != manifestName || hdr.Size > maxManifestBytes {
		return Manifest{}, fmt.Errorf("backup: %s: no leading manifest", filepath.Base(path))
	}
	return decodeManifest(tr)
}

// AuditCheckpoints returns the audit checkpoint recorded in the manifest of
// every backup in backupDir (unreadable archives are skipped), so a later
// cut or rewrite of the live log can be detected.
func AuditCheckpoints(ctx context.Context, backupDir string) ([]audit.Checkpoint, error) {
	list, err := List(ctx, backupDir)
	if err != nil {
		return nil, err
	}
	var out []audit.Checkpoint
	for _, b := range list {
		m, err := archiveManifest(b.Path)
		if err != nil || m.Audit == nil || !m.Audit.OK {
			continue
		}
		out = append(out, audit.Checkpoint{Entries: int64(m.Audit.Entries), Head: m.Audit.LastHash,
			At: m.Audit.LastTS.UTC(), Sig: m.Audit.Sig, Source: "backup " + b.Name})
	}
	return out, nil
}
