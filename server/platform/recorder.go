package platform

import (
	"context"
	"log/slog"

	"github.com/fortfolio/fortfolio/server/audit"
	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/server/reqctx"
	"github.com/fortfolio/fortfolio/server/store"
)

// recorder writes audit entries to the hash-chained log and security
// events to the accounts database. Failures are logged, never fatal for the
// request that caused them.
type recorder struct {
	log   *audit.Log
	store *store.Store
}

// Audit appends e (audit.Log.Append is never cancelled by ctx, so an entry
// is written even when its client went away). A failure is also an
// "audit_failure" security event, so admins learn of a gap in the log.
func (r recorder) Audit(ctx context.Context, e audit.Entry) {
	if err := r.log.Append(ctx, e); err != nil {
		slog.Error("audit append failed", slog.String("action", e.Action), slog.Any("error", err))
		r.Event(ctx, model.SecurityEvent{Kind: "audit_failure", UserID: e.Actor, IP: e.IP,
			Detail: "audit entry " + e.Action + " not written: " + err.Error()})
	}
}

func (r recorder) Event(ctx context.Context, e model.SecurityEvent) {
	if e.RequestID == "" {
		if id := reqctx.RequestID(ctx); id != "-" {
			e.RequestID = id
		}
	}
	if err := r.store.AddSecurityEvent(context.WithoutCancel(ctx), e); err != nil {
		slog.Error("security event failed", slog.String("kind", e.Kind), slog.Any("error", err))
	}
}
