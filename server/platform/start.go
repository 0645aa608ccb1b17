package platform

import (
	"context"
	"time"

	"github.com/fortfolio/fortfolio/server/config"
)

// Start launches the background work of a serving platform: purging
// expired revoked tokens and the nightly backup. It stops with ctx.
func (p *Platform) Start(ctx context.Context, cfg config.Config) {
	go p.Auth.PurgeLoop(ctx, time.Hour)
	p.startBackups(ctx, cfg)
	go p.Stats.Run(ctx, 10*time.Minute)
}
