// Package auth implements passwords (HMAC pre-hash + bcrypt), HS256
// session tokens with revocation, and the login guard (limits before
// hashing, a bound on concurrent bcrypt work, lockouts).
package auth

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"

	"golang.org/x/crypto/bcrypt"
)

// BcryptCost is the work factor of stored password hashes.
const BcryptCost = 12

// Hasher hashes and checks passwords. Each password is first HMAC-SHA256'd
// with a server-side pepper and base64-encoded (44 bytes), so bcrypt's 72
// byte limit never truncates a long password silently.
type Hasher struct {
	pepper []byte
	cost   int
	dummy  []byte
	runs   bcryptRuns
}

// NewHasher returns a hasher with the pepper and bcrypt cost (BcryptCost in
// production; tests may pass bcrypt.MinCost).
func NewHasher(pepper []byte, cost int) (*Hasher, error) {
	if len(pepper) < 32 {
		return nil, errors.New("auth: pepper must be at least 32 bytes")
	}
	h := &Hasher{pepper: pepper, cost: cost}
	dummy, err := bcrypt.GenerateFromPassword(h.prehash("not a real password"), cost)
	if err != nil {
		return nil, fmt.Errorf("auth: dummy hash: %w", err)
	}
	h.dummy = dummy
	return h, nil
}

// Cost returns the bcrypt cost in use.
func (h *Hasher) Cost() int { return h.cost }

func (h *Hasher) prehash(password string) []byte {
	m := hmac.New(sha256.New, h.pepper)
	m.Write([]byte(password))
	out := make([]byte, base64.StdEncoding.EncodedLen(sha256.Size))
	base64.StdEncoding.Encode(out, m.Sum(nil))
	return out
}

// Hash returns the bcrypt hash of a password.
func (h *Hasher) Hash(password string) (string, error) {
	h.runs.add()
	b, err := bcrypt.GenerateFromPassword(h.prehash(password), h.cost)
	if err != nil {
		return "", fmt.Errorf("auth: hash: %w", err)
	}
	return string(b), nil
}

// Check reports whether password matches hash.
func (h *Hasher) Check(hash, password string) bool {
	h.runs.add()
	return bcrypt.CompareHashAndPassword([]byte(hash), h.prehash(password)) == nil
}

// CheckDummy spends the same time as Check for an unknown username, so
// response timing does not reveal which usernames exist.
func (h *Hasher) CheckDummy(password string) {
	h.runs.add()
	_ = bcrypt.CompareHashAndPassword(h.dummy, h.prehash(password))
}

// derivedKey is a 32-byte key for one purpose, derived from the pepper
// (HMAC-SHA256 over a label), so the TOTP seal and the recovery-code
// hashes never reuse the password pre-hash key.
func (h *Hasher) derivedKey(label string) []byte {
	m := hmac.New(sha256.New, h.pepper)
	m.Write([]byte("fortfolio key: " + label))
	return m.Sum(nil)
}
