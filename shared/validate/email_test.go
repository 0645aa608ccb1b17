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
		{"o'brien!#$%&*/=?^_`{|}~-@example.com", true},
		{"jörg@bücher.example", true},
		{"a@b.c\r\nBcc: x@y.z", false},
		{"a@b.c\nBcc: x@y.z", false},
		{"Bob <a@b.c>", false},
		{"<a@b.c>", false},
		{"a@b.c (comment)", false},
		{`"a b"@c.d`, false},
		{`"a"@c.d`, false},
		{"a@[127.0.0.1]", false},
		{"a@b.c,d@e.f", false},
		{"a@b@c.d", false},
		{"not-an-address", false},
		{"@b.c", false},
		{"a@", false},
		{".a@b.c", false},
		{"a.@b.c", false},
		{"a..b@c.d", false},
		{"a@.b.c", false},
		{"a@b.c.", false},
		{"a@b..c", false},
		{"a@b.c\xff", false},
		{" a@b.c", false},
		{strings.Repeat("a", 243) + "@example.com", false},
		{strings.Repeat("a", 242) + "@example.com", true},
	} {
		if err := Email(tc.in); (err == nil) != tc.ok {
			t.Errorf("Email(%q) = %v, want ok=%v", tc.in, err, tc.ok)
		}
	}
}

// netMailEmail is the earlier implementation of Email on net/mail: the
// fuzz target holds Email to accepting exactly the same addresses.
func netMailEmail(s string) bool {
	if s == "" {
		return true
	}
	if len(s) > MaxEmailLen {
		return false
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == '\u2028' || r == '\u2029' || r == '\u0085' {
			return false
		}
	}
	addr, err := mail.ParseAddress(s)
	return err == nil && addr.Name == "" && addr.Address == s && strings.Contains(addr.Address, "@") &&
		!strings.ContainsAny(s, " <>()\",;:\\[]")
}

func FuzzEmail(f *testing.F) {
	seen := fuzzseed.Require(f)
	for _, s := range []string{"a@b.c", "a@b.c\r\nBcc: x@y.z", "Bob <a@b.c>", "\"q\"@x.y",
		"a..b@c.d", ".a@b.c", "a@b.c.", "jörg@bücher.example", "a@b.c\xff", "a@[1.2.3.4]", "=?utf-8?q?x?=@b.c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ok := Email(s) == nil
		if ok != netMailEmail(s) {
			t.Fatalf("Email(%q) ok=%v, net/mail says %v", s, ok, !ok)
		}
		if !ok || s == "" {
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
