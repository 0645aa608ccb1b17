package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/fortfolio/fortfolio/server/audit"
)

// auditPendingSchema is the transactional outbox of a SQLite user
// database: the audit entry of a transaction write, committed in the same
// transaction as the change, kept until its line is on the disk in the
// audit log (docs/audit.md, "No acknowledged change without its entry").
// ref is random and never reused (the line's outbox reference); at is the
// commit time in Unix nanoseconds; details is a JSON object of strings.
const auditPendingSchema = `CREATE TABLE audit_pending (
		ref TEXT PRIMARY KEY,
		at INTEGER NOT NULL,
		actor TEXT NOT NULL,
		ip TEXT NOT NULL,
		action TEXT NOT NULL,
		target TEXT NOT NULL,
		details TEXT NOT NULL
	) WITHOUT ROWID;`

// PendingAudit is an audit entry committed with the change it records.
type PendingAudit struct {
	// Ref is assigned by the store when the entry is written: random and
	// unique, it names the entry in its audit line (OutboxRef).
	Ref string
	// At is the commit time, assigned by the store.
	At time.Time
	// Entry is the entry to append: Actor, IP, Action, Target, Details.
	Entry audit.Entry
}

type pendingKey struct{}

// WithPendingAudit returns a context whose transaction write
// (AddTransactions, UpdateTransaction, DeleteTransaction) on a SQLite user
// database also inserts p in its database transaction, so the entry is
// committed exactly when the change is (and a refused or rolled-back
// write leaves none). AddTransactions sets p.Entry.Details["transaction"]
// to the id of its first new transaction. Only for a store whose
// PendingAuditSupported is true.
func WithPendingAudit(ctx context.Context, p *PendingAudit) context.Context {
	return context.WithValue(ctx, pendingKey{}, p)
}

// PendingAuditSupported reports whether user databases hold pending audit
// entries (SQLite; PostgreSQL keeps the synchronous audit append).
func (s *Store) PendingAuditSupported() bool { return s.users.shared == nil }

func pendingFrom(ctx context.Context) *PendingAudit {
	p, _ := ctx.Value(pendingKey{}).(*PendingAudit)
	return p
}

const insertPendingSQL = `INSERT INTO audit_pending (ref, at, actor, ip, action, target, details) VALUES (?, ?, ?, ?, ?, ?, ?)`

// insertPending writes the context's pending entry, if any, in q's
// transaction; added names the transaction an append created.
func insertPending(ctx, reqCtx context.Context, q txStmts, added string) error {
	p := pendingFrom(reqCtx)
	if p == nil {
		return nil
	}
	if added != "" {
		if p.Entry.Details == nil {
			p.Entry.Details = map[string]string{}
		}
		p.Entry.Details["transaction"] = added
	}
	details, err := json.Marshal(p.Entry.Details)
	if err != nil {
		return fmt.Errorf("store: pending audit entry: %w", err)
	}
	p.Ref, p.At = NewID(), time.Now().UTC()
	e := p.Entry
	if _, err := q.ExecContext(ctx, insertPendingSQL, p.Ref, p.At.UnixNano(), e.Actor, e.IP, e.Action, e.Target, string(details)); err != nil {
		return fmt.Errorf("store: pending audit entry: %w", err)
	}
	return nil
}

// AuditPending returns the user's pending audit entries, oldest first.
func (s *Store) AuditPending(ctx context.Context, userID string) ([]PendingAudit, error) {
	db, done, err := s.userDB(ctx, userID)
	if err != nil {
		return nil, err
	}
	defer done()
	rows, err := db.QueryContext(ctx, `SELECT ref, at, actor, ip, action, target, details FROM audit_pending ORDER BY at, ref`)
	if err != nil {
		return nil, fmt.Errorf("store: pending audit entries: %w", err)
	}
	return collect(rows, "pending audit entries", func(r *sql.Rows) (PendingAudit, error) {
		var p PendingAudit
		var at int64
		var details string
		if err := r.Scan(&p.Ref, &at, &p.Entry.Actor, &p.Entry.IP, &p.Entry.Action, &p.Entry.Target, &details); err != nil {
			return p, err
		}
		p.At = time.Unix(0, at).UTC()
		return p, json.Unmarshal([]byte(details), &p.Entry.Details)
	})
}

// DeleteAuditPending removes the user's pending entries refs (their lines
// are on the disk). No user data changes, so cached reads of the
// database stay valid. With durable unset the commit is not flushed (the
// next write's flush covers it; a power cut can only bring back entries
// whose lines recovery then finds).
//
// Durable and without refs, it only flushes what earlier deletions left
// unflushed.
func (s *Store) DeleteAuditPending(ctx context.Context, userID string, refs []string, durable bool) error {
	if len(refs) == 0 && !durable {
		return nil
	}
	if !durable {
		ctx = context.WithValue(ctx, noFlushKey{}, true)
	}
	ctx = context.WithValue(ctx, auditOnlyKey{}, true)
	db, done, err := s.userWriteDB(ctx, userID)
	if err != nil {
		return err
	}
	defer done()
	for len(refs) > 0 {
		n := min(len(refs), pendingChunk)
		args := make([]any, n)
		for i, r := range refs[:n] {
			args[i] = r
		}
		q := `DELETE FROM audit_pending WHERE ref IN (?` + strings.Repeat(", ?", n-1) + `)`
		if _, err := db.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("store: delete pending audit entries: %w", err)
		}
		refs = refs[n:]
	}
	return nil
}

// pendingChunk is how many entries one delete statement names at most.
const pendingChunk = 500

// noFlushKey marks a write whose commit need not be flushed before it
// returns (DeleteAuditPending).
type noFlushKey struct{}

// auditOnlyKey marks a write that changes no user data, only pending
// audit entries (DeleteAuditPending): cached reads outlive it.
type auditOnlyKey struct{}
