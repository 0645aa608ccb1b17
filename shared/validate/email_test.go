package validate

import (
	"net/mail"
	"strings"
	"testing"

	"github.com/fortfolio/fortfolio/shared/fuzzseed"
)

func TestEmail(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in string
		ok bool
	}{
		{"", true},
		{"a@b.c", true},
		{"first.last+tag@example.co.uk", true},
		{"a@b.c\r\nBcc: x@y.z", false},
		{"a@b.c\nBcc: x@y.z", false},
		{"Bob <a@b.c>", false},
		{"<a@b.c>", false},
		{"a@b.c (comment)", false},
		{`"a b"@c.d`, false},
		{"a@b.c,d@e.f", false},
		{"not-an-address", false},
		{" a@b.c", false},
		{strings.Repeat("a", 243) + "@example.com", false},
		{strings.Repeat("a", 242) + "@example.com", true},
	} {
		if err := Email(tc.in); (err == nil) != tc.ok {
			t.Errorf("Email(%q) = %v, want ok=%v", tc.in, err, tc.ok)
		}
	}
}

func FuzzEmail(f *testing.F) {
	seen := fuzzseed.Require(f)
	for _, s := range []string{"a@b.c", "a@b.c\r\nBcc: x@y.z", "Bob <a@b.c>", "\"q\"@x.y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if Email(s) != nil || s == "" {
			return
		}
		seen.Reached()
		if len(s) > MaxEmailLen || strings.ContainsAny(s, "\r\n<>\"") {
			t.Fatalf("unsafe address accepted: %q", s)
		}
		if a, err := mail.ParseAddress(s); err != nil || a.Address != s || a.Name != "" {
			t.Fatalf("accepted %q does not round-trip", s)
		}
	})
}
