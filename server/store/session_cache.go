package store

import (
	"sync"
	"time"
)

// sessionCache holds open sessions in memory so the per-request check
// costs no query. It stays correct because every write that ends a
// session goes through the Store, which drops the entry, and a lookup
// that raced with such a write is not cached: each drop bumps gen, and a
// result loaded under an older gen is discarded. A store shared by
// several servers (PostgreSQL) turns the cache off: another node may end a
// session, so every check reads the sessions table, and a logout on one
// node stops the token on every node at once.
type sessionCache struct {
	mu      sync.Mutex
	gen     uint64
	entries map[string]cachedSession
	off     bool
}

// cachedSession is what the per-request check needs of a session.
type cachedSession struct {
	userID  string
	expires time.Time
	seen    time.Time
	ip      string
}

// maxCachedSessions bounds the cache; when full it starts over.
const maxCachedSessions = 100000

// get returns the entry of id, and the generation to pass to put when
// there is none.
func (c *sessionCache) get(id string) (cachedSession, uint64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[id]
	return e, c.gen, ok
}

// put caches an open session loaded under generation gen, unless a
// session ended since.
func (c *sessionCache) put(id string, e cachedSession, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen || c.off {
		return
	}
	if c.entries == nil || len(c.entries) >= maxCachedSessions {
		c.entries = map[string]cachedSession{}
	}
	c.entries[id] = e
}

// touched records a written last-seen time.
func (c *sessionCache) touched(id, ip string, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.entries[id]; ok {
		e.seen, e.ip = now, ip
		c.entries[id] = e
	}
}

// drop forgets one session.
func (c *sessionCache) drop(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	delete(c.entries, id)
}

// dropUser forgets every session of userID but keep.
func (c *sessionCache) dropUser(userID, keep string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	for id, e := range c.entries {
		if e.userID == userID && id != keep {
			delete(c.entries, id)
		}
	}
}
