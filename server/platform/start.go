package platform

import (
	"context"
	"log/slog"
	"time"

	"github.com/fortfolio/fortfolio/server/config"
)

// Start launches the background work of a serving platform: purging
// expired revoked tokens, the nightly backup, usage statistics, the
// daily audit checkpoint, the alert evaluation and the Telegram bot. It
// stops with ctx.
func (p *Platform) Start(ctx context.Context, cfg config.Config) {
	go p.Auth.PurgeLoop(ctx, time.Hour)
	p.startBackups(ctx, cfg)
	go p.Stats.Run(ctx, 10*time.Minute)
	go p.closeAuditDays(ctx, 10*time.Minute)
	p.startAlerts(ctx)
}

// closeAuditDays closes each finished audit day file with a signed
// checkpoint, also on days without entries after it.
func (p *Platform) closeAuditDays(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := p.Audit.CloseDay(ctx); err != nil {
				slog.WarnContext(ctx, "audit: daily checkpoint failed", slog.Any("error", err))
			}
		}
	}
}
