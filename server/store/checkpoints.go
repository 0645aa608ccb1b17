package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/fortfolio/fortfolio/server/audit"
)

// checkpointSource is the row the live audit log updates: "log", or on
// PostgreSQL, where every node keeps its own audit log in its data
// directory but the checkpoints table is shared, "log:" and the node's id.
func (s *Store) checkpointSource() string {
	if s.node != "" {
		return "log:" + s.node
	}
	return "log"
}

// SaveAuditCheckpoint records the audit chain head; an older checkpoint
// (fewer entries) never replaces a newer one. It commits without waiting
// for the disk (synchronous=NORMAL on its own connection): the row is
// visible to every reader at once and survives the process being killed;
// only a power cut can lose the newest rows, which leaves the recorded
// head behind the log's (already fsynced) lines, never ahead of them, so
// verify stays sound. Each audited write therefore waits for two disk
// flushes (its data and its audit line), not three.
//
// The statement is prepared once: every audited write waits for this save
// after its audit line, and parsing it again was half of the save's CPU.
func (s *Store) SaveAuditCheckpoint(ctx context.Context, cp audit.Checkpoint) error {
	args := []any{s.checkpointSource(), cp.Entries, cp.Head, cp.At.UTC().Format(time.RFC3339Nano), cp.Sig}
	var err error
	if st, perr := s.checkpointStmt(ctx); perr == nil {
		_, err = st.ExecContext(ctx, args...)
	} else {
		_, err = s.checkpoints.ExecContext(ctx, saveCheckpointSQL, args...)
	}
	if err != nil {
		return fmt.Errorf("store: save audit checkpoint: %w", err)
	}
	return nil
}

const saveCheckpointSQL = `INSERT INTO audit_checkpoints (source, entries, head, at, sig) VALUES (?, ?, ?, ?, ?)
	ON CONFLICT (source) DO UPDATE SET entries = excluded.entries, head = excluded.head, at = excluded.at, sig = excluded.sig
	WHERE excluded.entries > audit_checkpoints.entries`

// checkpointStmt is the prepared checkpoint save (an error on PostgreSQL,
// which runs it unprepared).
func (s *Store) checkpointStmt(ctx context.Context) (*sql.Stmt, error) {
	if s.ckptPrep == nil {
		return nil, errUnprepared
	}
	return s.ckptPrep.stmt(ctx, saveCheckpointSQL)
}

// AuditCheckpoint returns the newest recorded audit checkpoint; ok is false
// when none was recorded.
func (s *Store) AuditCheckpoint(ctx context.Context) (cp audit.Checkpoint, ok bool, err error) {
	var at string
	err = s.db.QueryRowContext(ctx, `SELECT entries, head, at, sig FROM audit_checkpoints WHERE source = ?`, s.checkpointSource()).
		Scan(&cp.Entries, &cp.Head, &at, &cp.Sig)
	if errors.Is(err, sql.ErrNoRows) {
		return audit.Checkpoint{}, false, nil
	}
	if err != nil {
		return audit.Checkpoint{}, false, fmt.Errorf("store: audit checkpoint: %w", err)
	}
	if cp.At, err = time.Parse(time.RFC3339Nano, at); err != nil {
		return audit.Checkpoint{}, false, fmt.Errorf("store: audit checkpoint time: %w", err)
	}
	cp.Source = "the accounts database"
	return cp, true, nil
}

// HasAccounts reports whether any account exists.
func (s *Store) HasAccounts(ctx context.Context) (bool, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM users LIMIT 1) AS one`).Scan(&n); err != nil {
		return false, fmt.Errorf("store: count accounts: %w", err)
	}
	return n > 0, nil
}

// DeleteAuditCheckpoints removes the recorded checkpoints (restores of old
// accounts databases and tests of verify's other sources).
func (s *Store) DeleteAuditCheckpoints(ctx context.Context) error {
	q, args := `DELETE FROM audit_checkpoints`, []any{}
	if s.shared { // the other nodes' checkpoints are theirs
		q, args = `DELETE FROM audit_checkpoints WHERE source = ?`, []any{s.checkpointSource()}
	}
	if _, err := s.db.ExecContext(ctx, q, args...); err != nil {
		return fmt.Errorf("store: delete audit checkpoints: %w", err)
	}
	return nil
}
