package backup

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/server/audit"
)

var t0 = time.Date(2025, 6, 7, 3, 0, 0, 0, time.UTC)

func fixed(t time.Time) func() time.Time { return func() time.Time { return t } }

func TestRunContents(t *testing.T) {
	t.Parallel()
	data := makeDataDir(t)
	info, err := Run(t.Context(), Options{DataDir: data, Now: fixed(t0.Add(1500 * time.Millisecond))})
	if err != nil {
		t.Fatal(err)
	}
	wantPath := filepath.Join(data, "backups", "backup-20250607T030001Z.tar.gz")
	if info.Path != wantPath || info.Name != filepath.Base(wantPath) || !info.Created.Equal(t0.Add(time.Second)) {
		t.Fatalf("info = %+v", info)
	}
	st, err := os.Stat(info.Path)
	if err != nil || st.Mode().Perm() != 0o600 || st.Size() != info.Size {
		t.Fatalf("archive stat %v %v (info size %d)", st.Mode(), err, info.Size)
	}
	var names []string
	for _, e := range readArchive(t, info.Path) {
		names = append(names, e.hdr.Name)
	}
	want := []string{"manifest.json", "audit/audit-2025-05-01.jsonl", "audit/audit-2025-05-02.jsonl",
		"fortfolio.db", "pepper", "secret", "settings.json", "users/u1/portfolio.db", "users/u2/portfolio.db"}
	if !slices.Equal(names, want) {
		t.Fatalf("entries\n got %v\nwant %v", names, want)
	}
	if info.Files != len(want)-1 {
		t.Fatalf("Files = %d", info.Files)
	}
	before, _ := os.ReadFile(info.Path)
	second, err := Run(t.Context(), Options{DataDir: data, Now: fixed(t0.Add(1900 * time.Millisecond))})
	if err != nil || second.Name != "backup-20250607T030001Z-2.tar.gz" || second.Seq != 2 {
		t.Fatalf("second backup in the same second: %+v %v", second, err)
	}
	if after, _ := os.ReadFile(info.Path); !bytes.Equal(before, after) {
		t.Fatal("second backup in the same second overwrote the first")
	}
	if l, _ := List(t.Context(), filepath.Join(data, "backups")); len(l) != 2 || l[0].Name != second.Name {
		t.Fatalf("list = %+v", l)
	}
	left, _ := filepath.Glob(filepath.Join(data, "backups", ".*"))
	if len(left) != 1 || filepath.Base(left[0]) != ".lock" {
		t.Fatalf("temporary files left: %v", left)
	}
}

func TestRoundTrip(t *testing.T) {
	t.Parallel()
	data := makeDataDir(t)
	info, err := Run(t.Context(), Options{DataDir: data, BackupDir: t.TempDir(), Now: fixed(t0)})
	if err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(t.TempDir(), "restored")
	if err := Restore(t.Context(), info.Path, target, false); err != nil {
		t.Fatal(err)
	}
	for _, db := range []string{"fortfolio.db", "users/u1/portfolio.db", "users/u2/portfolio.db"} {
		got, want := dump(t, filepath.Join(target, db)), dump(t, filepath.Join(data, db))
		if got != want || len(want) < 30 {
			t.Fatalf("%s differs after restore:\n%s\nwant\n%s", db, got, want)
		}
	}
	for _, f := range []string{"secret", "pepper", "settings.json", "audit/audit-2025-05-01.jsonl", "audit/audit-2025-05-02.jsonl"} {
		got, _ := os.ReadFile(filepath.Join(target, f))
		want, _ := os.ReadFile(filepath.Join(data, f))
		if !bytes.Equal(got, want) || len(want) == 0 {
			t.Fatalf("%s differs after restore", f)
		}
	}
	for _, absent := range []string{"market-cache.db", "backups", "link", "users/bad id"} {
		if _, err := os.Lstat(filepath.Join(target, absent)); err == nil {
			t.Fatalf("%s was restored", absent)
		}
	}
	// 6 entries plus the checkpoint that closes the first day file.
	if res, err := audit.Verify(t.Context(), filepath.Join(target, "audit")); err != nil || !res.OK || res.Entries != 7 {
		t.Fatalf("restored audit log: %+v %v", res, err)
	}
	if st, _ := os.Stat(target); st.Mode().Perm() != 0o700 {
		t.Fatalf("target mode %v", st.Mode())
	}
}

func TestAuditTailCopiedWholeLines(t *testing.T) {
	t.Parallel()
	data := makeDataDir(t)
	day := filepath.Join(data, "audit", "audit-2025-05-02.jsonl")
	f, err := os.OpenFile(day, os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`{"ts":"2025-05-02T00:00:`) // a write in progress
	f.Close()
	info, err := Run(t.Context(), Options{DataDir: data, Now: fixed(t0)})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range readArchive(t, info.Path) {
		if e.hdr.Name == "audit/audit-2025-05-02.jsonl" && !bytes.HasSuffix(e.body, []byte("}\n")) {
			t.Fatalf("partial line archived: %q", e.body[len(e.body)-30:])
		}
	}
}

func TestListIgnoresOtherFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"backup-20250101T030000Z.tar.gz": "x", "backup-20250301T030000Z.tar.gz": "xy",
		"backup-20250201T030000Z.tar.gz.tmp": "", ".backup-123.tmp": "", "backup-2025-01-01.tar.gz": "",
		"backup-20251301T030000Z.tar.gz": "", "backup-20250101T030000Z.tar.gz.bak": "", "notes": "",
	})
	os.Mkdir(filepath.Join(dir, "backup-20250401T030000Z.tar.gz"), 0o700)
	list, err := List(t.Context(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].Name != "backup-20250301T030000Z.tar.gz" || list[0].Size != 2 ||
		list[1].Name != "backup-20250101T030000Z.tar.gz" {
		t.Fatalf("list = %+v", list)
	}
	if l, err := List(t.Context(), filepath.Join(dir, "missing")); err != nil || len(l) != 0 {
		t.Fatalf("missing dir: %v %v", l, err)
	}
}

func TestParseName(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in string
		ok bool
	}{
		{"backup-20250607T030000Z.tar.gz", true}, {"backup-20250229T030000Z.tar.gz", false},
		{"backup-20250607T030000.tar.gz", false}, {"backup-20250607T030000Z.tar", false},
		{"../backup-20250607T030000Z.tar.gz", false}, {"backup-20250607t030000z.tar.gz", false},
		{"backup-20250607T250000Z.tar.gz", false}, {"", false},
		{"backup-20250607T030000Z-2.tar.gz", true}, {"backup-20250607T030000Z-99.tar.gz", true},
		{"backup-20250607T030000Z-1.tar.gz", false}, {"backup-20250607T030000Z-02.tar.gz", false},
		{"backup-20250607T030000Z-100.tar.gz", false}, {"backup-20250607T030000Z--2.tar.gz", false},
		{"backup-20250607T030000Z-+2.tar.gz", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if _, ok := ParseName(tt.in); ok != tt.ok {
				t.Fatalf("ParseName(%q) ok = %v", tt.in, ok)
			}
		})
	}
}
