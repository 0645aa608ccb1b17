package store

import (
	"context"
	"testing"
	"time"
)

// TestSessionCacheNeverCachesAnEndedSession: a lookup that raced with an
// end (loaded before it, stored after) is discarded, so the cache cannot
// say "open" for a session that ended.
func TestSessionCacheNeverCachesAnEndedSession(t *testing.T) {
	var c sessionCache
	_, gen, ok := c.get("s1")
	if ok {
		t.Fatal("empty cache answered")
	}
	c.drop("s1") // the end lands between the database read and the put
	c.put("s1", cachedSession{userID: "u1", expires: time.Now().Add(time.Hour)}, gen)
	if _, _, ok := c.get("s1"); ok {
		t.Fatal("a lookup older than the end was cached")
	}
	_, gen, _ = c.get("s1")
	c.put("s1", cachedSession{userID: "u1", expires: time.Now().Add(time.Hour)}, gen)
	c.put("s2", cachedSession{userID: "u2", expires: time.Now().Add(time.Hour)}, gen)
	c.dropUser("u1", "")
	if _, _, ok := c.get("s1"); ok {
		t.Fatal("dropUser kept the user's session")
	}
	if _, _, ok := c.get("s2"); !ok {
		t.Fatal("dropUser dropped another user's session")
	}
}

// TestSessionOpenAfterEnd: the store's answer changes at once when a
// cached session ends.
func TestSessionOpenAfterEnd(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	now := time.Now()
	u, err := s.CreateUser(ctx, "cache-user", "x", "user", false, now)
	if err != nil {
		t.Fatal(err)
	}
	se, err := s.CreateSession(ctx, Session{UserID: u.ID, CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 2 { // the second answer comes from the cache
		if open, err := s.SessionOpen(ctx, u.ID, se.ID, "192.0.2.1", now); err != nil || !open {
			t.Fatalf("lookup %d: open %v, %v", i, open, err)
		}
	}
	if open, _ := s.SessionOpen(ctx, "someone-else", se.ID, "", now); open {
		t.Fatal("another user's token matched the session")
	}
	if err := s.EndSession(ctx, u.ID, se.ID, EndByUser, now); err != nil {
		t.Fatal(err)
	}
	if open, err := s.SessionOpen(ctx, u.ID, se.ID, "192.0.2.1", now); err != nil || open {
		t.Fatalf("after the end: open %v, %v", open, err)
	}
}
