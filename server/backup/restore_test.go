package backup

import (
	"archive/tar"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// goodArchive returns the path of a real backup of a fresh data dir.
func goodArchive(t *testing.T) string {
	t.Helper()
	info, err := Run(t.Context(), Options{DataDir: makeDataDir(t), BackupDir: t.TempDir(), Now: fixed(t0)})
	if err != nil {
		t.Fatal(err)
	}
	return info.Path
}

// rewrite rebuilds the archive at src with edit applied to its entries.
func rewrite(t *testing.T, src string, edit func([]tarEntry) []tarEntry) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "edited.tar.gz")
	writeArchiveFile(t, dst, edit(readArchive(t, src)))
	return dst
}

func entryIndex(es []tarEntry, name string) int {
	return slices.IndexFunc(es, func(e tarEntry) bool { return e.hdr.Name == name })
}

func TestRestoreRefusesBadArchives(t *testing.T) {
	t.Parallel()
	good := goodArchive(t)
	add := func(e tarEntry) func([]tarEntry) []tarEntry {
		return func(es []tarEntry) []tarEntry { return append(es, e) }
	}
	special := func(typ byte, name, link string) tarEntry {
		return tarEntry{hdr: tar.Header{Typeflag: typ, Name: name, Linkname: link, Mode: 0o600}}
	}
	tests := []struct {
		name   string
		build  func(t *testing.T) string
		limits Limits
		reason string
	}{
		{"flipped byte", func(t *testing.T) string {
			b, _ := os.ReadFile(good)
			b[len(b)/2] ^= 0x40
			p := filepath.Join(t.TempDir(), "flip.tar.gz")
			os.WriteFile(p, b, 0o600)
			return p
		}, Limits{}, ""},
		{"truncated archive", func(t *testing.T) string {
			b, _ := os.ReadFile(good)
			p := filepath.Join(t.TempDir(), "cut.tar.gz")
			os.WriteFile(p, b[:len(b)-100], 0o600)
			return p
		}, Limits{}, ""},
		{"edited file fails checksum", func(t *testing.T) string {
			return rewrite(t, good, func(es []tarEntry) []tarEntry {
				i := entryIndex(es, "settings.json")
				es[i].body = bytes.ToUpper(es[i].body)
				return es
			})
		}, Limits{}, "checksum"},
		{"file missing", func(t *testing.T) string {
			return rewrite(t, good, func(es []tarEntry) []tarEntry { return slices.Delete(es, 5, 6) })
		}, Limits{}, "manifest"},
		{"extra file", func(t *testing.T) string { return rewrite(t, good, add(reg("extra", []byte("x")))) }, Limits{}, "manifest"},
		{"no manifest", func(t *testing.T) string {
			return rewrite(t, good, func(es []tarEntry) []tarEntry { return es[1:] })
		}, Limits{}, "no manifest"},
		{"traversal", func(t *testing.T) string { return rewrite(t, good, add(reg("../evil", []byte("x")))) }, Limits{}, "not allowed"},
		{"nested traversal", func(t *testing.T) string {
			return rewrite(t, good, add(reg("users/../../evil", []byte("x"))))
		}, Limits{}, "not allowed"},
		{"absolute path", func(t *testing.T) string { return rewrite(t, good, add(reg("/tmp/evil", []byte("x")))) }, Limits{}, "not allowed"},
		{"unexpected dir", func(t *testing.T) string {
			return rewrite(t, good, add(reg("backups/backup-20250101T000000Z.tar.gz", []byte("x"))))
		}, Limits{}, "not allowed"},
		{"symlink", func(t *testing.T) string {
			return rewrite(t, good, add(special(tar.TypeSymlink, "pepper2", "/etc/passwd")))
		}, Limits{}, "regular"},
		{"hardlink", func(t *testing.T) string { return rewrite(t, good, add(special(tar.TypeLink, "pepper2", "pepper"))) }, Limits{}, "regular"},
		{"device", func(t *testing.T) string { return rewrite(t, good, add(special(tar.TypeChar, "tty", ""))) }, Limits{}, "regular"},
		{"directory", func(t *testing.T) string { return rewrite(t, good, add(special(tar.TypeDir, "users/", ""))) }, Limits{}, "regular"},
		{"duplicate", func(t *testing.T) string {
			return rewrite(t, good, func(es []tarEntry) []tarEntry { return append(es, es[3]) })
		}, Limits{}, "duplicate"},
		{"file too large", func(t *testing.T) string { return good }, Limits{MaxFiles: 100, MaxFileSize: 1000, MaxTotalSize: 1 << 30}, "too large"},
		{"total too large", func(t *testing.T) string { return good }, Limits{MaxFiles: 100, MaxFileSize: 1 << 30, MaxTotalSize: 10000}, "larger than"},
		{"too many entries", func(t *testing.T) string { return good }, Limits{MaxFiles: 3, MaxFileSize: 1 << 30, MaxTotalSize: 1 << 30}, "entries"},
		{"corrupt database", corruptDBArchive(good), Limits{}, "integrity_check"},
		{"not gzip", func(t *testing.T) string {
			p := filepath.Join(t.TempDir(), "x.tar.gz")
			os.WriteFile(p, []byte("plain text"), 0o600)
			return p
		}, Limits{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			parent := t.TempDir()
			target := filepath.Join(parent, "data")
			writeFiles(t, target, map[string]string{"fortfolio.db": "old", "backups/b": "keep"})
			before := treeOf(t, parent)
			err := RestoreWith(t.Context(), tt.build(t), target, RestoreOptions{Force: true, Limits: tt.limits})
			if err == nil {
				t.Fatal("bad archive restored")
			}
			if !strings.Contains(err.Error(), tt.reason) {
				t.Fatalf("error %q does not mention %q", err, tt.reason)
			}
			if after := treeOf(t, parent); !slices.Equal(before, after) {
				t.Fatalf("target or parent changed:\n%v\n%v", before, after)
			}
		})
	}
}

// corruptDBArchive damages users/u1/portfolio.db inside the archive and
// fixes up the manifest so only integrity_check can catch it.
func corruptDBArchive(good string) func(t *testing.T) string {
	return func(t *testing.T) string {
		return rewrite(t, good, func(es []tarEntry) []tarEntry {
			i := entryIndex(es, "users/u1/portfolio.db")
			db := bytes.Clone(es[i].body)
			for j := 4096 + 100; j < 4096+300; j++ { // inside page 2
				db[j] ^= 0xff
			}
			m, err := decodeManifest(bytes.NewReader(es[0].body))
			if err != nil {
				t.Fatal(err)
			}
			sum, _ := sumBytes(db)
			for k := range m.Files {
				if m.Files[k].Path == "users/u1/portfolio.db" {
					m.Files[k].SHA256 = sum
				}
			}
			es[i].body = db
			es[0] = reg(manifestName, mustJSON(t, m))
			return es
		})
	}
}

func TestRestoreTargetRules(t *testing.T) {
	t.Parallel()
	good := goodArchive(t)
	parent := t.TempDir()
	target := filepath.Join(parent, "data")
	writeFiles(t, target, map[string]string{"old.txt": "old", "backups/backup-20240101T000000Z.tar.gz": "kept"})
	if err := Restore(t.Context(), good, target, false); !errors.Is(err, ErrTargetNotEmpty) {
		t.Fatalf("non-empty target: err = %v", err)
	}
	if err := Restore(t.Context(), good, target, true); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(target, "old.txt")); err == nil {
		t.Fatal("old data survived a forced restore")
	}
	if b, _ := os.ReadFile(filepath.Join(target, "backups/backup-20240101T000000Z.tar.gz")); string(b) != "kept" {
		t.Fatal("backups/ not carried over")
	}
	if ents, _ := os.ReadDir(parent); len(ents) != 1 {
		t.Fatalf("leftovers next to target: %v", ents)
	}
	var files []string
	for _, l := range treeOf(t, target) {
		if strings.Contains(l, " -rw") {
			files = append(files, strings.Fields(l)[0])
		}
	}
	want := []string{"audit/audit-2025-05-01.jsonl", "audit/audit-2025-05-02.jsonl",
		"backups/backup-20240101T000000Z.tar.gz", "fortfolio.db", "manifest.json", "pepper",
		"secret", "settings.json", "users/u1/portfolio.db", "users/u2/portfolio.db"}
	if !slices.Equal(files, want) {
		t.Fatalf("restored files\n got %v\nwant %v", files, want)
	}
	// A target holding only backups/ counts as empty.
	only := filepath.Join(parent, "fresh")
	writeFiles(t, only, map[string]string{"backups/x": "x"})
	if err := Restore(t.Context(), good, only, false); err != nil {
		t.Fatalf("target with only backups/: %v", err)
	}
}
