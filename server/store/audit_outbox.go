package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/fortfolio/fortfolio/server/audit"
)

// AuditOutbox returns where this node's audit log publishes its lines on
// PostgreSQL (the shared audit_outbox table, rows named by the node's
// id), or nil on SQLite, whose single node's files are the whole log.
func (s *Store) AuditOutbox() audit.Outbox {
	if !s.shared {
		return nil
	}
	return auditOutbox{db: s.db, node: s.node}
}

// auditOutbox is one node's view of audit_outbox.
type auditOutbox struct {
	db   *sql.DB
	node string
}

// Head returns the seq of the node's newest row (0 when it has none).
func (o auditOutbox) Head(ctx context.Context) (int64, error) {
	var n int64
	if err := o.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) FROM audit_outbox WHERE node_id = ?`, o.node).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: audit outbox head: %w", err)
	}
	return n, nil
}

// Insert appends recs in one statement.
func (o auditOutbox) Insert(ctx context.Context, recs []audit.Record) error {
	return insertAuditRecords(ctx, o.db, o.node, recs)
}

// insertAuditRecordsSQL inserts one batch from parallel arrays, in their
// order; the table's trigger assigns the positions.
const insertAuditRecordsSQL = `INSERT INTO audit_outbox (node_id, seq, at_ns, actor, action, prev, hash, line)
	SELECT ?, r.seq, r.at_ns, r.actor, r.action, r.prev, r.hash, r.line
	FROM unnest(?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
		WITH ORDINALITY AS r(seq, at_ns, actor, action, prev, hash, line, n)
	ORDER BY r.n`

// insertAuditRecords inserts a node's consecutive lines with one
// statement, whatever their number.
func insertAuditRecords(ctx context.Context, db execer, node string, recs []audit.Record) error {
	n := len(recs)
	seqs, ats := make([]int64, 0, n), make([]int64, 0, n)
	actors, actions, prevs, hashes, lines := make([]string, 0, n), make([]string, 0, n), make([]string, 0, n), make([]string, 0, n), make([]string, 0, n)
	for _, r := range recs {
		seqs, ats = append(seqs, r.Seq), append(ats, r.Entry.TS.UnixNano())
		actors, actions = append(actors, r.Entry.Actor), append(actions, r.Entry.Action)
		prevs, hashes, lines = append(prevs, r.Entry.Prev), append(hashes, r.Entry.Hash), append(lines, string(r.Line))
	}
	if _, err := db.ExecContext(ctx, insertAuditRecordsSQL, node, seqs, ats, actors, actions, prevs, hashes, lines); err != nil {
		return fmt.Errorf("store: insert audit entries: %w", err)
	}
	return nil
}

// QueryAudit returns the entries of every node matching f, newest first
// in the table's one order, with audit.Query's filters and limits.
func (s *Store) QueryAudit(ctx context.Context, f audit.Filter) (audit.Page, error) {
	f, err := f.Normalize()
	if err != nil {
		return audit.Page{}, err
	}
	q, args := `SELECT line FROM audit_outbox WHERE TRUE`, []any{}
	if !f.ShowsCheckpoints() {
		q, args = q+` AND action <> ?`, append(args, audit.ActionAuditCheckpoint)
	}
	if f.Actor != "" {
		q, args = q+` AND actor = ?`, append(args, f.Actor)
	}
	if p, ok := strings.CutSuffix(f.Action, "*"); ok {
		q, args = q+` AND starts_with(action, ?)`, append(args, p)
	} else if f.Action != "" {
		q, args = q+` AND action = ?`, append(args, f.Action)
	}
	if !f.Since.IsZero() {
		q, args = q+` AND at_ns >= ?`, append(args, f.Since.UnixNano())
	}
	if !f.Until.IsZero() {
		q, args = q+` AND at_ns < ?`, append(args, f.Until.UnixNano())
	}
	q, args = q+` ORDER BY position DESC LIMIT ? OFFSET ?`, append(args, f.Limit+1, f.Offset)
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return audit.Page{}, fmt.Errorf("store: query audit: %w", err)
	}
	found, err := collect(rows, "query audit", func(r *sql.Rows) (audit.Entry, error) {
		var line string
		var e audit.Entry
		if err := r.Scan(&line); err != nil {
			return e, err
		}
		return e, json.Unmarshal([]byte(line), &e)
	})
	if err != nil {
		return audit.Page{}, err
	}
	p := audit.Page{Entries: found, HasMore: len(found) > f.Limit}
	if p.HasMore {
		p.Entries = found[:f.Limit]
	}
	return p, nil
}
