package market

import (
	"sync"
	"time"
)

// breaker is a consecutive-failure circuit breaker. After threshold failed
// calls in a row it rejects calls for cooldown; then it lets one trial call
// through (half-open): success closes it, failure reopens it at once.
type breaker struct {
	mu        sync.Mutex
	threshold int
	cooldown  time.Duration
	fails     int
	openUntil time.Time
	trial     bool // a half-open trial call is in flight
}

// newBreaker returns a closed breaker.
func newBreaker(threshold int, cooldown time.Duration) *breaker {
	return &breaker{threshold: threshold, cooldown: cooldown}
}

// allow reports whether a call may proceed. Every allowed call must end with
// exactly one of success, failure or release.
func (b *breaker) allow(now time.Time) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.fails < b.threshold {
		return true
	}
	if now.Before(b.openUntil) || b.trial {
		return false
	}
	b.trial = true
	return true
}

// success records a call that reached a healthy provider.
func (b *breaker) success() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.fails, b.trial = 0, false
}

// failure records a failed call; opened is true when it (re)opens the breaker.
func (b *breaker) failure(now time.Time) (opened bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.trial = false
	b.fails = min(b.fails+1, b.threshold)
	if b.fails < b.threshold {
		return false
	}
	b.openUntil = now.Add(b.cooldown)
	return true
}

// release ends a call that proved nothing (e.g. cancelled by the caller).
func (b *breaker) release() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.trial = false
}
