package auth

import (
	"strings"
	"testing"
	"time"
)

// TestIssuedAtKeepsItsMillisecond: the parsed iat equals the millisecond
// the token was issued in, so a token issued together with a
// tokens_valid_after bump (password change) is valid.
func TestIssuedAtKeepsItsMillisecond(t *testing.T) {
	for i := range 1000 {
		at := time.UnixMilli(1796166595000 + int64(i))
		tok, err := NewTokens([]byte(strings.Repeat("s", 32)), func() time.Time { return at })
		if err != nil {
			t.Fatal(err)
		}
		raw, _, err := tok.Issue("u1", at)
		if err != nil {
			t.Fatal(err)
		}
		c, err := tok.Parse(raw)
		if err != nil {
			t.Fatal(err)
		}
		if !c.IssuedAt.Time.Equal(at) {
			t.Fatalf("issued at %v, parsed iat %v", at, c.IssuedAt.Time)
		}
	}
}
