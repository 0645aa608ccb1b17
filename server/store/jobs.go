package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/fortfolio/fortfolio/server/jobs"
)

// The jobs table is the shared job queue of the PostgreSQL backend
// (jobs.Store): state is queued, running (claimed by node_id, attempt
// attempts, heartbeat saved_at) or finished; snapshot is the public job.
// Queueing counts the unfinished jobs under the accounts lock every
// node's transactions take, so the bounds hold across nodes; claims skip
// the rows another node is claiming (FOR UPDATE SKIP LOCKED).

// jobsChannel is the LISTEN/NOTIFY channel that wakes the nodes' workers.
const jobsChannel = "fortfolio_jobs"

// requeuedSnapshot is the SQL of a snapshot put back to queued.
const requeuedSnapshot = `((snapshot::jsonb - 'started_at' - 'progress') || '{"status":"queued"}'::jsonb)::text`

// AddJob queues rec unless its owner or the platform is over the bounds
// (jobs.ErrTooManyJobs, jobs.ErrBusy), and wakes every node's workers.
func (s *Store) AddJob(ctx context.Context, rec jobs.Record, perOwner, maxPending int) error {
	if !s.shared {
		return errNotShared
	}
	tx, err := s.db.BeginTx(ctx, nil) // holds the accounts lock: every node's AddJob in turn
	if err != nil {
		return fmt.Errorf("store: add job: %w", err)
	}
	defer tx.Rollback()
	var own, all int
	err = tx.QueryRowContext(ctx, `SELECT COUNT(*) FILTER (WHERE owner_id = ?), COUNT(*) FROM jobs
		WHERE state IN ('queued', 'running')`, rec.Owner).Scan(&own, &all)
	if err != nil {
		return fmt.Errorf("store: count jobs: %w", err)
	}
	switch {
	case own >= perOwner:
		return jobs.ErrTooManyJobs
	case all >= maxPending:
		return jobs.ErrBusy
	}
	at := ms(rec.CreatedAt)
	if _, err := tx.ExecContext(ctx, `INSERT INTO jobs (id, owner_id, kind, payload, timeout_ms, state, attempts, node_id,
		snapshot, finished, created_at, saved_at, expires_at) VALUES (?, ?, ?, ?, ?, 'queued', 0, '', ?, 0, ?, ?, ?)`,
		rec.ID, rec.Owner, rec.Kind, string(rec.Payload), rec.Timeout.Milliseconds(), string(rec.Snapshot), at, at, at); err != nil {
		return fmt.Errorf("store: add job: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `SELECT pg_notify('`+jobsChannel+`', '')`); err != nil {
		return fmt.Errorf("store: add job: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: add job: %w", err)
	}
	return nil
}

// ClaimJob marks the oldest queued job running on node, heartbeat now,
// in one statement that skips the rows other nodes are claiming.
func (s *Store) ClaimJob(ctx context.Context, node string, now time.Time) (jobs.Record, bool, error) {
	if !s.shared {
		return jobs.Record{}, false, errNotShared
	}
	var rec jobs.Record
	var payload, snap string
	var timeout, created int64
	err := s.db.QueryRowContext(ctx, `UPDATE jobs SET state = 'running', node_id = ?, saved_at = ?, attempts = attempts + 1
		WHERE state = 'queued' AND id = (SELECT id FROM jobs WHERE state = 'queued' ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
		RETURNING id, owner_id, kind, payload, timeout_ms, attempts, snapshot, created_at`, node, ms(now)).
		Scan(&rec.ID, &rec.Owner, &rec.Kind, &payload, &timeout, &rec.Attempts, &snap, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return jobs.Record{}, false, nil
	}
	if err != nil {
		return jobs.Record{}, false, fmt.Errorf("store: claim job: %w", err)
	}
	rec.Payload, rec.Snapshot, rec.Node = []byte(payload), []byte(snap), node
	rec.Timeout, rec.CreatedAt = time.Duration(timeout)*time.Millisecond, fromMS(created)
	return rec, true, nil
}

// SaveClaimedJob saves a claimed job's snapshot and heartbeat (final: its
// outcome); false when the claim was taken over.
func (s *Store) SaveClaimedJob(ctx context.Context, c jobs.Claim, snapshot []byte, final bool, now, expires time.Time) (bool, error) {
	if !s.shared {
		return false, errNotShared
	}
	state := "running"
	if final {
		state = "finished"
	}
	res, err := s.db.ExecContext(ctx, `UPDATE jobs SET snapshot = ?, saved_at = ?, state = ?, finished = ?, expires_at = ?
		WHERE id = ? AND node_id = ? AND attempts = ? AND state = 'running'`,
		string(snapshot), ms(now), state, b2i(final), ms(expires), c.ID, c.Node, c.Attempt)
	if err != nil {
		return false, fmt.Errorf("store: save job: %w", err)
	}
	if final && rand.IntN(64) == 0 { // #nosec G404 -- spreads the clean-up over calls; not security relevant
		if _, err := s.db.ExecContext(ctx, `DELETE FROM jobs WHERE expires_at < ? AND state NOT IN ('queued', 'running')`, ms(now)); err != nil {
			return false, fmt.Errorf("store: trim jobs: %w", err)
		}
	}
	return affected(res)
}

// ReleaseJob queues a claimed job again, the attempt not counted, and
// wakes every node's workers in the same statement, so the notification
// is sent exactly when the job was handed back. It reports false when c
// matches no running claim: the job was queued again as stale, taken over
// by a later attempt, or finished.
func (s *Store) ReleaseJob(ctx context.Context, c jobs.Claim) (bool, error) {
	if !s.shared {
		return false, errNotShared
	}
	var n int
	err := s.db.QueryRowContext(ctx, `WITH released AS (
		UPDATE jobs SET state = 'queued', node_id = '', attempts = attempts - 1, snapshot = `+requeuedSnapshot+`
		WHERE id = ? AND node_id = ? AND attempts = ? AND state = 'running' RETURNING id)
		SELECT COUNT(pg_notify('`+jobsChannel+`', '')::text) FROM released`, c.ID, c.Node, c.Attempt).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: release job: %w", err)
	}
	return n > 0, nil
}

// RequeueStaleJobs queues again the running jobs whose heartbeat is older
// than cutoff and that have attempts left, and returns the others.
func (s *Store) RequeueStaleJobs(ctx context.Context, cutoff time.Time, maxAttempts int) ([]jobs.Record, error) {
	if !s.shared {
		return nil, errNotShared
	}
	res, err := s.db.ExecContext(ctx, `UPDATE jobs SET state = 'queued', node_id = '', snapshot = `+requeuedSnapshot+`
		WHERE state = 'running' AND saved_at < ? AND attempts < ?`, ms(cutoff), maxAttempts)
	if err != nil {
		return nil, fmt.Errorf("store: queue stale jobs: %w", err)
	}
	if n, _ := res.RowsAffected(); n > 0 {
		if err := s.notifyJobs(ctx); err != nil {
			return nil, err
		}
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, owner_id, kind, node_id, attempts, snapshot, created_at FROM jobs
		WHERE state = 'running' AND saved_at < ? AND attempts >= ?`, ms(cutoff), maxAttempts)
	if err != nil {
		return nil, fmt.Errorf("store: stale jobs: %w", err)
	}
	return collect(rows, "stale jobs", func(r *sql.Rows) (jobs.Record, error) {
		var rec jobs.Record
		var snap string
		var created int64
		err := r.Scan(&rec.ID, &rec.Owner, &rec.Kind, &rec.Node, &rec.Attempts, &snap, &created)
		rec.Snapshot, rec.CreatedAt = []byte(snap), fromMS(created)
		return rec, err
	})
}

// FailStaleJob saves the final snapshot of a job whose last attempt's
// node stopped, unless that claim saved a heartbeat since cutoff.
func (s *Store) FailStaleJob(ctx context.Context, rec jobs.Record, cutoff time.Time, snapshot []byte, now, expires time.Time) (bool, error) {
	if !s.shared {
		return false, errNotShared
	}
	res, err := s.db.ExecContext(ctx, `UPDATE jobs SET state = 'finished', finished = 1, snapshot = ?, saved_at = ?, expires_at = ?
		WHERE id = ? AND node_id = ? AND attempts = ? AND state = 'running' AND saved_at < ?`,
		string(snapshot), ms(now), ms(expires), rec.ID, rec.Node, rec.Attempts, ms(cutoff))
	if err != nil {
		return false, fmt.Errorf("store: fail job: %w", err)
	}
	return affected(res)
}

// LoadJob returns the snapshot of the owner's job id: unfinished, or
// finished and not expired.
func (s *Store) LoadJob(ctx context.Context, owner, id string, now time.Time) ([]byte, bool, error) {
	if !s.shared {
		return nil, false, errNotShared
	}
	var snap string
	err := s.db.QueryRowContext(ctx, `SELECT snapshot FROM jobs WHERE id = ? AND owner_id = ? AND (finished = 0 OR expires_at >= ?)`,
		id, owner, ms(now)).Scan(&snap)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("store: load job: %w", err)
	}
	return []byte(snap), true, nil
}

// notifyJobs wakes every node's workers.
func (s *Store) notifyJobs(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, `SELECT pg_notify('`+jobsChannel+`', '')`); err != nil {
		return fmt.Errorf("store: notify jobs: %w", err)
	}
	return nil
}

// affected reports whether a statement changed a row.
func affected(res sql.Result) (bool, error) {
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("store: rows affected: %w", err)
	}
	return n > 0, nil
}
