package auth

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/fortfolio/fortfolio/server/audit"
	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/server/refusal"
	"github.com/fortfolio/fortfolio/server/store"
	"github.com/fortfolio/fortfolio/shared/validate"
)

// Longest login input examined: longer values are refused (and recorded)
// without a database lookup or a password hash.
const (
	maxLoginUsername = 64
	maxLoginPassword = 1024
)

// ErrAdminLocked answers the right password of an account an administrator
// locked: the owner learns why, nobody else learns anything.
var ErrAdminLocked = errors.New("This account is locked by an administrator. Contact them to have it unlocked.")

// Attempt is one login attempt.
type Attempt struct {
	IP       string
	Username string
	Password string
	// Device is the device token the client sent ("" when none).
	Device string
	// UserAgent is the client's User-Agent header (only its browser and
	// system families are kept, for the sessions list).
	UserAgent string
	// DeviceKey is the SPKI public key of a browser that asked to stay
	// signed in (nil when it did not).
	DeviceKey []byte
}

// LoginResult is a successful login.
type LoginResult struct {
	User      model.User
	Token     string
	ExpiresAt time.Time
	// Device is the device token the client keeps for its next logins.
	Device string
	// FailedAttempts counts the failed and refused logins on the account
	// since its previous successful login.
	FailedAttempts int
	// SessionID is the session the login started.
	SessionID string
	// MFA, when set, means the password was right but a second factor is
	// needed: there is no token yet.
	MFA *Challenge
}

// loginCtx is what an attempt has established so far.
type loginCtx struct {
	Attempt
	user  model.User
	known bool // the user exists
	scope store.LoginScope
	// lockedUntil ends the lock of the scope: the account's untrusted
	// clients, or the known device.
	lockedUntil time.Time
	now         time.Time
}

// Login checks credentials. Limits and locks are checked before any
// hashing; a known device of the account has its own limit and lock, so
// failures from elsewhere never refuse it. The attempt runs to its end and
// is recorded even when the client goes away.
func (s *Service) Login(ctx context.Context, a Attempt) (LoginResult, error) {
	ctx = context.WithoutCancel(ctx)
	lc := &loginCtx{Attempt: a, now: s.now()}
	if err := s.admitIP(lc); err != nil {
		return LoginResult{}, err
	}
	if len(a.Username) > maxLoginUsername {
		s.failed(ctx, a.IP, "", a.Username, "overlong username")
		return LoginResult{}, ErrBadCredentials
	}
	if err := s.identify(ctx, lc); err != nil {
		return LoginResult{}, err
	}
	if err := s.admitScope(lc); err != nil {
		return LoginResult{}, err
	}
	release, err := s.acquire()
	if err != nil {
		s.refuse(lc, "password checks busy")
		return LoginResult{}, err
	}
	defer release()
	return s.check(ctx, lc)
}

// identify loads the account and decides whether the client is one of its
// known devices. A name outside the username rules belongs to no account
// and is not looked up: it may hold text a database cannot compare (NUL,
// which PostgreSQL refuses), and it costs the same bcrypt run as any
// unknown name.
func (s *Service) identify(ctx context.Context, lc *loginCtx) error {
	if validate.Username(lc.Username) != nil {
		return nil
	}
	u, err := s.store.UserByUsername(ctx, lc.Username)
	if errors.Is(err, model.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	lc.user, lc.known, lc.scope, lc.lockedUntil = u, true, store.LoginScope{UserID: u.ID}, u.LockedUntil
	if !wellFormedDevice(lc.Device) {
		return nil
	}
	d, err := s.store.DeviceByID(ctx, deviceID(lc.Device))
	if errors.Is(err, model.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if d.UserID == u.ID && d.LastUsedAt.After(lc.now.Add(-DeviceTTL)) {
		lc.scope.Device, lc.lockedUntil = d.ID, d.LockedUntil // its own lock, not the account's
	}
	return nil
}

// admitIP applies the per-IP login limit.
func (s *Service) admitIP(lc *loginCtx) error {
	if ok, wait := s.limits.Allow("ip:"+lc.IP, "login"); !ok {
		s.refuse(lc, "rate limited (client)")
		return &RateLimitedError{RetryAfter: wait, Message: msgRateLimited}
	}
	return nil
}

// admitScope applies the lock and limit of the attempt's scope: a known
// device is locked and limited on its own, every other client by the
// account name. A lock is answered first, with its own wait.
func (s *Service) admitScope(lc *loginCtx) error {
	if lc.known && lc.now.Before(lc.lockedUntil) {
		wait := lc.lockedUntil.Sub(lc.now)
		if lc.scope.Device != "" {
			s.refuse(lc, "device locked")
			return &RateLimitedError{RetryAfter: wait, Message: lockedMessage(msgDeviceLocked, wait)}
		}
		s.refuse(lc, "untrusted clients locked")
		return &RateLimitedError{RetryAfter: wait, Message: lockedMessage(msgUntrustedLocked, wait)}
	}
	key := "acct:" + store.UsernameKey(lc.Username)
	if lc.scope.Device != "" {
		key = "dev:" + lc.scope.Device
	}
	if ok, wait := s.limits.Allow(key, "login"); !ok {
		if lc.scope.Device != "" {
			s.refuse(lc, "rate limited (device)")
			return &RateLimitedError{RetryAfter: wait, Message: msgRateLimited}
		}
		s.refuse(lc, "rate limited (account)")
		return &RateLimitedError{RetryAfter: wait, Message: msgAccountLimited}
	}
	return nil
}

// Public messages of refused logins.
const (
	msgRateLimited    = "Too many sign-in attempts. Wait a moment and try again."
	msgAccountLimited = "Too many sign-in attempts on this account from browsers it has not been used with. " +
		"Wait a moment and try again, or sign in from a browser you have signed in with before."
	msgUntrustedLocked = "Sign-ins to this account from browsers it has not been used with are paused after repeated failed attempts. " +
		"Try again in %s, or sign in from a browser you have signed in with before."
	msgDeviceLocked = "Sign-ins from this browser are paused after repeated failed attempts. Try again in %s."
)

func lockedMessage(format string, wait time.Duration) string {
	mins := int((wait + time.Minute - 1) / time.Minute)
	if mins <= 1 {
		return fmt.Sprintf(format, "a minute")
	}
	return fmt.Sprintf(format, fmt.Sprintf("%d minutes", mins))
}

// refuse counts a login refused before its password was checked; it is
// written in batches (security event and audit summary), never inline.
func (s *Service) refuse(lc *loginCtx, reason string) {
	s.refusals.Add(refusal.Refusal{Kind: refusal.KindLoginRefused, IP: lc.IP, UserID: lc.user.ID,
		Username: clipName(lc.Username), Detail: reason})
}

// check compares the password and finishes the attempt.
func (s *Service) check(ctx context.Context, lc *loginCtx) (LoginResult, error) {
	if !lc.known {
		s.hasher.CheckDummy(lc.Password)
		s.failed(ctx, lc.IP, "", lc.Username, "unknown user")
		return LoginResult{}, ErrBadCredentials
	}
	if len(lc.Password) > maxLoginPassword {
		// The same one bcrypt run as an unknown name costs, so the answer
		// time does not reveal that the account exists.
		s.hasher.CheckDummy(lc.Password)
		s.failedPassword(ctx, lc, "overlong password")
		return LoginResult{}, ErrBadCredentials
	}
	if !s.hasher.Check(lc.user.PasswordHash, lc.Password) {
		s.failedPassword(ctx, lc, "wrong password")
		return LoginResult{}, ErrBadCredentials
	}
	if lc.user.AdminLocked {
		s.failed(ctx, lc.IP, lc.user.ID, lc.Username, "locked by an administrator")
		return LoginResult{}, ErrAdminLocked
	}
	return s.secondStep(ctx, lc)
}

func (s *Service) succeed(ctx context.Context, lc *loginCtx) (LoginResult, error) {
	u := lc.user
	failed, err := s.refusals.SettleLogins(u.Username, func() (int, error) { return s.store.RecordLoginSuccess(ctx, lc.scope, lc.now) })
	if err != nil {
		return LoginResult{}, err
	}
	device, id := lc.Device, lc.scope.Device
	if id == "" {
		device, id = newDeviceToken()
	}
	if err := s.store.RememberDevice(ctx, u.ID, id, lc.now, lc.now.Add(-DeviceTTL), MaxDevices); err != nil {
		return LoginResult{}, err
	}
	se, tok, exp, err := s.startSession(ctx, newSession{user: u, client: Client{IP: lc.IP, UserAgent: lc.UserAgent}, device: id,
		deviceKey: lc.DeviceKey, now: lc.now})
	if err != nil {
		return LoginResult{}, err
	}
	s.record.Audit(ctx, audit.Entry{Actor: u.ID, IP: lc.IP, Action: audit.ActionLoginSuccess, Target: u.ID,
		Details: map[string]string{"username": u.Username, "device": deviceState(lc.scope)}})
	u.LastLoginAt = lc.now
	return LoginResult{User: u, Token: tok, ExpiresAt: exp, Device: device, FailedAttempts: failed, SessionID: se.ID}, nil
}

func deviceState(sc store.LoginScope) string {
	if sc.Device != "" {
		return "known"
	}
	return "untrusted"
}

func (s *Service) failedPassword(ctx context.Context, lc *loginCtx, reason string) {
	u := lc.user
	until, err := s.store.RecordLoginFailure(ctx, lc.scope, lc.now)
	if err != nil {
		s.record.Event(ctx, model.SecurityEvent{Kind: "server_error", Detail: "record login failure"})
	}
	s.failed(ctx, lc.IP, u.ID, u.Username, reason+" ("+deviceState(lc.scope)+" device)")
	if until.IsZero() {
		return
	}
	s.notifyLock(ctx, lc, until)
	s.record.Audit(ctx, audit.Entry{Actor: u.ID, IP: lc.IP, Action: audit.ActionLoginLocked, Target: u.ID,
		Details: map[string]string{"until": until.UTC().Format(time.RFC3339), "scope": lockScope(lc.scope)}})
	s.record.Event(ctx, model.SecurityEvent{Kind: "lockout", UserID: u.ID, IP: lc.IP,
		Detail: lockScope(lc.scope) + " locked until " + until.UTC().Format(time.RFC3339)})
}

func lockScope(sc store.LoginScope) string {
	if sc.Device != "" {
		return "one known device"
	}
	return "untrusted clients"
}

// notifyLock tells the user (at next login, and by e-mail when set up).
func (s *Service) notifyLock(ctx context.Context, lc *loginCtx, until time.Time) {
	mins := int(until.Sub(lc.now).Round(time.Minute) / time.Minute)
	what := "Sign-ins from browsers your account has not been used with were paused"
	if lc.scope.Device != "" {
		what = "Sign-ins from one of your browsers were paused"
	}
	msg := fmt.Sprintf("%s for %d minute(s) on %s UTC after %d failed attempts. Your open sessions were not affected. "+
		"If this was not you, change your password.", what, mins, lc.now.UTC().Format("2006-01-02 15:04"), model.LockThreshold)
	_ = s.notify.Notify(ctx, lc.user.ID, "lockout", msg, lc.now)
}

func (s *Service) failed(ctx context.Context, ip, userID, username, reason string) {
	s.record.Audit(ctx, audit.Entry{Actor: userID, IP: ip, Action: audit.ActionLoginFailure, Target: userID,
		Details: map[string]string{"username": clipName(username), "reason": reason}})
	s.record.Event(ctx, model.SecurityEvent{Kind: "login_failure", UserID: userID, IP: ip, Detail: reason + ": " + clipName(username)})
}

func clipName(s string) string {
	if len(s) > 64 {
		return s[:64]
	}
	return s
}

// ClearLoginLimits forgets the in-memory login limit of an account name
// (an administrator unlocking it; the stored locks are cleared by
// store.Unlock).
func (s *Service) ClearLoginLimits(username string) {
	s.limits.Forget("acct:"+store.UsernameKey(username), "login")
}
