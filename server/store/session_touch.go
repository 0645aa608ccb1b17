package store

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// touchQueue collects sessions' last-seen times and addresses and writes
// them in the background, many per transaction: the per-request session
// check never waits for a write to the accounts database. A burst (1,000
// sessions seen again at the start of a busy minute) costs a few
// transactions, not 1,000 flushed writes queued on SQLite's lock. A touch
// lost in a crash only leaves an older last-seen time.
type touchQueue struct {
	mu       sync.Mutex
	pending  map[string]touch
	flushing bool
	done     sync.WaitGroup
}

type touch struct {
	ip string
	at time.Time
}

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
	q.done.Add(1)
	go s.flushTouches(context.WithoutCancel(ctx))
}

// flushTouches writes the queued touches until none is left.
func (s *Store) flushTouches(ctx context.Context) {
	q := &s.touches
	defer q.done.Done()
	for {
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

// settleTouches waits until every queued touch is written (Close, tests).
func (s *Store) settleTouches() { s.touches.done.Wait() }
