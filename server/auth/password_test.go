package auth

import (
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"
)

func TestHasher(t *testing.T) {
	h, err := NewHasher([]byte(strings.Repeat("p", 32)), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("x", 100)
	hash, err := h.Hash(long + "1")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		pw   string
		want bool
	}{
		{long + "1", true},
		{long + "2", false}, // differs after byte 72: plain bcrypt would accept it
		{long, false},
		{"", false},
	}
	for _, c := range cases {
		if got := h.Check(hash, c.pw); got != c.want {
			t.Errorf("Check(%d bytes) = %v, want %v", len(c.pw), got, c.want)
		}
	}
	other, _ := NewHasher([]byte(strings.Repeat("q", 32)), bcrypt.MinCost)
	if other.Check(hash, long+"1") {
		t.Error("a different pepper verified the hash")
	}
	if _, err := NewHasher([]byte("short"), bcrypt.MinCost); err == nil {
		t.Error("a short pepper was accepted")
	}
}

func TestCheckNewPassword(t *testing.T) {
	for pw, ok := range map[string]bool{"Password123": false, "qwertyuiop": false, "a fine long phrase": true, "short": false} {
		if err := CheckNewPassword("someone", pw); (err == nil) != ok {
			t.Errorf("CheckNewPassword(%q) = %v", pw, err)
		}
	}
}

func TestTokensRefuseShortSecret(t *testing.T) {
	if _, err := NewTokens([]byte("too short"), nil); err == nil {
		t.Fatal("a short secret was accepted")
	}
}
