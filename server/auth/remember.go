package auth

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"math/big"
	"sync"
	"time"

	"github.com/fortfolio/fortfolio/server/audit"
	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/server/store"
	"github.com/fortfolio/fortfolio/shared/validate"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// Remembered browsers ("keep me signed in on this device"), without
// cookies: at login the browser makes a non-extractable ECDSA P-256 key
// (WebCrypto, kept in IndexedDB) and sends its public key; the session
// stores it. A new tab or a restarted browser resumes the session by
// signing a fresh server nonce with that key (proof of possession in the
// spirit of DPoP, RFC 9449), and the session's tokens are renewed only
// that way: a copied token or session id is useless without the key.

// Errors of remembered sessions. Their messages are public.
var (
	ErrDeviceKey = errors.New("The browser's device key is not valid.")
	// ErrResume covers every way a resume can fail (unknown, ended,
	// expired or not remembered session, bad or used nonce, bad
	// signature): the browser forgets its key and shows the login page.
	ErrResume = errors.New("This browser can no longer be signed in automatically. Please log in.")
	// ErrProofRequired refuses a plain refresh of a remembered session.
	ErrProofRequired = errors.New("This session is renewed with the browser's device key only. Please log in again.")
)

const (
	maxDeviceKeyText = 256 // base64url of a P-256 SPKI is 124 characters
	nonceTTL         = time.Minute
	maxNonces        = 10000
)

// ParseDeviceKey checks a base64url SPKI public key sent at login: it must
// be an ECDSA P-256 key. It returns the DER bytes to store.
func ParseDeviceKey(text string) ([]byte, error) {
	if text == "" {
		return nil, nil
	}
	if len(text) > maxDeviceKeyText {
		return nil, &InputError{ErrDeviceKey}
	}
	der, err := base64.RawURLEncoding.DecodeString(text)
	if err != nil {
		return nil, &InputError{ErrDeviceKey}
	}
	if _, err := deviceKey(der); err != nil {
		return nil, &InputError{ErrDeviceKey}
	}
	return der, nil
}

// deviceKey parses a stored SPKI into a P-256 public key.
func deviceKey(der []byte) (*ecdsa.PublicKey, error) {
	pub, err := x509.ParsePKIXPublicKey(der)
	if err != nil {
		return nil, err
	}
	k, ok := pub.(*ecdsa.PublicKey)
	if !ok || k.Curve != elliptic.P256() {
		return nil, ErrDeviceKey
	}
	return k, nil
}

// verifyProof checks a WebCrypto ECDSA signature (IEEE P1363: r||s, 32
// bytes each, base64url) over message with SHA-256.
func verifyProof(der []byte, message, sig string) bool {
	k, err := deviceKey(der)
	if err != nil || len(sig) != 86 {
		return false
	}
	raw, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil || len(raw) != 64 {
		return false
	}
	sum := sha256.Sum256([]byte(message))
	r, s := new(big.Int).SetBytes(raw[:32]), new(big.Int).SetBytes(raw[32:])
	return ecdsa.Verify(k, sum[:], r, s)
}

// nonces are the server nonces handed out for resumes, by their hash:
// single-use, nonceTTL, bound to one session.
type nonces struct {
	mu sync.Mutex
	m  map[string]nonce
}

type nonce struct {
	session string
	expires time.Time
}

func nonceKey(n string) string {
	sum := sha256.Sum256([]byte(n))
	return hex.EncodeToString(sum[:])
}

// ResumeNonce hands out a nonce for a remembered session.
func (s *Service) ResumeNonce(ctx context.Context, ip, sid string) (string, error) {
	if err := s.admitIP(&loginCtx{Attempt: Attempt{IP: ip}}); err != nil {
		return "", err
	}
	if validate.ID(sid) != nil {
		return "", ErrResume
	}
	now := s.now()
	se, err := s.store.SessionByID(ctx, sid, now)
	if errors.Is(err, model.ErrNotFound) || (err == nil && !se.Remembered()) {
		return "", ErrResume
	}
	if err != nil {
		return "", err
	}
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	n := base64.RawURLEncoding.EncodeToString(b)
	s.nonces.mu.Lock()
	defer s.nonces.mu.Unlock()
	if s.nonces.m == nil || len(s.nonces.m) >= maxNonces {
		s.sweepNonces(now)
	}
	if len(s.nonces.m) >= maxNonces {
		return "", ErrBusy
	}
	s.nonces.m[nonceKey(n)] = nonce{session: sid, expires: now.Add(nonceTTL)}
	return n, nil
}

// sweepNonces drops expired nonces; the caller holds the lock.
func (s *Service) sweepNonces(now time.Time) {
	if s.nonces.m == nil {
		s.nonces.m = map[string]nonce{}
	}
	for k, v := range s.nonces.m {
		if !now.Before(v.expires) {
			delete(s.nonces.m, k)
		}
	}
}

// takeNonce uses up a nonce of session sid.
func (s *Service) takeNonce(n, sid string) bool {
	s.nonces.mu.Lock()
	defer s.nonces.mu.Unlock()
	k := nonceKey(n)
	v, ok := s.nonces.m[k]
	delete(s.nonces.m, k)
	return ok && v.session == sid && s.now().Before(v.expires)
}

// Resume signs a remembered browser back in: the signature of its device
// key over ResumeMessage(session, nonce) gives a fresh token of the same
// session (auth_time is the proof's time).
func (s *Service) Resume(ctx context.Context, ip, sid, n, sig string) (LoginResult, error) {
	ctx = context.WithoutCancel(ctx)
	if err := s.admitIP(&loginCtx{Attempt: Attempt{IP: ip}}); err != nil {
		return LoginResult{}, err
	}
	if !s.takeNonce(n, sid) {
		return LoginResult{}, ErrResume
	}
	now := s.now()
	se, err := s.store.SessionByID(ctx, sid, now)
	if errors.Is(err, model.ErrNotFound) {
		return LoginResult{}, ErrResume
	}
	if err != nil {
		return LoginResult{}, err
	}
	if !se.Remembered() || !verifyProof(se.DeviceKey, wire.ResumeMessage(sid, n), sig) {
		s.record.Event(ctx, model.SecurityEvent{Kind: "resume_refused", UserID: se.UserID, IP: ip, Detail: "bad device proof"})
		return LoginResult{}, ErrResume
	}
	return s.resumed(ctx, se, ip, now)
}

// resumed issues the token of a proven remembered session.
func (s *Service) resumed(ctx context.Context, se store.Session, ip string, now time.Time) (LoginResult, error) {
	u, err := s.store.UserByID(ctx, se.UserID)
	if err != nil {
		return LoginResult{}, err
	}
	if u.AdminLocked || u.MustChangePassword {
		return LoginResult{}, ErrResume
	}
	if se.Device != "" {
		if err := s.store.RememberDevice(ctx, u.ID, se.Device, now, now.Add(-DeviceTTL), MaxDevices); err != nil {
			return LoginResult{}, err
		}
	}
	tok, exp, err := s.tokens.IssueSession(u.ID, se.ID, now)
	if err != nil {
		return LoginResult{}, err
	}
	s.record.Audit(ctx, audit.Entry{Actor: u.ID, IP: ip, Action: audit.ActionSessionResume, Target: se.ID,
		Details: map[string]string{"user": u.ID}})
	return LoginResult{User: u, Token: tok, ExpiresAt: exp, SessionID: se.ID}, nil
}
