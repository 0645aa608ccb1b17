package auth

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestCachedTokenIsCheckedAgain parses a token once (so it is cached) and
// again at other times: the cache saves the decoding only, every time
// check still applies on each use.
func TestCachedTokenIsCheckedAgain(t *testing.T) {
	issued := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		name  string
		later time.Duration
		ok    bool
	}{
		{name: "still valid", later: 10 * time.Minute, ok: true},
		{name: "expired", later: TokenTTL + time.Second},
		{name: "long expired", later: 24 * time.Hour},
		{name: "clock before issue", later: -time.Minute},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			now := issued
			tokens, err := NewTokens([]byte(strings.Repeat("k", 32)), func() time.Time { return now })
			if err != nil {
				t.Fatal(err)
			}
			raw, _, err := tokens.IssueSession("u1", "s1", issued)
			if err != nil {
				t.Fatal(err)
			}
			first, err := tokens.Parse(raw)
			if err != nil {
				t.Fatal(err)
			}
			if tokens.verified.len() != 1 {
				t.Fatalf("cached tokens = %d, want 1", tokens.verified.len())
			}
			now = issued.Add(tc.later)
			again, err := tokens.Parse(raw)
			if (err == nil) != tc.ok {
				t.Fatalf("second parse: err = %v, want ok = %v", err, tc.ok)
			}
			if tc.ok && !reflect.DeepEqual(first, again) {
				t.Fatalf("cached claims %+v differ from decoded %+v", again, first)
			}
		})
	}
}

// TestRefusedTokensAreNotCached: only tokens that pass every check are
// remembered, and another key's Tokens never accepts a cached token.
func TestRefusedTokensAreNotCached(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	tokens, _ := NewTokens([]byte(strings.Repeat("k", 32)), clock)
	other, _ := NewTokens([]byte(strings.Repeat("o", 32)), clock)
	raw, _, err := tokens.IssueSession("u1", "s1", now)
	if err != nil {
		t.Fatal(err)
	}
	tampered := raw[:len(raw)-2] + "AA"
	if tampered == raw {
		tampered = raw[:len(raw)-2] + "BB"
	}
	for _, bad := range []string{tampered, raw + ".x", strings.Replace(raw, ".", "..", 1)} {
		if _, err := tokens.Parse(bad); err == nil {
			t.Fatalf("a tampered token was accepted: %q", bad)
		}
	}
	if _, err := other.Parse(raw); err == nil {
		t.Fatal("a token of another key was accepted")
	}
	if n := tokens.verified.len() + other.verified.len(); n != 0 {
		t.Fatalf("%d refused tokens cached", n)
	}
	if _, err := tokens.Parse(raw); err != nil {
		t.Fatal(err)
	}
	if _, err := other.Parse(raw); err == nil {
		t.Fatal("a token cached by one key was accepted by another")
	}
}

// TestVerifiedTokensAreBounded fills the cache past its bound.
func TestVerifiedTokensAreBounded(t *testing.T) {
	var v verifiedTokens
	for i := range maxVerifiedTokens + 10 {
		v.put(strings.Repeat("x", i%7)+string(rune('a'+i%26))+time.Duration(i).String(), Claims{})
	}
	if n := v.len(); n == 0 || n > maxVerifiedTokens {
		t.Fatalf("cached tokens = %d, want 1..%d", n, maxVerifiedTokens)
	}
}
