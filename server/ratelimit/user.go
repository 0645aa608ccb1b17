package ratelimit

import (
	"context"
	"crypto/sha256"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"
)

// Classes of the per-user limiter configured by DefaultUserRules.
const (
	// ClassCompute covers analytics, stress tests, optimisation and reports.
	ClassCompute = "compute"
	// ClassLogin is keyed by account name, checked before any password hash.
	ClassLogin = "login"
	// ClassLog covers client error reports (POST /api/log).
	ClassLog = "log"
	// ClassEmail covers outgoing e-mail.
	ClassEmail = "email"
	// ClassMFA covers second-factor codes, keyed by account.
	ClassMFA = "mfa"
)

// Rule is the rate and burst of one per-user class.
type Rule struct {
	// Limit is the sustained rate in tokens per second.
	Limit rate.Limit
	// Burst is the bucket size; it must be at least 1.
	Burst int
}

// PerMinute returns a Rule allowing n events per minute with the given burst.
func PerMinute(n, burst int) Rule {
	return Rule{Limit: rate.Limit(float64(n) / 60), Burst: burst}
}

// PerHour returns a Rule allowing n events per hour with the given burst.
func PerHour(n, burst int) Rule {
	return Rule{Limit: rate.Limit(float64(n) / 3600), Burst: burst}
}

// DefaultUserRules returns the default per-user classes: compute 20/min
// burst 5, login 10/min burst 5, log 10/min burst 5, email 5/hour burst 5, mfa 5/min burst 5.
func DefaultUserRules() map[string]Rule {
	return map[string]Rule{
		ClassCompute: PerMinute(20, 5),
		ClassLogin:   PerMinute(10, 5),
		ClassLog:     PerMinute(10, 5),
		ClassEmail:   PerHour(5, 5),
		ClassMFA:     PerMinute(5, 5),
	}
}

// UserConfig configures a UserLimiter.
type UserConfig struct {
	// Rules maps class names to their rates; DefaultUserRules when nil.
	Rules map[string]Rule
	// MaxEntries caps the number of buckets; DefaultMaxEntries when zero.
	MaxEntries int
	// IdleTTL is how long an unused bucket is kept (DefaultIdleTTL when
	// zero); it is raised to the slowest class's full refill time.
	IdleTTL time.Duration
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// Shared, when set, holds the buckets for every node (several nodes
	// on PostgreSQL); this node's own buckets decide only when it fails.
	Shared Shared
}

// maxKeyLen is the longest key stored verbatim; longer keys are hashed so
// hostile input (e.g. a huge username on login) cannot inflate memory.
const maxKeyLen = 64

// userKey identifies one bucket: a (possibly hashed) key and a class.
type userKey struct {
	key    string
	hashed bool
	class  string
}

// UserLimiter is the per-user rate limiter (layer 2), keyed by (user id or
// account name, class). Handlers call Allow and answer 429 (httpx.TooMany)
// when it refuses. Create it with NewUserLimiter; Close stops its janitor.
type UserLimiter struct {
	rules   map[string]Rule
	now     func() time.Time
	buckets *store[userKey]
	janitor *janitor
	shared  Shared
	// sharedWarned is when (Unix ns) a shared bucket failure was last logged.
	sharedWarned atomic.Int64
}

// NewUserLimiter validates cfg, applies defaults and starts the janitor.
func NewUserLimiter(cfg UserConfig) (*UserLimiter, error) {
	rules := cfg.Rules
	if rules == nil {
		rules = DefaultUserRules()
	}
	if cfg.MaxEntries < 0 || cfg.IdleTTL < 0 {
		return nil, fmt.Errorf("ratelimit: negative user limiter setting")
	}
	ttl := orDefault(cfg.IdleTTL, DefaultIdleTTL)
	copied := make(map[string]Rule, len(rules))
	for name, r := range rules {
		if r.Limit <= 0 || r.Burst < 1 {
			return nil, fmt.Errorf("ratelimit: class %q: limit and burst must be positive", name)
		}
		copied[name] = r
		ttl = max(ttl, refillTime(rule{limit: r.Limit, burst: r.Burst}))
	}
	u := &UserLimiter{rules: copied, now: cfg.Now, shared: cfg.Shared}
	if u.now == nil {
		u.now = time.Now
	}
	u.buckets = newStore[userKey](orDefault(cfg.MaxEntries, DefaultMaxEntries), ttl)
	u.janitor = startJanitor(janitorInterval(ttl), func() { u.buckets.sweep(u.now()) })
	return u, nil
}

// Allow takes one token from the bucket of (key, class). When refused it
// returns how long until a token is available. An unknown class is a
// programming error and fails closed (refused, one minute).
func (u *UserLimiter) Allow(key, class string) (ok bool, retryAfter time.Duration) {
	r, known := u.rules[class]
	if !known {
		slog.Warn("ratelimit: unknown class refused", slog.String("class", class))
		return false, time.Minute
	}
	k := bucketKey(key, class)
	now := u.now()
	if u.shared != nil {
		if ok, wait, handled := u.allowShared(k, r, now); handled {
			return ok, wait
		}
	}
	lim := u.buckets.get(k, now, func() *rate.Limiter {
		return rate.NewLimiter(r.Limit, r.Burst)
	})
	return take(lim, now)
}

// Forget drops the bucket of (key, class), so its next request starts with
// a full bucket (an administrator clearing a user's limits).
func (u *UserLimiter) Forget(key, class string) {
	k := bucketKey(key, class)
	u.buckets.forget(k)
	if u.shared != nil {
		ctx, cancel := context.WithTimeout(context.Background(), sharedTimeout)
		defer cancel()
		if err := u.shared.ForgetBucket(ctx, sharedKey(k)); err != nil {
			slog.Warn("ratelimit: shared bucket not cleared", slog.Any("error", err))
		}
	}
}

// bucketKey builds the bucket key, hashing over-long keys.
func bucketKey(key, class string) userKey {
	k := userKey{key: key, class: class}
	if len(key) > maxKeyLen {
		sum := sha256.Sum256([]byte(key))
		k.key, k.hashed = string(sum[:]), true
	}
	return k
}

// Len reports how many buckets are held (for metrics and tests).
func (u *UserLimiter) Len() int { return u.buckets.len() }

// Close stops the janitor goroutine. It is idempotent; Allow keeps working
// afterwards with lazy sweeping only.
func (u *UserLimiter) Close() error {
	u.janitor.close()
	return nil
}
