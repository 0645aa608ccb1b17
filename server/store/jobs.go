package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"
)

// SaveJob stores a job's snapshot for every node (jobs.Mirror; PostgreSQL
// only). A finished snapshot is never replaced by an unfinished one.
func (s *Store) SaveJob(ctx context.Context, owner, id string, snapshot []byte, finished bool, now, expires time.Time) error {
	if !s.shared {
		return errNotShared
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO jobs (id, owner_id, snapshot, finished, expires_at, saved_at) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET snapshot = excluded.snapshot, finished = excluded.finished, expires_at = excluded.expires_at,
			saved_at = excluded.saved_at
		WHERE jobs.finished = 0 AND jobs.owner_id = excluded.owner_id`, id, owner, string(snapshot), b2i(finished), ms(expires), ms(now))
	if err != nil {
		return fmt.Errorf("store: save job: %w", err)
	}
	if rand.IntN(256) == 0 { // #nosec G404 -- spreads the clean-up over calls; not security relevant
		if _, err := s.db.ExecContext(ctx, `DELETE FROM jobs WHERE expires_at < ?`, ms(time.Now())); err != nil {
			return fmt.Errorf("store: trim jobs: %w", err)
		}
	}
	return nil
}

// LoadJob returns the owner's unexpired snapshot of job id and when it
// was saved (jobs.Mirror).
func (s *Store) LoadJob(ctx context.Context, owner, id string, now time.Time) ([]byte, time.Time, bool, error) {
	if !s.shared {
		return nil, time.Time{}, false, errNotShared
	}
	var snap string
	var saved int64
	err := s.db.QueryRowContext(ctx, `SELECT snapshot, saved_at FROM jobs WHERE id = ? AND owner_id = ? AND expires_at >= ?`,
		id, owner, ms(now)).Scan(&snap, &saved)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, time.Time{}, false, nil
	}
	if err != nil {
		return nil, time.Time{}, false, fmt.Errorf("store: load job: %w", err)
	}
	return []byte(snap), fromMS(saved), true, nil
}
