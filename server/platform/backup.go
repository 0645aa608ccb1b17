package platform

import (
	"context"
	"log/slog"
	"path/filepath"
	"strconv"
	"time"

	"github.com/fortfolio/fortfolio/server/audit"
	"github.com/fortfolio/fortfolio/server/backup"
	"github.com/fortfolio/fortfolio/server/config"
	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/server/store"
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
	s := backup.NewScheduler(backup.Options{DataDir: cfg.DataDir, BackupDir: filepath.Join(cfg.DataDir, "backups"),
		AuditKey: p.AuditKey, Database: cfg.BackupDatabase()},
		func(ctx context.Context, info backup.Info, err error) { recordBackup(ctx, rec, info, err) })
	s.At = at
	s.Claim, s.Release = backupClaims(p.Store)
	go func() {
		if err := s.Run(ctx); err != nil {
			slog.Error("backup scheduler stopped", slog.Any("error", err))
		}
	}()
}

// backupJob names the nightly backup among the scheduled runs.
const backupJob = "backup"

// backupClaims claims each day's nightly backup in the store, so nodes
// sharing a PostgreSQL database back it up once a day, not once each.
func backupClaims(st *store.Store) (claim func(context.Context, string) (bool, error), release func(context.Context, string)) {
	claim = func(ctx context.Context, day string) (bool, error) {
		return st.ClaimRun(ctx, backupJob, day, time.Now())
	}
	release = func(ctx context.Context, day string) {
		if err := st.ReleaseRun(ctx, backupJob, day); err != nil {
			slog.WarnContext(ctx, "backup: release the nightly run", slog.Any("error", err))
		}
	}
	return claim, release
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
