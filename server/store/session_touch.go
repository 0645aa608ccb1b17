package store

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// touchQueue collects sessions' last-seen times and addresses and writes
// them in the background, gathered for touchGather into one transaction:
// the per-request session check never waits for a write to the accounts
// database. A burst (1,000 sessions seen again at the start of a busy
// minute) costs one or two transactions, not 1,000 flushed writes queued
// on SQLite's lock, and the accounts database's version (which the
// token lookup cache follows, token_user_cache.go) moves once per
// touchGather at most, not with every session that comes back. A touch lost in a crash
// only leaves an older last-seen time.
type touchQueue struct {
	mu       sync.Mutex
	pending  map[string]touch
	flushing bool
	hurry    chan struct{} // closed to end the running flush's gathering
	done     sync.WaitGroup
}

type touch struct {
	ip string
	at time.Time
}

// touchGather is how long queued touches wait for others before they are
// written together. Last-seen times are kept to the minute
// (sessionTouchEvery); ten seconds more change little a user sees, and
// the lookup cache of 1,000 active users is emptied at most every ten
// seconds instead of every second.
const touchGather = 10 * time.Second

// touchSession marks the session seen (in the cache first, so the requests
// arriving meanwhile do not queue it again) and queues the write.
func (s *Store) touchSession(ctx context.Context, id, ip string, now time.Time) {
	s.sessions.touched(id, ip, now)
	q := &s.touches
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.pending == nil {
		q.pending = map[string]touch{}
	}
	q.pending[id] = touch{ip: ip, at: now}
	if q.flushing {
		return
	}
	q.flushing = true
	q.hurry = make(chan struct{})
	q.done.Add(1)
	go s.flushTouches(context.WithoutCancel(ctx), q.hurry)
}

// flushTouches writes the queued touches, each batch after gathering for
// touchGather (at once when hurried), until none is left.
func (s *Store) flushTouches(ctx context.Context, hurry <-chan struct{}) {
	q := &s.touches
	defer q.done.Done()
	gather := time.NewTimer(touchGather)
	defer gather.Stop()
	for {
		select {
		case <-gather.C:
		case <-hurry:
		}
		q.mu.Lock()
		batch := q.pending
		q.pending = nil
		if len(batch) == 0 {
			q.flushing = false
			q.mu.Unlock()
			return
		}
		q.mu.Unlock()
		if err := s.writeTouches(ctx, batch); err != nil {
			slog.WarnContext(ctx, "session last-seen times not recorded", slog.Int("sessions", len(batch)), slog.Any("error", err))
		}
		gather.Reset(touchGather)
	}
}

// writeTouches writes one batch of touches in one transaction.
func (s *Store) writeTouches(ctx context.Context, batch map[string]touch) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: touch sessions: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // no-op after Commit
	stmt, err := tx.PrepareContext(ctx, `UPDATE sessions SET last_seen_at = ?, ip = ? WHERE id = ? AND ended_at = 0`)
	if err != nil {
		return fmt.Errorf("store: touch sessions: %w", err)
	}
	defer stmt.Close()
	for id, t := range batch {
		if _, err := stmt.ExecContext(ctx, ms(t.at), t.ip, id); err != nil {
			return fmt.Errorf("store: touch sessions: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: touch sessions: %w", err)
	}
	return nil
}

// settleTouches writes the queued touches now, without gathering for
// more, and waits until they are written (Close, tests).
func (s *Store) settleTouches() {
	q := &s.touches
	q.mu.Lock()
	if q.hurry != nil {
		close(q.hurry)
		q.hurry = nil
	}
	q.mu.Unlock()
	q.done.Wait()
}
