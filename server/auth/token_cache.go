package auth

import (
	"encoding/base64"
	"strings"
	"sync"

	"github.com/golang-jwt/jwt/v5"
)

// verifiedTokens remembers the decoded claims of tokens that passed Parse,
// keyed by the raw token, so a token presented again is not decoded again:
// the JSON decoding was a fifth of the CPU of a cached read. Only the
// decoding is reused. A hit still verifies the signature (HMAC, constant
// time) and checks exp, nbf, iat, issuer and audience against the clock,
// and revocation is checked after Parse as before; a token that failed
// any check is never stored.
type verifiedTokens struct {
	mu sync.Mutex
	m  map[string]Claims
}

// maxVerifiedTokens bounds the cache (a few MB); when full it starts over.
// Only tokens signed with the server's key get in, each at most TokenTTL.
const maxVerifiedTokens = 20000

func (v *verifiedTokens) get(raw string) (Claims, bool) {
	v.mu.Lock()
	defer v.mu.Unlock()
	c, ok := v.m[raw]
	return c, ok
}

func (v *verifiedTokens) put(raw string, c Claims) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.m == nil || len(v.m) >= maxVerifiedTokens {
		v.m = make(map[string]Claims)
	}
	v.m[raw] = c
}

// len returns the number of cached tokens (tests).
func (v *verifiedTokens) len() int {
	v.mu.Lock()
	defer v.mu.Unlock()
	return len(v.m)
}

// recheck verifies a cached token's signature and time claims again.
func (t *Tokens) recheck(raw string, c *Claims) bool {
	dot := strings.LastIndexByte(raw, '.')
	if dot < 0 {
		return false
	}
	sig, err := base64.RawURLEncoding.Strict().DecodeString(raw[dot+1:])
	if err != nil || jwt.SigningMethodHS256.Verify(raw[:dot], sig, t.secret) != nil {
		return false
	}
	return t.validator.Validate(c) == nil
}
