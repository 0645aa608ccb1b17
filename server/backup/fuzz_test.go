package backup

import (
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/fortfolio/fortfolio/shared/fuzzseed"
)

func FuzzValidEntry(f *testing.F) {
	seen := fuzzseed.Require(f)
	for _, s := range []string{"manifest.json", "users/u1/portfolio.db", "audit/audit-2025-01-01.jsonl",
		"../x", "/etc/passwd", "users/../x", "a//b", "users/u1/../../x", "secret", ".hidden", "x\\y", "backups"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		if !validEntry(name) {
			return
		}
		seen.Reached()
		parts := strings.Split(name, "/")
		if path.IsAbs(name) || path.Clean(name) != name || slices.Contains(parts, "..") ||
			parts[0] == "backups" || len(parts) > 3 || strings.ContainsAny(name, "\\\x00") {
			t.Fatalf("accepted %q", name)
		}
	})
}

func FuzzParseName(f *testing.F) {
	seen := fuzzseed.Require(f)
	f.Add("backup-20250607T030000Z.tar.gz")
	f.Add("backup-99991231T235959Z.tar.gz")
	f.Add("backup-.tar.gz")
	f.Add("backup-20250607T030000Z-2.tar.gz")
	f.Fuzz(func(t *testing.T, name string) {
		tm, seq, ok := parseNameSeq(name)
		if !ok {
			return
		}
		seen.Reached()
		if NameSeq(tm, seq) != name {
			t.Fatalf("ParseName(%q) does not round-trip", name)
		}
	})
}

// FuzzRestoreArchive feeds arbitrary bytes to Restore: it must refuse them
// with an error (never panic or hang) and leave no target behind.
// The good archive is the seed that reaches the success path.
func FuzzRestoreArchive(f *testing.F) {
	seen := fuzzseed.Require(f)
	data := makeDataDir(f)
	info, err := Run(f.Context(), Options{DataDir: data, Now: fixed(t0)})
	if err != nil {
		f.Fatal(err)
	}
	good, _ := os.ReadFile(info.Path)
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff})
	f.Fuzz(func(t *testing.T, b []byte) {
		dir := t.TempDir()
		src := filepath.Join(dir, "in.tar.gz")
		os.WriteFile(src, b, 0o600)
		target := filepath.Join(dir, "data")
		lim := Limits{MaxFiles: 50, MaxFileSize: 1 << 20, MaxTotalSize: 4 << 20}
		err := RestoreWith(t.Context(), src, target, RestoreOptions{Limits: lim})
		if _, statErr := os.Stat(target); (err == nil) != (statErr == nil) {
			t.Fatalf("restore err %v but target stat %v", err, statErr)
		}
		if ents, _ := os.ReadDir(dir); len(ents) > 2 {
			t.Fatalf("staging left behind: %v", ents)
		}
		if err == nil {
			seen.Reached()
		}
	})
}
