package api

import (
	"context"
	"errors"
	"net/http"
	"path/filepath"
	"strconv"
	"time"

	"github.com/fortfolio/fortfolio/server/audit"
	"github.com/fortfolio/fortfolio/server/backup"
	"github.com/fortfolio/fortfolio/server/httpx"
	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// BackupTimeout bounds a "back up now" request; it stays below the
// server's write timeout so the admin always gets an answer.
const BackupTimeout = 50 * time.Second

// backupOptions backs up the data directory into DATA/backups, the
// directory the nightly scheduler uses.
func (h *Handlers) backupOptions() backup.Options {
	return backup.Options{DataDir: h.Store.DataDir(), BackupDir: filepath.Join(h.Store.DataDir(), "backups"), Now: h.Now, AuditKey: h.AuditKey,
		Database: h.BackupDatabase}
}

func (h *Handlers) adminListBackups(w http.ResponseWriter, r *http.Request) error {
	list, err := backup.List(r.Context(), h.backupOptions().BackupDir)
	if err != nil {
		return err
	}
	now := h.now()
	out := wire.BackupList{Backups: make([]wire.Backup, 0, len(list))}
	for _, b := range list {
		out.Backups = append(out.Backups, wire.Backup{Name: b.Name, Size: b.Size, CreatedAt: b.Created,
			AgeSeconds: int64(now.Sub(b.Created) / time.Second), Files: b.Files})
	}
	if out.LastSuccess, err = h.lastAudit(r.Context(), audit.ActionBackupRun); err == nil {
		out.LastFailure, err = h.lastAudit(r.Context(), audit.ActionBackupFailure)
	}
	if err != nil {
		return err
	}
	httpx.JSON(w, r, http.StatusOK, out)
	return nil
}

// lastAudit returns the time of the newest audit entry with action, so
// backup outcomes survive restarts (the scheduler audits each run).
func (h *Handlers) lastAudit(ctx context.Context, action string) (*time.Time, error) {
	p, err := audit.Query(ctx, h.auditDir(), audit.Filter{Action: action, Limit: 1})
	if err != nil || len(p.Entries) == 0 {
		return nil, err
	}
	t := p.Entries[0].TS
	return &t, nil
}

func (h *Handlers) adminRunBackup(w http.ResponseWriter, r *http.Request) error {
	ctx, cancel := context.WithTimeout(r.Context(), BackupTimeout)
	defer cancel()
	info, err := backup.Run(ctx, h.backupOptions())
	if errors.Is(err, backup.ErrExists) {
		return err
	}
	if err != nil {
		h.Audit(r, audit.ActionBackupFailure, "", map[string]string{"trigger": "admin"})
		h.Record.Event(r.Context(), model.SecurityEvent{Kind: "backup_failure", UserID: currentUser(r).ID, IP: h.ClientIP(r), Detail: "manual backup failed"})
		return err
	}
	h.Audit(r, audit.ActionBackupRun, info.Name, map[string]string{"trigger": "admin", "size": strconv.FormatInt(info.Size, 10)})
	httpx.JSON(w, r, http.StatusCreated, wire.Backup{Name: info.Name, Size: info.Size, CreatedAt: info.Created, Files: info.Files})
	return nil
}
