package ratelimit

import (
	"container/list"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// sweepPerCall bounds how many expired entries one lookup may evict, so a
// single request never pays for a large backlog; the janitor does the rest.
const sweepPerCall = 8

// entry is one token bucket with its key and the time it was last used.
type entry[K comparable] struct {
	key  K
	lim  *rate.Limiter
	seen time.Time
}

// store is a bounded table of token buckets ordered by recency of use (front
// is most recent). It never holds more than max entries and forgets entries
// idle for longer than ttl. It is safe for concurrent use.
type store[K comparable] struct {
	mu      sync.Mutex
	entries map[K]*list.Element
	lru     list.List
	max     int
	ttl     time.Duration
}

// newStore returns an empty store holding at most max entries.
func newStore[K comparable](max int, ttl time.Duration) *store[K] {
	s := &store[K]{entries: make(map[K]*list.Element), max: max, ttl: ttl}
	s.lru.Init()
	return s
}

// get returns the bucket for key, creating it with newLim when absent, and
// marks it as used at now. When the store is full the least recently used
// entry is evicted first.
func (s *store[K]) get(key K, now time.Time, newLim func() *rate.Limiter) *rate.Limiter {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sweepLocked(now, sweepPerCall)
	if el, ok := s.entries[key]; ok {
		e := el.Value.(*entry[K])
		e.seen = now
		s.lru.MoveToFront(el)
		return e.lim
	}
	for len(s.entries) >= s.max {
		s.removeLocked(s.lru.Back())
	}
	e := &entry[K]{key: key, lim: newLim(), seen: now}
	s.entries[key] = s.lru.PushFront(e)
	return e.lim
}

// sweep evicts every entry idle for longer than the TTL.
func (s *store[K]) sweep(now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sweepLocked(now, -1)
}

// sweepLocked evicts up to limit idle entries (all of them when limit < 0),
// oldest first. Because the list is ordered by last use, it stops at the
// first entry that is still fresh.
func (s *store[K]) sweepLocked(now time.Time, limit int) {
	cutoff := now.Add(-s.ttl)
	for n := 0; limit < 0 || n < limit; n++ {
		el := s.lru.Back()
		if el == nil || !el.Value.(*entry[K]).seen.Before(cutoff) {
			return
		}
		s.removeLocked(el)
	}
}

// removeLocked drops el from the list and the map.
func (s *store[K]) removeLocked(el *list.Element) {
	if el == nil {
		return
	}
	e := s.lru.Remove(el).(*entry[K])
	delete(s.entries, e.key)
}

// len reports the number of entries held.
func (s *store[K]) len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.entries)
}

// forget drops the entry of key, if any.
func (s *store[K]) forget(key K) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if el, ok := s.entries[key]; ok {
		s.removeLocked(el)
	}
}
