package auth

import (
	"context"
	"errors"
	"runtime"
	"time"

	"github.com/go-webauthn/webauthn/webauthn"

	"github.com/fortfolio/fortfolio/server/audit"
	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/server/ratelimit"
	"github.com/fortfolio/fortfolio/server/refusal"
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

// RateLimitedError says how long to wait before trying again, and why.
type RateLimitedError struct {
	RetryAfter time.Duration
	// Message is the public explanation ("" for a generic one).
	Message string
}

func (e *RateLimitedError) Error() string {
	if e.Message != "" {
		return e.Message
	}
	return "Too many attempts. Try again in a little while."
}

// Service implements registration, login and session management.
type Service struct {
	store  *store.Store
	hasher *Hasher
	tokens *Tokens
	limits *ratelimit.UserLimiter
	record Recorder
	// refusals counts logins refused before a password check.
	refusals Refusals
	notify   Notifier
	dev      bool
	now      func() time.Time
	sem      chan struct{}
	// pending holds the logins waiting for their second factor.
	pending pendingLogins
	// webauthn is the passkey relying party (nil: passkeys unavailable on
	// this host); ceremonies holds its begun ceremonies.
	webauthn   *webauthn.WebAuthn
	ceremonies ceremonies
	// nonces are the resume nonces of remembered browsers.
	nonces nonces
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

// Refusals counts requests refused by a limit without writing them inline
// (*refusal.Aggregator); SettleLogins adds the refused logins on an
// account name not written yet to the stored count stored reads.
type Refusals interface {
	Add(r refusal.Refusal)
	SettleLogins(username string, stored func() (int, error)) (int, error)
}

// Options wires a Service.
type Options struct {
	Store  *store.Store
	Hasher *Hasher
	Tokens *Tokens
	Limits *ratelimit.UserLimiter
	Record Recorder
	// Refusals counts refused logins in batches; when nil each refusal is
	// recorded at once through Record (tools and tests only).
	Refusals Refusals
	// Notify delivers user notices; Store (in-app only) when nil.
	Notify Notifier
	// Dev makes the first registered account an admin (loopback only).
	Dev bool
	Now func() time.Time
	// MaxHashes bounds concurrent bcrypt work (default NumCPU).
	MaxHashes int
	// WebAuthn is the passkey relying party (nil: no passkeys).
	WebAuthn *webauthn.WebAuthn
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
	if o.Refusals == nil {
		o.Refusals = inlineRefusals{o.Record}
	}
	return &Service{store: o.Store, hasher: o.Hasher, tokens: o.Tokens, limits: o.Limits, record: o.Record,
		refusals: o.Refusals, notify: o.Notify, dev: o.Dev, now: o.Now, sem: make(chan struct{}, o.MaxHashes), webauthn: o.WebAuthn}
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
