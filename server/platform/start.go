//go:build !js

package platform

import (
	"context"
	"time"

	"github.com/fortfolio/fortfolio/server/config"
)

// Start launches the background work of a serving platform: purging
// expired revoked tokens. It stops with ctx.
func (p *Platform) Start(ctx context.Context, cfg config.Config) {
	go p.Auth.PurgeLoop(ctx, time.Hour)
}
