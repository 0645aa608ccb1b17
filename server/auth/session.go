package auth

import (
	"context"
	"errors"
	"time"

	"github.com/fortfolio/fortfolio/server/audit"
	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/server/reqctx"
	"github.com/fortfolio/fortfolio/server/store"
)

// Authenticate verifies a token and loads its user fresh from the
// database: role, lock and revocation are checked on every request.
func (s *Service) Authenticate(ctx context.Context, raw string) (model.User, *Claims, error) {
	c, err := s.tokens.Parse(raw)
	if err != nil {
		return model.User{}, nil, ErrInvalidToken
	}
	u, revoked, err := s.store.UserForToken(ctx, c.Subject, c.ID)
	if errors.Is(err, model.ErrNotFound) {
		return model.User{}, nil, ErrInvalidToken
	}
	if err != nil {
		return model.User{}, nil, err
	}
	// A failed-login lock (LockedUntil) only refuses new logins; it never
	// ends open sessions. An admin lock does.
	if c.IssuedAt.Time.Before(u.TokensValidAfter) || u.AdminLocked {
		return model.User{}, nil, ErrInvalidToken
	}
	if c.AuthTime.Time.Add(SessionCap).Before(s.now()) {
		return model.User{}, nil, ErrInvalidToken
	}
	if revoked {
		return model.User{}, nil, ErrInvalidToken
	}
	if err := s.sessionOpen(ctx, c, clientIP(ctx)); err != nil {
		return model.User{}, nil, err
	}
	return u, c, nil
}

// clientIP is the request's client address as the rate limiter saw it.
func clientIP(ctx context.Context) string {
	if ip, ok := reqctx.ClientIP(ctx); ok {
		return ip.String()
	}
	return ""
}

// Refresh issues a new token for a valid one, keeping its auth_time so
// the session cannot outlive SessionCap, and revokes the old one.
func (s *Service) Refresh(ctx context.Context, c *Claims) (string, time.Time, error) {
	if c.SessionID == "" {
		return "", time.Time{}, ErrSessionEnded
	}
	se, err := s.store.SessionByID(ctx, c.SessionID, s.now())
	if errors.Is(err, model.ErrNotFound) {
		return "", time.Time{}, ErrSessionEnded
	}
	if err != nil {
		return "", time.Time{}, err
	}
	if se.Remembered() {
		return "", time.Time{}, ErrProofRequired
	}
	tok, exp, err := s.tokens.IssueSession(c.Subject, c.SessionID, c.AuthTime.Time)
	if errors.Is(err, ErrSessionCap) {
		return "", time.Time{}, ErrSessionEnded
	}
	if err != nil {
		return "", time.Time{}, err
	}
	// Revoke the old token atomically: when a concurrent refresh or a
	// logout revoked it first, the new token is discarded, so one token
	// never forks into several sessions and never outlives its logout.
	first, err := s.store.RevokeTokenOnce(ctx, c.ID, c.ExpiresAt.Time)
	if err != nil {
		return "", time.Time{}, err
	}
	if !first {
		return "", time.Time{}, ErrSessionEnded
	}
	return tok, exp, nil
}

// Logout kills this token until its expiry and ends its session.
func (s *Service) Logout(ctx context.Context, ip string, c *Claims) error {
	if err := s.store.RevokeToken(ctx, c.ID, c.ExpiresAt.Time); err != nil {
		return err
	}
	s.record.Audit(ctx, audit.Entry{Actor: c.Subject, IP: ip, Action: audit.ActionLogout, Target: c.Subject})
	err := s.EndSession(ctx, c.Subject, ip, c.Subject, c.SessionID, store.EndLogout)
	if errors.Is(err, model.ErrNotFound) {
		return nil // ended meanwhile
	}
	return err
}

// ChangePassword checks the current password, stores the new one, ends
// every other session and returns a fresh token of session sid.
func (s *Service) ChangePassword(ctx context.Context, ip string, u model.User, sid, current, next string) (string, time.Time, error) {
	if err := CheckNewPassword(u.Username, next); err != nil {
		return "", time.Time{}, err
	}
	if err := s.ConfirmPassword(ctx, ip, u, current); err != nil {
		return "", time.Time{}, err
	}
	release, err := s.acquire()
	if err != nil {
		return "", time.Time{}, err
	}
	defer release()
	hash, err := s.hasher.Hash(next)
	if err != nil {
		return "", time.Time{}, err
	}
	now := s.now()
	if err := s.store.SetPasswordKeeping(ctx, u.ID, hash, false, sid, now); err != nil {
		return "", time.Time{}, err
	}
	s.record.Audit(ctx, audit.Entry{Actor: u.ID, IP: ip, Action: audit.ActionPasswordChange, Target: u.ID})
	return s.tokens.IssueSession(u.ID, sid, now)
}

// ErrWrongPassword is the answer to a wrong current password.
var ErrWrongPassword = errors.New("The current password is not correct.")

// PurgeLoop forgets expired revoked token ids, long-ended sessions and
// expired authenticator set-ups until ctx ends.
func (s *Service) PurgeLoop(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			_ = s.store.PurgeRevokedTokens(ctx, s.now())
			s.purgeSessions(ctx)
			s.purgeTOTPSetups(ctx)
		}
	}
}
