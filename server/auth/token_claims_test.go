package auth

import (
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// TestParseRefusesOddClaims signs tokens with the real secret whose
// claims or header this server never issues: only the key holder can make
// them, and they must still be refused.
func TestParseRefusesOddClaims(t *testing.T) {
	secret := []byte(strings.Repeat("k", 32))
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	tokens, err := NewTokens(secret, func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	base := func() Claims {
		return Claims{
			RegisteredClaims: jwt.RegisteredClaims{
				Subject: "u1", Issuer: Issuer, Audience: jwt.ClaimStrings{Audience}, ID: "j1",
				IssuedAt:  jwt.NewNumericDate(now.Add(-time.Minute)),
				NotBefore: jwt.NewNumericDate(now.Add(-time.Minute)),
				ExpiresAt: jwt.NewNumericDate(now.Add(14 * time.Minute)),
			},
			AuthTime: jwt.NewNumericDate(now.Add(-time.Hour)),
		}
	}
	cases := []struct {
		name   string
		edit   func(*Claims)
		header map[string]any
		ok     bool
	}{
		{name: "as issued", ok: true},
		{name: "lifetime over 15 minutes", edit: func(c *Claims) { c.ExpiresAt = jwt.NewNumericDate(now.Add(24 * time.Hour)) }},
		{name: "lifetime just over", edit: func(c *Claims) { c.ExpiresAt = jwt.NewNumericDate(c.IssuedAt.Add(TokenTTL + 2*time.Second)) }},
		{name: "lifetime exactly 15 minutes", edit: func(c *Claims) { c.ExpiresAt = jwt.NewNumericDate(c.IssuedAt.Add(TokenTTL)) }, ok: true},
		{name: "auth_time after iat", edit: func(c *Claims) { c.AuthTime = jwt.NewNumericDate(c.IssuedAt.Add(2 * time.Second)) }},
		{name: "auth_time beyond the session cap", edit: func(c *Claims) { c.AuthTime = jwt.NewNumericDate(now.Add(-13 * time.Hour)) }},
		{name: "crit header", header: map[string]any{"crit": []string{"exp"}}},
		{name: "empty crit header", header: map[string]any{"crit": []string{}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := base()
			if tc.edit != nil {
				tc.edit(&c)
			}
			tok := jwt.NewWithClaims(jwt.SigningMethodHS256, c)
			for k, v := range tc.header {
				tok.Header[k] = v
			}
			raw, err := tok.SignedString(secret)
			if err != nil {
				t.Fatal(err)
			}
			_, err = tokens.Parse(raw)
			if (err == nil) != tc.ok {
				t.Fatalf("Parse = %v, want accepted %v", err, tc.ok)
			}
		})
	}
	issued, _, err := tokens.Issue("u1", now.Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tokens.Parse(issued); err != nil {
		t.Fatalf("a token the server issued was refused: %v", err)
	}
}

// TestIssuedTokensPassTheClaimChecks: fractional NumericDates decode
// through float64; a token issued at login (auth_time = iat) or near the
// session cap must still parse.
func TestIssuedTokensPassTheClaimChecks(t *testing.T) {
	secret := []byte(strings.Repeat("k", 32))
	for _, ms := range []int{0, 1, 123, 555, 999} {
		now := time.Date(2026, 3, 1, 12, 0, 0, ms*int(time.Millisecond), time.UTC)
		tokens, _ := NewTokens(secret, func() time.Time { return now })
		for _, authTime := range []time.Time{now, now.Add(-SessionCap + time.Minute)} {
			raw, _, err := tokens.Issue("u1", authTime)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := tokens.Parse(raw); err != nil {
				t.Errorf("issued at %v (auth_time %v) refused: %v", now, authTime, err)
			}
		}
	}
}

// TestParseRefusesNonNumericTimes signs, with the real secret, claims whose
// time members are strings, null or objects: the JWT library would read
// "exp":"9999999999" as a date, so each must be refused.
func TestParseRefusesNonNumericTimes(t *testing.T) {
	secret := []byte(strings.Repeat("k", 32))
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	tokens, err := NewTokens(secret, func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	num := func(d time.Duration) any { return now.Add(d).Unix() }
	base := func() jwt.MapClaims {
		return jwt.MapClaims{"sub": "u1", "iss": Issuer, "aud": []string{Audience}, "jti": "j1",
			"iat": num(-time.Minute), "nbf": num(-time.Minute), "exp": num(14 * time.Minute), "auth_time": num(-time.Hour)}
	}
	cases := []struct {
		name  string
		claim string
		value any
		ok    bool
	}{
		{"numbers", "", nil, true},
		{"exp as a string", "exp", "9999999999", false},
		{"iat as a string", "iat", "1772366340", false},
		{"nbf as null", "nbf", nil, false},
		{"auth_time as an object", "auth_time", map[string]any{"t": 1}, false},
		{"exp as a bool", "exp", true, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := base()
			if tc.claim != "" {
				c[tc.claim] = tc.value
			}
			raw, err := jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(secret)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := tokens.Parse(raw); (err == nil) != tc.ok {
				t.Fatalf("Parse = %v, want accepted %v", err, tc.ok)
			}
		})
	}
}
