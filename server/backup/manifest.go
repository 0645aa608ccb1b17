package backup

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// FormatVersion is the manifest format this package writes and restores.
const FormatVersion = 1

// maxManifestBytes caps manifest.json.
const maxManifestBytes = 16 << 20

// Manifest is manifest.json, the first entry of every archive.
type Manifest struct {
	Format  int        `json:"format"`
	Created time.Time  `json:"created"`
	Files   []FileSum  `json:"files"`
	Audit   *AuditHead `json:"audit,omitempty"`
	// Database is "postgres" when the archive holds a pg_dump of the
	// store's PostgreSQL database (PGDumpName); empty for SQLite.
	Database string `json:"database,omitempty"`
}

// FileSum is the size and SHA-256 of one archived file.
type FileSum struct {
	Path   string `json:"path"` // slash-separated, relative to the data dir
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"` // lower-case hex
}

// AuditHead is the state of the audit chain in the backup; comparing
// LastHash with the live log detects later tail truncation.
type AuditHead struct {
	Entries  int       `json:"entries"`
	OK       bool      `json:"ok"`
	LastHash string    `json:"last_hash"`
	LastTS   time.Time `json:"last_ts"`
	// Sig signs (Entries, LastHash, LastTS) as an audit.Checkpoint with the
	// audit key; empty when the server has no key.
	Sig string `json:"sig,omitempty"`
}

// sumTree hashes every regular file under dir, sorted by path.
func sumTree(ctx context.Context, dir string) ([]FileSum, error) {
	var out []FileSum
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		s, err := sumFile(p)
		if err != nil {
			return err
		}
		s.Path = filepath.ToSlash(rel)
		out = append(out, s)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("backup: hash files: %w", err)
	}
	slices.SortFunc(out, func(a, b FileSum) int { return strings.Compare(a.Path, b.Path) })
	return out, nil
}

func sumFile(path string) (FileSum, error) {
	f, err := os.Open(path) // #nosec G304 -- path is built by this program from the data or backup directory, never from request input
	if err != nil {
		return FileSum{}, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return FileSum{}, err
	}
	return FileSum{Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// decodeManifest parses and sanity-checks manifest.json.
func decodeManifest(r io.Reader) (Manifest, error) {
	dec := json.NewDecoder(io.LimitReader(r, maxManifestBytes))
	dec.DisallowUnknownFields()
	var m Manifest
	if err := dec.Decode(&m); err != nil {
		return Manifest{}, fmt.Errorf("backup: manifest: %w", err)
	}
	if m.Format != FormatVersion {
		return Manifest{}, fmt.Errorf("backup: manifest: unsupported format %d", m.Format)
	}
	seen := make(map[string]bool, len(m.Files))
	for _, f := range m.Files {
		if !validEntry(f.Path) || f.Path == manifestName || seen[f.Path] || f.Size < 0 || len(f.SHA256) != 64 {
			return Manifest{}, fmt.Errorf("backup: manifest: invalid file entry %q", f.Path)
		}
		seen[f.Path] = true
	}
	return m, nil
}
