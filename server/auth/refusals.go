package auth

import (
	"context"

	"github.com/fortfolio/fortfolio/server/audit"
	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/server/refusal"
)

// inlineRefusals records each refusal at once through a Recorder, for
// services built without an aggregator (tools and tests).
type inlineRefusals struct{ record Recorder }

func (r inlineRefusals) Add(x refusal.Refusal) {
	ctx := context.Background()
	r.record.Event(ctx, model.SecurityEvent{Kind: x.Kind, UserID: x.UserID, IP: x.IP, Detail: x.Detail, Count: 1})
	r.record.Audit(ctx, audit.Entry{IP: x.IP, Action: audit.ActionRateLimitHit, Target: x.UserID,
		Details: map[string]string{"kind": x.Kind, "reason": x.Detail, "count": "1", "username": x.Username}})
}

func (inlineRefusals) SettleLogins(_ string, stored func() (int, error)) (int, error) {
	return stored()
}
