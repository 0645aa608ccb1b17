package store

import (
	"context"
	"sync"
	"testing"
	"time"
)

// TestSessionTouchIsThrottledAcrossAddresses uses one session from many
// addresses within a minute: only the first use writes, and the address
// of the use a minute later is the one recorded then.
func TestSessionTouchIsThrottledAcrossAddresses(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := openPortfolioStore(t)
	t0 := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	u, err := s.CreateUser(ctx, "alice", "h", "user", false, t0)
	if err != nil {
		t.Fatal(err)
	}
	se, err := s.CreateSession(ctx, Session{UserID: u.ID, CreatedAt: t0, LastSeenAt: t0, ExpiresAt: t0.Add(time.Hour), IP: "192.0.2.1"})
	if err != nil {
		t.Fatal(err)
	}
	stored := func() Session {
		t.Helper()
		s.settleTouches()
		got, err := s.SessionByID(ctx, se.ID, t0)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	for i, ip := range []string{"192.0.2.1", "198.51.100.2", "198.51.100.3", "203.0.113.4"} {
		if ok, err := s.SessionOpen(ctx, u.ID, se.ID, ip, t0.Add(time.Duration(i)*time.Second)); err != nil || !ok {
			t.Fatalf("use %d: %v, %v", i, ok, err)
		}
	}
	if got := stored(); got.IP != "192.0.2.1" || !got.LastSeenAt.Equal(t0) {
		t.Fatalf("within a minute: ip %s, seen %s; want the stored row untouched", got.IP, got.LastSeenAt)
	}
	later := t0.Add(sessionTouchEvery + time.Second)
	if ok, err := s.SessionOpen(ctx, u.ID, se.ID, "203.0.113.9", later); err != nil || !ok {
		t.Fatalf("later use: %v, %v", ok, err)
	}
	if got := stored(); got.IP != "203.0.113.9" || !got.LastSeenAt.Equal(later) {
		t.Fatalf("a minute later: ip %s, seen %s; want 203.0.113.9 at %s", got.IP, got.LastSeenAt, later)
	}
}

// TestSessionTouchesOfABurstAreAllWritten sees 300 sessions again at once
// (concurrently, each due for its touch): after the queue settles, every
// row holds its new time and address.
func TestSessionTouchesOfABurstAreAllWritten(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := openPortfolioStore(t)
	t0 := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	u, err := s.CreateUser(ctx, "alice", "h", "user", false, t0)
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]string, 300)
	for i := range ids {
		se, err := s.CreateSession(ctx, Session{UserID: u.ID, CreatedAt: t0, LastSeenAt: t0, ExpiresAt: t0.Add(time.Hour), IP: "192.0.2.1"})
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = se.ID
	}
	later := t0.Add(2 * sessionTouchEvery)
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if ok, err := s.SessionOpen(ctx, u.ID, id, "203.0.113.7", later); err != nil || !ok {
				t.Errorf("session %s: %v, %v", id, ok, err)
			}
		}()
	}
	wg.Wait()
	s.settleTouches()
	for _, id := range ids {
		got, err := s.SessionByID(ctx, id, t0)
		if err != nil || got.IP != "203.0.113.7" || !got.LastSeenAt.Equal(later) {
			t.Fatalf("session %s: %+v, %v; want seen at %s from 203.0.113.7", id, got, err, later)
		}
	}
}

// TestSessionTouchesAreGathered sees 20 sessions again: nothing is
// written to the accounts database within the gathering time (so the
// token lookup cache, which follows the database's version, stays
// filled), and settling writes them all in one go.
func TestSessionTouchesAreGathered(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := openPortfolioStore(t)
	t0 := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	u, err := s.CreateUser(ctx, "alice", "h", "user", false, t0)
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]string, 20)
	for i := range ids {
		se, err := s.CreateSession(ctx, Session{UserID: u.ID, CreatedAt: t0, LastSeenAt: t0, ExpiresAt: t0.Add(time.Hour), IP: "192.0.2.1"})
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = se.ID
	}
	version := func() int64 {
		t.Helper()
		v, ok := s.watch.version(ctx)
		if !ok {
			t.Fatal("no accounts database version")
		}
		return v
	}
	before := version()
	later := t0.Add(2 * sessionTouchEvery)
	for _, id := range ids {
		if ok, err := s.SessionOpen(ctx, u.ID, id, "203.0.113.7", later); err != nil || !ok {
			t.Fatalf("session %s: %v, %v", id, ok, err)
		}
	}
	time.Sleep(touchGather / 10)
	if v := version(); v != before {
		t.Fatalf("accounts database changed %s after the touches (version %d, was %d); want them gathered for %s", touchGather/10, v, before, touchGather)
	}
	s.settleTouches()
	if v := version(); v == before {
		t.Fatal("accounts database unchanged after settling; want the touches written")
	}
	for _, id := range ids {
		got, err := s.SessionByID(ctx, id, t0)
		if err != nil || got.IP != "203.0.113.7" || !got.LastSeenAt.Equal(later) {
			t.Fatalf("session %s: %+v, %v; want seen at %s from 203.0.113.7", id, got, err, later)
		}
	}
}
