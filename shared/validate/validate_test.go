package validate

import (
	"strings"
	"testing"

	"github.com/fortfolio/fortfolio/shared/fuzzseed"
)

func TestID(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in string
		ok bool
	}{
		{"abc", true},
		{"A-b_9", true},
		{strings.Repeat("a", 64), true},
		{strings.Repeat("a", 65), false},
		{"", false},
		{"../x", false},
		{"%2e%2e%2f", false},
		{"a\x00b", false},
		{"a b", false},
		{"é", false},
		{"a/b", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			err := ID(tt.in)
			if (err == nil) != tt.ok {
				t.Fatalf("ID(%q) = %v, want ok=%v", tt.in, err, tt.ok)
			}
			if err != nil && err.Error() != "Invalid identifier" {
				t.Fatalf("message = %q", err)
			}
		})
	}
}

func TestUsername(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in string
		ok bool
	}{
		{"bob", true},
		{"alice.smith-2_", true},
		{"ab", false},
		{strings.Repeat("x", 33), false},
		{"bob smith", false},
		{"bob<script>", false},
		{"bøb", false},
	}
	for _, tt := range tests {
		if err := Username(tt.in); (err == nil) != tt.ok {
			t.Errorf("Username(%q) = %v, want ok=%v", tt.in, err, tt.ok)
		}
	}
}

func TestPassword(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in string
		ok bool
	}{
		{"short", false},
		{"12345678", true},
		{strings.Repeat("é", 128), true},
		{strings.Repeat("a", 129), false},
		{"abcdefg\x00h", false},
		{"abcdefgh\xff", false},
	}
	for _, tt := range tests {
		if err := Password(tt.in); (err == nil) != tt.ok {
			t.Errorf("Password(%q) = %v, want ok=%v", tt.in, err, tt.ok)
		}
	}
}

func TestText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		in        string
		multiline bool
		want      string
		ok        bool
	}{
		{"plain", "  Growth  ", false, "Growth", true},
		{"empty", "   ", false, "", false},
		{"too long", strings.Repeat("a", 81), false, "", false},
		{"newline in name", "a\nb", false, "", false},
		{"newline in note", "a\nb", true, "a\nb", true},
		{"escape char", "a\x1bb", true, "", false},
		{"line separator", "a\u2028b", true, "", false},
		{"bad utf8", "a\xffb", false, "", false},
		{"html is text", "<img src=x onerror=alert(1)>", false, "<img src=x onerror=alert(1)>", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Text("Name", tt.in, 1, 80, tt.multiline)
			if (err == nil) != tt.ok || got != tt.want {
				t.Fatalf("Text(%q) = %q, %v; want %q ok=%v", tt.in, got, err, tt.want, tt.ok)
			}
		})
	}
}

func FuzzID(f *testing.F) {
	seen := fuzzseed.Require(f)
	for _, s := range []string{"abc", "../x", "a\x00b", strings.Repeat("a", 65), ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if ID(s) != nil {
			return
		}
		seen.Reached()
		if len(s) > 64 || strings.ContainsAny(s, "./\\\x00%") {
			t.Fatalf("accepted unsafe id %q", s)
		}
	})
}

func FuzzText(f *testing.F) {
	seen := fuzzseed.Require(f)
	for _, s := range []string{"Growth", "a\nb", "\x00", "<b>x</b>", "\xff", "Savings\u202Egpj.exe", "\u2066admin\u2069", "שלום"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := Text("Note", s, 0, 2000, true)
		if err != nil {
			return
		}
		seen.Reached()
		for _, r := range got {
			if r < 0x20 && r != '\n' && r != '\t' && r != '\r' {
				t.Fatalf("accepted control character in %q", got)
			}
			if IsBidiControl(r) {
				t.Fatalf("accepted bidirectional control U+%04X in %q", r, got)
			}
		}
	})
}
