package alerts

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Limits bound the messages sent outside the app (e-mail, Telegram,
// push): per user and for the whole server. The in-app inbox is never
// limited: it is the record of every alert.
type Limits struct {
	UserPerHour   int
	UserBurst     int
	GlobalPerMin  int
	GlobalBurst   int
	TestPerHour   int // "send me a test message", per user
	MaxUserBucket int // most per-user buckets kept
}

// DefaultLimits: 30 messages per user per hour (burst 10), 120 per
// minute in all (burst 60), 10 test messages per user per hour.
func DefaultLimits() Limits {
	return Limits{UserPerHour: 30, UserBurst: 10, GlobalPerMin: 120, GlobalBurst: 60, TestPerHour: 10, MaxUserBucket: 10000}
}

// limiter holds the token buckets.
type limiter struct {
	mu     sync.Mutex
	l      Limits
	now    func() time.Time
	global *rate.Limiter
	users  map[string]*rate.Limiter
	tests  map[string]*rate.Limiter
}

func newLimiter(l Limits, now func() time.Time) *limiter {
	return &limiter{l: l, now: now, global: rate.NewLimiter(rate.Limit(float64(l.GlobalPerMin)/60), l.GlobalBurst),
		users: map[string]*rate.Limiter{}, tests: map[string]*rate.Limiter{}}
}

// allowSend takes one token of the user's and of the global bucket.
func (l *limiter) allowSend(userID string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	u := l.bucket(l.users, userID, l.l.UserPerHour, l.l.UserBurst)
	if !u.AllowN(now, 1) {
		return false
	}
	if !l.global.AllowN(now, 1) {
		return false
	}
	return true
}

// allowTest takes one token of the user's test bucket.
func (l *limiter) allowTest(userID string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.bucket(l.tests, userID, l.l.TestPerHour, l.l.TestPerHour).AllowN(l.now(), 1)
}

// bucket returns (creating) a user's bucket. When MaxUserBucket users have
// buckets the map is reset, so memory stays bounded; their buckets start
// full again, and the global bucket still bounds what the server sends.
func (l *limiter) bucket(m map[string]*rate.Limiter, key string, perHour, burst int) *rate.Limiter {
	b, ok := m[key]
	if !ok {
		if len(m) >= l.l.MaxUserBucket {
			clear(m)
		}
		b = rate.NewLimiter(rate.Limit(float64(perHour)/3600), max(burst, 1))
		m[key] = b
	}
	return b
}
