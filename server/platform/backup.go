package platform

import (
	"context"
	"log/slog"
	"path/filepath"
	"strconv"

	"github.com/fortfolio/fortfolio/server/audit"
	"github.com/fortfolio/fortfolio/server/backup"
	"github.com/fortfolio/fortfolio/server/config"
	"github.com/fortfolio/fortfolio/server/model"
)

// systemActor is the audit actor of scheduled work.
const systemActor = "system"

// startBackups runs the nightly backup scheduler at cfg.BackupAt UTC until
// ctx ends. Each run is audited; a failure is also a security event.
func (p *Platform) startBackups(ctx context.Context, cfg config.Config) {
	at, err := backup.ParseTimeOfDay(cfg.BackupAt)
	if err != nil {
		slog.Error("backup schedule invalid; using 03:00 UTC", slog.Any("error", err))
		at = backup.DefaultAt
	}
	rec := recorder{log: p.Audit, store: p.Store}
	s := backup.NewScheduler(backup.Options{DataDir: cfg.DataDir, BackupDir: filepath.Join(cfg.DataDir, "backups"), AuditKey: p.AuditKey},
		func(ctx context.Context, info backup.Info, err error) { recordBackup(ctx, rec, info, err) })
	s.At = at
	go func() {
		if err := s.Run(ctx); err != nil {
			slog.Error("backup scheduler stopped", slog.Any("error", err))
		}
	}()
}

// recordBackup audits a scheduled run. A run whose archive was written but
// whose pruning failed is audited as a success and reported as an event.
func recordBackup(ctx context.Context, rec recorder, info backup.Info, err error) {
	if info.Name != "" {
		rec.Audit(ctx, audit.Entry{Actor: systemActor, Action: audit.ActionBackupRun, Target: info.Name,
			Details: map[string]string{"trigger": "schedule", "size": strconv.FormatInt(info.Size, 10)}})
	}
	if err == nil {
		return
	}
	slog.Error("scheduled backup failed", slog.Any("error", err))
	if info.Name == "" {
		rec.Audit(ctx, audit.Entry{Actor: systemActor, Action: audit.ActionBackupFailure, Details: map[string]string{"trigger": "schedule"}})
	}
	rec.Event(ctx, model.SecurityEvent{Kind: "backup_failure", Detail: "scheduled backup: " + err.Error()})
}
