package auth

import (
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/fortfolio/fortfolio/server/store"
)

// Token policy.
const (
	TokenTTL   = 15 * time.Minute
	SessionCap = 12 * time.Hour
	Issuer     = "fortfolio"
	Audience   = "fortfolio-api"
)

func init() {
	// Millisecond NumericDates let tokens_valid_after end every token
	// issued before a password change, while the one issued right after
	// stays valid.
	jwt.TimePrecision = time.Millisecond
}

// Claims are the registered claims plus the time of the original login.
type Claims struct {
	jwt.RegisteredClaims
	AuthTime *jwt.NumericDate `json:"auth_time"`
	// SessionID is the session the token belongs to (sid); a token
	// without one is refused by Authenticate.
	SessionID string `json:"sid,omitempty"`
}

// ErrInvalidToken covers every way a token can be refused.
var ErrInvalidToken = errors.New("auth: invalid token")

// Tokens issues and parses HS256 tokens.
type Tokens struct {
	secret []byte
	now    func() time.Time
	// validator checks the time claims of a token found in verified.
	validator *jwt.Validator
	verified  verifiedTokens
}

// NewTokens returns a token issuer; the secret must be at least 32 bytes.
func NewTokens(secret []byte, now func() time.Time) (*Tokens, error) {
	if len(secret) < 32 {
		return nil, errors.New("auth: the token secret must be at least 32 bytes")
	}
	if now == nil {
		now = time.Now
	}
	return &Tokens{secret: secret, now: now, validator: jwt.NewValidator(timeChecks(now)...)}, nil
}

// Issue signs a token for userID without a session (tools and tests;
// Authenticate refuses it). authTime is the login time it descends from;
// the token never outlives authTime+SessionCap.
func (t *Tokens) Issue(userID string, authTime time.Time) (string, time.Time, error) {
	return t.IssueSession(userID, "", authTime)
}

// IssueSession signs a token for userID in session sid.
func (t *Tokens) IssueSession(userID, sid string, authTime time.Time) (string, time.Time, error) {
	now := t.now()
	exp := now.Add(TokenTTL)
	if limit := authTime.Add(SessionCap); exp.After(limit) {
		exp = limit
	}
	if !exp.After(now) {
		return "", time.Time{}, ErrSessionCap
	}
	c := Claims{
		RegisteredClaims: jwt.RegisteredClaims{
			Subject:   userID,
			Issuer:    Issuer,
			Audience:  jwt.ClaimStrings{Audience},
			IssuedAt:  jwt.NewNumericDate(now),
			NotBefore: jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(exp),
			ID:        store.NewID(),
		},
		AuthTime:  jwt.NewNumericDate(authTime),
		SessionID: sid,
	}
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(t.secret)
	if err != nil {
		return "", time.Time{}, fmt.Errorf("auth: sign: %w", err)
	}
	return s, exp.UTC().Truncate(time.Millisecond), nil
}

// ErrSessionCap means the 12 h absolute session limit is reached.
var ErrSessionCap = errors.New("auth: session limit reached")

// Parse verifies signature, algorithm, issuer, audience, iat, nbf and exp.
// The key function ignores every header (kid, jku, x5u...).
func (t *Tokens) Parse(raw string) (*Claims, error) {
	if len(raw) == 0 || len(raw) > 4096 {
		return nil, ErrInvalidToken
	}
	if c, ok := t.verified.get(raw); ok {
		if !t.recheck(raw, &c) {
			return nil, ErrInvalidToken
		}
		return &c, nil
	}
	c := &Claims{}
	opts := append(timeChecks(t.now), jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}), jwt.WithStrictDecoding())
	tok, err := jwt.ParseWithClaims(raw, c, func(*jwt.Token) (any, error) { return t.secret, nil }, opts...)
	if err != nil || !wellFormed(tok, c) {
		return nil, ErrInvalidToken
	}
	t.verified.put(raw, *c)
	return c, nil
}

// timeChecks are the claim checks of every token: expiry required, issuer,
// audience, and issue time not in the future, on the clock now.
func timeChecks(now func() time.Time) []jwt.ParserOption {
	return []jwt.ParserOption{
		jwt.WithExpirationRequired(),
		jwt.WithIssuer(Issuer),
		jwt.WithAudience(Audience),
		jwt.WithIssuedAt(),
		jwt.WithTimeFunc(now),
	}
}

// wellFormed applies what the JWT library does not check: the claims this
// server always issues are present, the lifetime is at most TokenTTL, the
// login (auth_time) is not after issue and within SessionCap of expiry,
// and the header has no "crit" member (no extension is understood, so
// RFC 7515 4.1.11 requires refusing any).
func wellFormed(tok *jwt.Token, c *Claims) bool {
	if _, crit := tok.Header["crit"]; crit {
		return false
	}
	if c.Subject == "" || c.ID == "" || c.IssuedAt == nil || c.AuthTime == nil || c.ExpiresAt == nil {
		return false
	}
	iat, exp, auth := c.IssuedAt.Time, c.ExpiresAt.Time, c.AuthTime.Time
	return exp.Sub(iat) <= TokenTTL+claimSlack && !auth.After(iat.Add(claimSlack)) && exp.Sub(auth) <= SessionCap+claimSlack
}

// claimSlack absorbs the rounding of fractional NumericDates (decoded
// through float64) in the comparisons above; it is far below any
// lifetime that matters.
const claimSlack = time.Second
