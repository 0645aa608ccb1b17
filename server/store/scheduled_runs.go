package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"time"
)

// Scheduled work on several nodes. On PostgreSQL the nodes share one
// database, so the nightly jobs must run once, not once per node: ClaimRun
// hands a (job, day) to the first node that asks, and Exclusive keeps a
// job from running on two nodes at the same time. With SQLite the data
// directory belongs to one server, so every claim succeeds and Exclusive
// just runs the job.

// ClaimRun claims the run of the scheduled job name for day (YYYY-MM-DD,
// the day of the scheduled time). It reports true to exactly one caller
// per (name, day) across all nodes sharing the database; that caller runs
// the job. On SQLite it always reports true.
func (s *Store) ClaimRun(ctx context.Context, name, day string, now time.Time) (bool, error) {
	if !s.shared {
		return true, nil
	}
	res, err := s.db.ExecContext(ctx, `INSERT INTO scheduled_runs (name, day, claimed_at) VALUES (?, ?, ?)
		ON CONFLICT (name, day) DO NOTHING`, name, day, ms(now))
	if err != nil {
		return false, fmt.Errorf("store: claim %s run of %s: %w", name, day, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("store: claim %s run of %s: %w", name, day, err)
	}
	return n == 1, nil
}

// ReleaseRun gives up a claim taken with ClaimRun, after a run that did
// nothing, so that a later attempt (on any node) may claim it again.
func (s *Store) ReleaseRun(ctx context.Context, name, day string) error {
	if !s.shared {
		return nil
	}
	if _, err := s.db.ExecContext(ctx, `DELETE FROM scheduled_runs WHERE name = ? AND day = ?`, name, day); err != nil {
		return fmt.Errorf("store: release %s run of %s: %w", name, day, err)
	}
	return nil
}

// jobLockClass is the first key of the two-key advisory locks Exclusive
// takes; two-key locks never clash with the one-key (bigint) locks the
// store takes per user and for migrations.
const jobLockClass = 0x46465354

// Exclusive runs fn unless the job name is already running on another
// node sharing the database; ran reports whether fn was called. On
// PostgreSQL it holds a session advisory lock on a connection of its own
// while fn runs; a node that dies releases it with its connection. On
// SQLite it always runs fn.
func (s *Store) Exclusive(ctx context.Context, name string, fn func(context.Context) error) (ran bool, err error) {
	if !s.shared {
		return true, fn(ctx)
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return false, fmt.Errorf("store: lock job %s: %w", name, err)
	}
	defer conn.Close()
	var got bool
	if err := conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock(?, hashtext(?))`, jobLockClass, name).Scan(&got); err != nil {
		return false, fmt.Errorf("store: lock job %s: %w", name, err)
	}
	if !got {
		return false, nil
	}
	defer unlockJob(conn, name)
	return true, fn(ctx)
}

// unlockJob releases Exclusive's lock, also when ctx has ended; when that
// fails the connection is discarded, which releases it too.
func unlockJob(conn *sql.Conn, name string) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var ok bool
	err := conn.QueryRowContext(ctx, `SELECT pg_advisory_unlock(?, hashtext(?))`, jobLockClass, name).Scan(&ok)
	if err != nil || !ok {
		_ = conn.Raw(func(any) error { return driver.ErrBadConn }) // closes the connection
	}
}
