// Package txaudit writes the audit entries of transaction writes through a
// transactional outbox, so a write costs one disk flush instead of two: the
// entry is committed in the user database with the change
// (store.WithPendingAudit), its line is appended after the commit's flush
// without an fsync of its own (audit.Log.AppendDeferred), and the pending
// row is deleted once the line is on the disk. Pending rows whose line a
// power cut took are appended at the next start (Open). docs/audit.md,
// "No acknowledged change without its entry", describes the guarantees.
package txaudit

import (
	"context"
	"errors"
	"log/slog"
	"maps"
	"path/filepath"
	"time"

	"github.com/fortfolio/fortfolio/server/audit"
	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/server/store"
)

// RefKey is the details key of an audit line written through the outbox:
// "<user id>:<pending ref>", unique, so recovery appends a pending entry
// only when its line is missing.
const RefKey = "outbox"

// RecoveredKey marks (value "1") a line appended at start from a pending
// entry whose line was lost; AtKey then holds the commit time (RFC 3339).
const (
	RecoveredKey = "recovered"
	AtKey        = "at"
)

// Writer is the outbox of one data directory's transaction writes.
type Writer struct {
	log   *audit.Log
	st    *store.Store
	dir   string // DATA/audit
	users *registry
	del   *deleter
}

// Open recovers the pending entries a previous run left (appending those
// whose line is missing from the log, then deleting them) and returns the
// writer. It returns nil, nil when the store keeps no pending entries
// (PostgreSQL): transaction writes then keep the synchronous append.
func Open(ctx context.Context, dataDir string, log *audit.Log, st *store.Store) (*Writer, error) {
	if !st.PendingAuditSupported() {
		return nil, nil
	}
	dir := filepath.Join(dataDir, "audit")
	reg, err := openRegistry(dir)
	if err != nil {
		return nil, err
	}
	w := &Writer{log: log, st: st, dir: dir, users: reg}
	if err := w.recover(ctx, dataDir); err != nil {
		_ = reg.close()
		return nil, err
	}
	w.del = newDeleter(st)
	return w, nil
}

// Begin prepares a transaction write of user uid audited as e: the
// returned context makes the store commit the entry with the write, into
// the returned pending entry. The first write of a user in this process
// records the user as one whose database may hold pending entries
// (fsynced), so recovery knows where to look.
func (w *Writer) Begin(ctx context.Context, uid string, e audit.Entry) (context.Context, *store.PendingAudit, error) {
	if err := w.users.add(uid); err != nil {
		return ctx, nil, err
	}
	p := &store.PendingAudit{Entry: e}
	return store.WithPendingAudit(ctx, p), p, nil
}

// Commit appends the line of p, whose write committed and was flushed,
// without waiting for an fsync; the pending entry is deleted once the line
// is on the disk. A failure leaves the pending entry for recovery at the
// next start. Should the write have committed no pending entry, the line
// is appended and fsynced as by audit.Log.Append.
func (w *Writer) Commit(ctx context.Context, uid string, p *store.PendingAudit) error {
	if p.Ref == "" { // no pending entry was committed (a path without the outbox): wait for the disk
		return w.log.Append(ctx, p.Entry)
	}
	e := p.Entry
	e.Details = maps.Clone(e.Details)
	if e.Details == nil {
		e.Details = map[string]string{}
	}
	e.Details[RefKey] = uid + ":" + p.Ref
	ref := p.Ref
	return w.log.AppendDeferred(ctx, e, func() { w.del.add(uid, ref) })
}

// Sync makes every line written so far durable and deletes the pending
// entries they cover; account deletion calls it first, so no entry of
// the account depends on its database any more.
func (w *Writer) Sync(ctx context.Context) error {
	err := w.log.Sync(ctx)
	return errors.Join(err, w.del.drain(ctx, false))
}

// Close drains the outbox (at shutdown, when no request runs): every line
// is fsynced, every pending entry it covers deleted with a flushed commit,
// and the list of users with pending entries cleared.
func (w *Writer) Close() error {
	ctx := context.Background()
	err := w.log.Sync(ctx)
	w.del.stop()
	if err == nil {
		err = w.del.drain(ctx, true)
	}
	if err == nil {
		err = w.flushUsers(ctx)
	}
	if err == nil {
		err = w.users.clear()
	}
	return errors.Join(err, w.users.close())
}

// flushUsers flushes every registered user's database, so no pending
// entry deleted without a flush comes back after the list is cleared.
func (w *Writer) flushUsers(ctx context.Context) error {
	var errs []error
	for _, uid := range w.users.list() {
		if err := w.st.DeleteAuditPending(ctx, uid, nil, true); err != nil && !gone(err) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// recoveredEntry is the line of a pending entry whose line was lost.
func recoveredEntry(uid string, p store.PendingAudit) audit.Entry {
	e := p.Entry
	e.Details = maps.Clone(e.Details)
	if e.Details == nil {
		e.Details = map[string]string{}
	}
	e.Details[RefKey] = uid + ":" + p.Ref
	e.Details[RecoveredKey] = "1"
	e.Details[AtKey] = p.At.Format(time.RFC3339Nano)
	return e
}

// logFailure reports a failed deletion: the entries stay pending and are
// found (with their lines) by the next recovery.
func logFailure(uid string, err error) {
	slog.Warn("audit outbox: pending entries not deleted; the next start removes them", slog.String("user", uid), slog.Any("error", err))
}

// gone reports a user whose database no longer exists (a deleted
// account): its pending entries went with it.
func gone(err error) bool {
	return errors.Is(err, model.ErrNotFound) || errors.Is(err, model.ErrUserDataMissing)
}
