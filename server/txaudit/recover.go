package txaudit

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/fortfolio/fortfolio/server/audit"
	"github.com/fortfolio/fortfolio/server/store"
	"github.com/fortfolio/fortfolio/shared/validate"
)

// scanSlack is how far before the oldest pending entry the log is searched
// for their lines (an entry's line is written after its commit).
const scanSlack = 24 * time.Hour

// recover appends the line of every pending entry the log lacks (a power
// cut took its unsynced tail; a killed process leaves its lines in the
// page cache, so they are found), deletes the pending entries with a
// flushed commit and clears the list of users. A user whose database
// cannot be read stays on the list for the next start.
func (w *Writer) recover(ctx context.Context, dataDir string) error {
	ids, all, err := w.users.recorded()
	if err != nil {
		return err
	}
	if all {
		if ids, err = userDirs(dataDir); err != nil {
			return err
		}
	}
	pending, failed := w.readPending(ctx, ids)
	if err := w.recoverPending(ctx, pending); err != nil {
		return err
	}
	if err := w.users.clear(); err != nil {
		return err
	}
	for _, uid := range failed {
		if err := w.users.add(uid); err != nil {
			return err
		}
	}
	return nil
}

// readPending reads the pending entries of ids; failed lists the users
// whose database could not be read.
func (w *Writer) readPending(ctx context.Context, ids []string) (map[string][]store.PendingAudit, []string) {
	pending := map[string][]store.PendingAudit{}
	var failed []string
	for _, uid := range ids {
		ps, err := w.st.AuditPending(ctx, uid)
		switch {
		case gone(err):
		case err != nil:
			slog.WarnContext(ctx, "audit outbox: pending entries not readable; retried at the next start", slog.String("user", uid), slog.Any("error", err))
			failed = append(failed, uid)
		case len(ps) > 0:
			pending[uid] = ps
		}
	}
	return pending, failed
}

// recoverPending appends the missing lines, oldest user entry first per
// user, then deletes the entries.
func (w *Writer) recoverPending(ctx context.Context, pending map[string][]store.PendingAudit) error {
	if len(pending) == 0 {
		return nil
	}
	oldest := time.Now()
	for _, ps := range pending {
		if ps[0].At.Before(oldest) {
			oldest = ps[0].At
		}
	}
	present, err := audit.DetailValues(ctx, w.dir, RefKey, oldest.Add(-scanSlack))
	if err != nil {
		return err
	}
	appended, found := 0, 0
	for _, uid := range sortedKeys(pending) {
		refs := make([]string, 0, len(pending[uid]))
		for _, p := range pending[uid] {
			refs = append(refs, p.Ref)
			if present[uid+":"+p.Ref] {
				found++
				continue
			}
			if err := w.log.Append(ctx, recoveredEntry(uid, p)); err != nil {
				return fmt.Errorf("txaudit: recover entry: %w", err)
			}
			appended++
		}
		if err := w.st.DeleteAuditPending(ctx, uid, refs, true); err != nil {
			return err
		}
	}
	slog.InfoContext(ctx, "audit outbox: pending entries recovered", slog.Int("appended", appended), slog.Int("already_logged", found))
	return nil
}

// userDirs lists the users with a portfolio database.
func userDirs(dataDir string) ([]string, error) {
	ents, err := os.ReadDir(filepath.Join(dataDir, "users"))
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("txaudit: list users: %w", err)
	}
	var ids []string
	for _, e := range ents {
		if !e.IsDir() || validate.ID(e.Name()) != nil {
			continue
		}
		if _, err := os.Stat(filepath.Join(dataDir, "users", e.Name(), "portfolio.db")); err == nil {
			ids = append(ids, e.Name())
		}
	}
	return ids, nil
}

func sortedKeys(m map[string][]store.PendingAudit) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
