package platform

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"

	"github.com/fortfolio/fortfolio/server/audit"
	"github.com/fortfolio/fortfolio/server/backup"
	"github.com/fortfolio/fortfolio/server/store"
)

// OpenAudit opens the audit log of a data directory, keyed when key is
// set, recording every new chain head as a checkpoint in the accounts
// database. On PostgreSQL every written line is also inserted into the
// shared audit table (store.AuditOutbox). The server and the CLI commands
// open it the same way; extra options follow (tests).
func OpenAudit(ctx context.Context, dataDir string, key *audit.Key, st *store.Store, extra ...audit.Option) (*audit.Log, error) {
	save := func(ctx context.Context, cp audit.Checkpoint) {
		if err := st.SaveAuditCheckpoint(ctx, cp); err != nil {
			slog.WarnContext(ctx, "audit checkpoint not saved", slog.Any("error", err))
		}
	}
	opts := []audit.Option{audit.WithKey(key), audit.WithCheckpoints(save)}
	if o := st.AuditOutbox(); o != nil {
		opts = append(opts, audit.WithOutbox(o))
	}
	opts = append(opts, extra...)
	l, err := audit.Open(ctx, filepath.Join(dataDir, "audit"), opts...)
	if err != nil {
		return nil, fmt.Errorf("platform: audit log: %w", err)
	}
	if key == nil {
		slog.WarnContext(ctx, "audit log is not authenticated: set FORTFOLIO_AUDIT_KEY or --audit-key-file (a key kept outside the data directory)")
	}
	return l, nil
}

// AuditCheckpoints gathers every checkpoint kept outside the log: the
// accounts database (when st is set) and the manifest of every backup.
func AuditCheckpoints(ctx context.Context, dataDir string, st *store.Store) ([]audit.Checkpoint, error) {
	var out []audit.Checkpoint
	if st != nil {
		cp, ok, err := st.AuditCheckpoint(ctx)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, cp)
		}
	}
	cps, err := backup.AuditCheckpoints(ctx, filepath.Join(dataDir, "backups"))
	if err != nil {
		return nil, err
	}
	return append(out, cps...), nil
}

// VerifyAudit verifies the audit log against the key and every checkpoint
// found; an empty log while accounts exist is broken.
func VerifyAudit(ctx context.Context, dataDir string, key *audit.Key, st *store.Store) (audit.Result, error) {
	cps, err := AuditCheckpoints(ctx, dataDir, st)
	if err != nil {
		return audit.Result{}, err
	}
	o := audit.VerifyOptions{Key: key, Checkpoints: cps}
	if st != nil {
		if o.AccountsExist, err = st.HasAccounts(ctx); err != nil {
			return audit.Result{}, err
		}
	}
	res, err := audit.VerifyWith(ctx, filepath.Join(dataDir, "audit"), o)
	if err != nil && !errors.Is(err, context.Canceled) {
		return res, fmt.Errorf("platform: verify audit: %w", err)
	}
	return res, err
}

// QueryAuditFunc returns how the admin panel reads the audit log: the
// shared table of every node on PostgreSQL, the data directory's files on
// SQLite.
func QueryAuditFunc(dataDir string, st *store.Store) func(context.Context, audit.Filter) (audit.Page, error) {
	if st.AuditOutbox() != nil {
		return st.QueryAudit
	}
	dir := filepath.Join(dataDir, "audit")
	return func(ctx context.Context, f audit.Filter) (audit.Page, error) { return audit.Query(ctx, dir, f) }
}

// VerifyAuditFunc returns the admin panel's verification: the shared
// table of every node on PostgreSQL (each node's files are its own
// witness, checked by fortfolio audit verify), the log against every
// checkpoint on SQLite.
func VerifyAuditFunc(dataDir string, key *audit.Key, st *store.Store) func(context.Context) (audit.Result, error) {
	if st.AuditOutbox() != nil {
		return func(ctx context.Context) (audit.Result, error) { return st.VerifyAuditTable(ctx, key) }
	}
	return func(ctx context.Context) (audit.Result, error) { return VerifyAudit(ctx, dataDir, key, st) }
}
