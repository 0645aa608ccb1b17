package auth

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"time"

	"github.com/fortfolio/fortfolio/server/audit"
	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/server/ratelimit"
	"github.com/fortfolio/fortfolio/server/store"
	"github.com/fortfolio/fortfolio/shared/validate"
)

// Errors the API maps to responses. Their messages are public.
var (
	ErrBadCredentials = errors.New("Invalid username or password.")
	ErrBusy           = errors.New("The server is busy checking passwords. Try again in a moment.")
	ErrCommonPassword = errors.New("This password is too common. Choose one that is harder to guess.")
	ErrUsernameTaken  = errors.New("This username is already taken.")
	ErrSessionEnded   = errors.New("Your session has ended. Please log in again.")
)

// InputError is a user mistake; its message is meant for the user.
type InputError struct{ Err error }

func (e *InputError) Error() string { return e.Err.Error() }
func (e *InputError) Unwrap() error { return e.Err }

// RateLimitedError says how long to wait before trying again.
type RateLimitedError struct{ RetryAfter time.Duration }

func (e *RateLimitedError) Error() string { return "Too many attempts. Try again later." }

// Service implements registration, login and session management.
type Service struct {
	store  *store.Store
	hasher *Hasher
	tokens *Tokens
	limits *ratelimit.UserLimiter
	record Recorder
	notify Notifier
	dev    bool
	now    func() time.Time
	sem    chan struct{}
}

// Notifier queues a notice for a user (in-app, and by e-mail when set
// up). *store.Store satisfies it with in-app notices only.
type Notifier interface {
	Notify(ctx context.Context, userID, kind, message string, now time.Time) error
}

// Recorder writes audit entries and security events.
type Recorder interface {
	Audit(ctx context.Context, e audit.Entry)
	Event(ctx context.Context, e model.SecurityEvent)
}

// Options wires a Service.
type Options struct {
	Store  *store.Store
	Hasher *Hasher
	Tokens *Tokens
	Limits *ratelimit.UserLimiter
	Record Recorder
	// Notify delivers user notices; Store (in-app only) when nil.
	Notify Notifier
	// Dev makes the first registered account an admin (loopback only).
	Dev bool
	Now func() time.Time
	// MaxHashes bounds concurrent bcrypt work (default NumCPU).
	MaxHashes int
}

// NewService returns the account service.
func NewService(o Options) *Service {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.MaxHashes < 1 {
		o.MaxHashes = runtime.NumCPU()
	}
	if o.Notify == nil {
		o.Notify = o.Store
	}
	return &Service{store: o.Store, hasher: o.Hasher, tokens: o.Tokens, limits: o.Limits,
		record: o.Record, notify: o.Notify, dev: o.Dev, now: o.Now, sem: make(chan struct{}, o.MaxHashes)}
}

// Hasher returns the password hasher (for admin commands).
func (s *Service) Hasher() *Hasher { return s.hasher }

// acquire takes a bcrypt slot or fails at once with ErrBusy.
func (s *Service) acquire() (func(), error) {
	select {
	case s.sem <- struct{}{}:
		return func() { <-s.sem }, nil
	default:
		return nil, ErrBusy
	}
}

// checkLimit applies the per-IP and per-account "login" limits.
func (s *Service) checkLimit(keys ...string) error {
	for _, k := range keys {
		if ok, wait := s.limits.Allow(k, "login"); !ok {
			return &RateLimitedError{RetryAfter: wait}
		}
	}
	return nil
}

// Register creates an account with role user (or admin for the first
// account in development mode).
func (s *Service) Register(ctx context.Context, ip, username, password string) (model.User, bool, error) {
	if err := validate.Username(username); err != nil {
		return model.User{}, false, &InputError{err}
	}
	if err := CheckNewPassword(username, password); err != nil {
		return model.User{}, false, err
	}
	if err := s.checkLimit("ip:" + ip); err != nil {
		return model.User{}, false, err
	}
	release, err := s.acquire()
	if err != nil {
		return model.User{}, false, err
	}
	hash, err := s.hasher.Hash(password)
	release()
	if err != nil {
		return model.User{}, false, err
	}
	u, err := s.store.CreateUser(ctx, username, hash, "user", s.dev, s.now())
	if errors.Is(err, model.ErrUsernameTaken) {
		return model.User{}, false, ErrUsernameTaken
	}
	if err != nil {
		return model.User{}, false, err
	}
	s.record.Audit(ctx, audit.Entry{Actor: u.ID, IP: ip, Action: audit.ActionRegister, Target: u.ID,
		Details: map[string]string{"username": u.Username, "role": u.Role}})
	return u, u.Role == "admin", nil
}

// LoginResult is a successful login.
type LoginResult struct {
	User      model.User
	Token     string
	ExpiresAt time.Time
}

// Login checks credentials with limits checked before any hashing.
func (s *Service) Login(ctx context.Context, ip, username, password string) (LoginResult, error) {
	if err := s.checkLimit("ip:"+ip, "acct:"+store.UsernameKey(username)); err != nil {
		s.record.Event(ctx, model.SecurityEvent{Kind: "login_rate_limited", IP: ip, Detail: clipName(username)})
		s.auditRefused(ctx, ip, username, "rate limited")
		return LoginResult{}, err
	}
	release, err := s.acquire()
	if err != nil {
		s.auditRefused(ctx, ip, username, "password checks busy")
		return LoginResult{}, err
	}
	defer release()
	u, err := s.store.UserByUsername(ctx, username)
	if errors.Is(err, model.ErrNotFound) {
		s.hasher.CheckDummy(password)
		s.failed(ctx, ip, "", username, "unknown user")
		return LoginResult{}, ErrBadCredentials
	}
	if err != nil {
		return LoginResult{}, err
	}
	now := s.now()
	if u.AdminLocked || now.Before(u.LockedUntil) {
		s.hasher.CheckDummy(password)
		s.failed(ctx, ip, u.ID, username, "account locked")
		return LoginResult{}, ErrBadCredentials
	}
	if !s.hasher.Check(u.PasswordHash, password) {
		s.failedPassword(ctx, ip, u, now)
		return LoginResult{}, ErrBadCredentials
	}
	return s.succeed(ctx, ip, u, now)
}

func (s *Service) succeed(ctx context.Context, ip string, u model.User, now time.Time) (LoginResult, error) {
	if err := s.store.RecordLoginSuccess(ctx, u.ID, now); err != nil {
		return LoginResult{}, err
	}
	tok, exp, err := s.tokens.Issue(u.ID, now)
	if err != nil {
		return LoginResult{}, err
	}
	s.record.Audit(ctx, audit.Entry{Actor: u.ID, IP: ip, Action: audit.ActionLoginSuccess, Target: u.ID,
		Details: map[string]string{"username": u.Username}})
	u.LastLoginAt = now
	return LoginResult{User: u, Token: tok, ExpiresAt: exp}, nil
}

func (s *Service) failedPassword(ctx context.Context, ip string, u model.User, now time.Time) {
	until, err := s.store.RecordLoginFailure(ctx, u.ID, now)
	if err != nil {
		s.record.Event(ctx, model.SecurityEvent{Kind: "server_error", Detail: "record login failure"})
	}
	s.failed(ctx, ip, u.ID, u.Username, "wrong password")
	if until.IsZero() {
		return
	}
	mins := int(until.Sub(now).Round(time.Minute) / time.Minute)
	msg := fmt.Sprintf("Your account was locked for %d minute(s) on %s UTC after %d failed sign-in attempts. "+
		"If this was not you, change your password.", mins, now.UTC().Format("2006-01-02 15:04"), model.LockThreshold)
	_ = s.notify.Notify(ctx, u.ID, "lockout", msg, now)
	s.record.Audit(ctx, audit.Entry{Actor: u.ID, IP: ip, Action: audit.ActionLoginLocked, Target: u.ID,
		Details: map[string]string{"until": until.UTC().Format(time.RFC3339)}})
	s.record.Event(ctx, model.SecurityEvent{Kind: "lockout", UserID: u.ID, IP: ip, Detail: "locked until " + until.UTC().Format(time.RFC3339)})
}

func (s *Service) failed(ctx context.Context, ip, userID, username, reason string) {
	s.record.Audit(ctx, audit.Entry{Actor: userID, IP: ip, Action: audit.ActionLoginFailure, Target: userID,
		Details: map[string]string{"username": clipName(username), "reason": reason}})
	s.record.Event(ctx, model.SecurityEvent{Kind: "login_failure", UserID: userID, IP: ip, Detail: reason + ": " + clipName(username)})
}

// auditRefused records a login attempt refused before any password check,
// so every attempt is in the audit log.
func (s *Service) auditRefused(ctx context.Context, ip, username, reason string) {
	s.record.Audit(ctx, audit.Entry{IP: ip, Action: audit.ActionLoginFailure,
		Details: map[string]string{"username": clipName(username), "reason": reason}})
}

func clipName(s string) string {
	if len(s) > 64 {
		return s[:64]
	}
	return s
}
