package audit

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestVerifyFindsFirstBreak(t *testing.T) {
	t.Parallel()
	const day1, day2 = "audit-2025-03-31.jsonl", "audit-2025-04-01.jsonl"
	tests := []struct {
		name     string
		file     string // file to edit ("" = none)
		edit     func([]byte) []byte
		remove   string // file to delete
		rename   [2]string
		wantFile string
		wantLine int
		reason   string
	}{
		{name: "edit a field", file: day1, edit: editLines(func(l []string) []string {
			l[2] = strings.Replace(l[2], `"u2"`, `"u0"`, 1)
			return l
		}), wantFile: day1, wantLine: 3, reason: "hash mismatch"},
		{name: "delete a line", file: day1, edit: editLines(func(l []string) []string {
			return append(l[:1], l[2:]...)
		}), wantFile: day1, wantLine: 2, reason: "prev does not match"},
		{name: "swap two lines", file: day1, edit: editLines(func(l []string) []string {
			l[1], l[2] = l[2], l[1]
			return l
		}), wantFile: day1, wantLine: 2, reason: "prev does not match"},
		{name: "insert a copy", file: day1, edit: editLines(func(l []string) []string {
			return append(l[:4], append([]string{l[0]}, l[4:]...)...)
		}), wantFile: day1, wantLine: 5, reason: "prev does not match"},
		{name: "delete middle day file", remove: day1, wantFile: day2, wantLine: 1, reason: "prev does not match"},
		{name: "truncate last line", file: day2, edit: func(b []byte) []byte { return b[:len(b)-7] },
			wantFile: day2, wantLine: 5, reason: "truncated"},
		{name: "invalid JSON", file: day2, edit: editLines(func(l []string) []string {
			l[3] = "{not json"
			return l
		}), wantFile: day2, wantLine: 4, reason: "invalid JSON"},
		{name: "unknown field", file: day2, edit: editLines(func(l []string) []string {
			l[0] = strings.Replace(l[0], `{"seq"`, `{"x":1,"seq"`, 1)
			return l
		}), wantFile: day2, wantLine: 1, reason: "invalid JSON"},
		{name: "blank line", file: day1, edit: editLines(func(l []string) []string {
			return append(l[:2], append([]string{""}, l[2:]...)...)
		}), wantFile: day1, wantLine: 3, reason: "invalid JSON"},
		{name: "day file renamed", rename: [2]string{day2, "audit-2025-04-05.jsonl"},
			wantFile: "audit-2025-04-05.jsonl", wantLine: 1, reason: "not on the file's day"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := writeChain(t, 3, 5)
			if tt.file != "" {
				editFile(t, filepath.Join(dir, tt.file), tt.edit)
			}
			if tt.remove != "" {
				if err := os.Remove(filepath.Join(dir, tt.remove)); err != nil {
					t.Fatal(err)
				}
			}
			if tt.rename[0] != "" {
				err := os.Rename(filepath.Join(dir, tt.rename[0]), filepath.Join(dir, tt.rename[1]))
				if err != nil {
					t.Fatal(err)
				}
			}
			res, err := Verify(t.Context(), dir)
			if err != nil {
				t.Fatal(err)
			}
			if res.OK || res.Broken == nil {
				t.Fatalf("tampering not detected: %+v", res)
			}
			b := res.Broken
			if b.File != tt.wantFile || b.Line != tt.wantLine || !strings.Contains(b.Reason, tt.reason) {
				t.Fatalf("broken at %s:%d (%s), want %s:%d (%s)", b.File, b.Line, b.Reason,
					tt.wantFile, tt.wantLine, tt.reason)
			}
		})
	}
}

func TestVerifyMissingDir(t *testing.T) {
	t.Parallel()
	if _, err := Verify(t.Context(), filepath.Join(t.TempDir(), "nope")); err == nil {
		t.Fatal("missing directory verified")
	}
}
