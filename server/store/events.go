package store

import (
	"context"
	"fmt"
	"time"

	"github.com/fortfolio/fortfolio/server/model"
)

// maxEvents bounds the table; the oldest rows go first.
const maxEvents = 100000

// AddSecurityEvent records an event and trims the table to maxEvents.
func (s *Store) AddSecurityEvent(ctx context.Context, e model.SecurityEvent) error {
	if e.At.IsZero() {
		e.At = time.Now()
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO security_events (at, kind, user_id, ip, detail, request_id) VALUES (?, ?, ?, ?, ?, ?)`,
		ms(e.At), clip(e.Kind, 64), clip(e.UserID, 64), clip(e.IP, 64), clip(e.Detail, 512), clip(e.RequestID, 64))
	if err != nil {
		return fmt.Errorf("store: add event: %w", err)
	}
	_, err = s.db.ExecContext(ctx, `DELETE FROM security_events WHERE id <= (SELECT MAX(id) FROM security_events) - ?`, maxEvents)
	if err != nil {
		return fmt.Errorf("store: trim events: %w", err)
	}
	return nil
}

// ListSecurityEvents returns the newest events, optionally of one kind.
func (s *Store) ListSecurityEvents(ctx context.Context, kind string, since time.Time, limit int) ([]model.SecurityEvent, error) {
	if limit < 1 || limit > 500 {
		limit = 100
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, at, kind, user_id, ip, detail, request_id FROM security_events
		WHERE (? = '' OR kind = ?) AND at >= ? ORDER BY id DESC LIMIT ?`, kind, kind, ms(since), limit)
	if err != nil {
		return nil, fmt.Errorf("store: list events: %w", err)
	}
	defer rows.Close()
	var out []model.SecurityEvent
	for rows.Next() {
		var e model.SecurityEvent
		var at int64
		if err := rows.Scan(&e.ID, &at, &e.Kind, &e.UserID, &e.IP, &e.Detail, &e.RequestID); err != nil {
			return nil, fmt.Errorf("store: list events: %w", err)
		}
		e.At = fromMS(at)
		out = append(out, e)
	}
	return out, rows.Err()
}

// CountSecurityEvents counts events by kind since a time.
func (s *Store) CountSecurityEvents(ctx context.Context, since time.Time) (map[string]int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT kind, COUNT(*) FROM security_events WHERE at >= ? GROUP BY kind`, ms(since))
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

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
