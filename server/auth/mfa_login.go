package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"sync"
	"time"
)

// Second step of a login (docs/security.md, "Second factors"): a right
// password of an account with a second factor answers a short-lived,
// single-use mfa_token instead of a session; POST /api/auth/mfa with a
// code (or a passkey assertion) completes the login.
const (
	// mfaTokenTTL is how long the second step may take.
	mfaTokenTTL = 5 * time.Minute
	// mfaMaxTries is how many codes one mfa_token may try.
	mfaMaxTries = 5
	// maxPendingLogins bounds the logins waiting for their second step.
	maxPendingLogins = 10000
	mfaTokenLen      = 43
)

// Errors of the second step. Their messages are public.
var (
	ErrMFAToken  = errors.New("This sign-in has expired or was already used. Enter your password again.")
	ErrMFAFailed = errors.New("The code is not correct.")
)

// Challenge is the answer to a right password when a second factor is on.
type Challenge struct {
	Token   string
	Methods []string
}

// pendingLogin is a login waiting for its second factor.
type pendingLogin struct {
	lc      loginCtx
	expires time.Time
	tries   int
}

// pendingLogins holds the logins between their two steps, by the
// SHA-256 of their mfa_token. An entry is checked out while a code is
// checked, so two requests never use one token at once.
type pendingLogins struct {
	mu sync.Mutex
	m  map[string]*pendingLogin
}

func mfaTokenKey(tok string) string {
	sum := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(sum[:])
}

// add stores p and returns its token.
func (pl *pendingLogins) add(p *pendingLogin, now time.Time) (string, error) {
	pl.mu.Lock()
	defer pl.mu.Unlock()
	if pl.m == nil {
		pl.m = map[string]*pendingLogin{}
	}
	if len(pl.m) >= maxPendingLogins {
		for k, v := range pl.m {
			if !now.Before(v.expires) {
				delete(pl.m, k)
			}
		}
		if len(pl.m) >= maxPendingLogins {
			return "", ErrBusy
		}
	}
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	tok := base64.RawURLEncoding.EncodeToString(b)
	pl.m[mfaTokenKey(tok)] = p
	return tok, nil
}

// take checks out the login of tok (ErrMFAToken when unknown or expired).
func (pl *pendingLogins) take(tok string, now time.Time) (*pendingLogin, error) {
	if len(tok) != mfaTokenLen {
		return nil, ErrMFAToken
	}
	pl.mu.Lock()
	defer pl.mu.Unlock()
	k := mfaTokenKey(tok)
	p, ok := pl.m[k]
	if !ok {
		return nil, ErrMFAToken
	}
	delete(pl.m, k)
	if !now.Before(p.expires) {
		return nil, ErrMFAToken
	}
	return p, nil
}

// peek returns the account of a pending login without checking it out.
func (pl *pendingLogins) peek(tok string, now time.Time) (string, error) {
	if len(tok) != mfaTokenLen {
		return "", ErrMFAToken
	}
	pl.mu.Lock()
	defer pl.mu.Unlock()
	p, ok := pl.m[mfaTokenKey(tok)]
	if !ok || !now.Before(p.expires) {
		return "", ErrMFAToken
	}
	return p.lc.user.ID, nil
}

// giveBack returns a checked-out login after a wrong code, unless it has
// used up its tries.
func (pl *pendingLogins) giveBack(tok string, p *pendingLogin) {
	if p.tries >= mfaMaxTries {
		return
	}
	pl.mu.Lock()
	defer pl.mu.Unlock()
	pl.m[mfaTokenKey(tok)] = p
}

// secondStep finishes a login with a right password: at once when the
// account has no second factor, else with a Challenge.
func (s *Service) secondStep(ctx context.Context, lc *loginCtx) (LoginResult, error) {
	hasTOTP, passkeys, err := s.store.SecondFactors(ctx, lc.user.ID)
	if err != nil {
		return LoginResult{}, err
	}
	if !hasTOTP && passkeys == 0 {
		return s.succeed(ctx, lc)
	}
	var methods []string
	if hasTOTP {
		methods = append(methods, "totp")
	}
	if passkeys > 0 {
		methods = append(methods, "passkey")
	}
	tok, err := s.pending.add(&pendingLogin{lc: *lc, expires: lc.now.Add(mfaTokenTTL)}, lc.now)
	if err != nil {
		return LoginResult{}, err
	}
	return LoginResult{User: lc.user, MFA: &Challenge{Token: tok, Methods: methods}}, nil
}

// CompleteMFA checks the second factor of a pending login: a TOTP code
// or a recovery code. Codes are limited per account and per mfa_token;
// the token is single-use and dies after mfaMaxTries wrong codes.
func (s *Service) CompleteMFA(ctx context.Context, ip, mfaToken, code string) (LoginResult, error) {
	ctx = context.WithoutCancel(ctx)
	p, err := s.pending.take(mfaToken, s.now())
	if err != nil {
		return LoginResult{}, err
	}
	if err := s.mfaLimit(p.lc.user.ID); err != nil {
		s.pending.giveBack(mfaToken, p)
		return LoginResult{}, err
	}
	p.tries++
	ok, err := s.checkSecondCode(ctx, p.lc.user.ID, code)
	if err != nil || !ok {
		s.failed(ctx, ip, p.lc.user.ID, p.lc.user.Username, "wrong second factor")
		s.pending.giveBack(mfaToken, p)
		if err != nil {
			return LoginResult{}, err
		}
		return LoginResult{}, ErrMFAFailed
	}
	return s.finishPending(ctx, p)
}

// finishPending completes a pending login whose second factor passed.
func (s *Service) finishPending(ctx context.Context, p *pendingLogin) (LoginResult, error) {
	u, err := s.store.UserByID(ctx, p.lc.user.ID)
	if err != nil {
		return LoginResult{}, err
	}
	if u.AdminLocked {
		return LoginResult{}, ErrAdminLocked
	}
	lc := p.lc
	lc.user, lc.now = u, s.now()
	return s.succeed(ctx, &lc)
}
