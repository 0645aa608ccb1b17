package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/fortfolio/fortfolio/server/audit"
	"github.com/fortfolio/fortfolio/server/model"
)

// The table is bounded per group, oldest rows first: refusal rows (written
// in batches by server/refusal) can never push other events out.
const (
	maxEvents        = 100000
	maxRefusalEvents = 20000
	// trimEvery is how often (in inserted ids) single events trim their
	// group, so a trim's index walk is not paid on every insert.
	trimEvery = 64
)

// AddSecurityEvent records one event; every trimEvery inserts the
// non-refusal rows are trimmed to maxEvents.
func (s *Store) AddSecurityEvent(ctx context.Context, e model.SecurityEvent) error {
	var id int64
	if err := s.db.QueryRowContext(ctx, insertEvent+` RETURNING id`, eventArgs(e, false)...).Scan(&id); err != nil {
		return fmt.Errorf("store: add event: %w", err)
	}
	if id%trimEvery == 0 {
		return trimEvents(ctx, s.db, false, maxEvents)
	}
	return nil
}

// AddSecurityEvents records a batch of aggregated refusal events in one
// transaction and trims the refusal rows to maxRefusalEvents.
func (s *Store) AddSecurityEvents(ctx context.Context, events []model.SecurityEvent) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: add events: %w", err)
	}
	defer tx.Rollback()
	for _, e := range events {
		if _, err := tx.ExecContext(ctx, insertEvent, eventArgs(e, true)...); err != nil {
			return fmt.Errorf("store: add events: %w", err)
		}
	}
	if err := trimEvents(ctx, tx, true, maxRefusalEvents); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: add events: %w", err)
	}
	return nil
}

const insertEvent = `INSERT INTO security_events (at, kind, user_id, ip, detail, request_id, count, refusal)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?)`

func eventArgs(e model.SecurityEvent, refusal bool) []any {
	if e.At.IsZero() {
		e.At = time.Now()
	}
	return []any{ms(e.At), audit.Clip(e.Kind, 64), audit.Clip(e.UserID, 64), audit.Clip(e.IP, 64), audit.Clip(e.Detail, 512),
		audit.Clip(e.RequestID, 64), max(e.Count, 1), refusal}
}

// trimEvents keeps the newest keep rows of one group.
func trimEvents(ctx context.Context, db execer, refusal bool, keep int) error {
	_, err := db.ExecContext(ctx, `DELETE FROM security_events WHERE refusal = ? AND id <
		(SELECT id FROM security_events WHERE refusal = ? ORDER BY id DESC LIMIT 1 OFFSET ?)`, refusal, refusal, keep-1)
	if err != nil {
		return fmt.Errorf("store: trim events: %w", err)
	}
	return nil
}

// execer is a database or a transaction.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// ListSecurityEvents returns the newest events, optionally of one kind.
func (s *Store) ListSecurityEvents(ctx context.Context, kind string, since time.Time, limit int) ([]model.SecurityEvent, error) {
	if limit < 1 || limit > 500 {
		limit = 100
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, at, kind, user_id, ip, detail, request_id, count FROM security_events
		WHERE (? = '' OR kind = ?) AND at >= ? ORDER BY id DESC LIMIT ?`, kind, kind, ms(since), limit)
	if err != nil {
		return nil, fmt.Errorf("store: list events: %w", err)
	}
	defer rows.Close()
	var out []model.SecurityEvent
	for rows.Next() {
		var e model.SecurityEvent
		var at int64
		if err := rows.Scan(&e.ID, &at, &e.Kind, &e.UserID, &e.IP, &e.Detail, &e.RequestID, &e.Count); err != nil {
			return nil, fmt.Errorf("store: list events: %w", err)
		}
		e.At = fromMS(at)
		out = append(out, e)
	}
	return out, rows.Err()
}

// CountSecurityEvents counts events by kind since a time (an aggregated
// row counts as many times as it stands for).
func (s *Store) CountSecurityEvents(ctx context.Context, since time.Time) (map[string]int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT kind, SUM(count) FROM security_events WHERE at >= ? GROUP BY kind`, ms(since))
	if err != nil {
		return nil, fmt.Errorf("store: count events: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return nil, fmt.Errorf("store: count events: %w", err)
		}
		out[k] = n
	}
	return out, rows.Err()
}
