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
		created, ok := ParseName(e.Name())
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
		out = append(out, Info{Name: e.Name(), Path: p, Size: st.Size(), Created: created, Files: manifestFiles(p)})
	}
	slices.SortFunc(out, func(a, b Info) int { return b.Created.Compare(a.Created) })
	return out, nil
}

// manifestFiles returns the file count from an archive's leading manifest,
// or 0 when it cannot be read.
func manifestFiles(path string) int {
	f, err := os.Open(path) // #nosec G304 -- path is built by this program from the data or backup directory, never from request input
	if err != nil {
		return 0
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return 0
	}
	tr := tar.NewReader(gz)
	hdr, err := tr.Next()
	if err != nil || hdr.Name != manifestName || hdr.Size > maxManifestBytes {
		return 0
	}
	m, err := decodeManifest(tr)
	if err != nil {
		return 0
	}
	return len(m.Files)
}
