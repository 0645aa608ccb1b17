package platform

import (
	"context"
	"fmt"

	"github.com/fortfolio/fortfolio/server/alerts"
	"github.com/fortfolio/fortfolio/server/config"
	"github.com/fortfolio/fortfolio/server/market"
)

// buildAlerts wires the alert service: Telegram when TELEGRAM_BOT_TOKEN is
// set, Web Push with the VAPID keys of DATA/vapid.json (generated on
// first run), e-mail through the notice mailer.
func buildAlerts(cfg config.Config, o Options, p *Platform, prices market.Provider, rec recorder, fc alerts.Forecaster) (*alerts.Service, error) {
	tg, err := alerts.NewTelegram(cfg.Alerts.TelegramToken, cfg.Alerts.TelegramBaseURL)
	if err != nil {
		return nil, fmt.Errorf("platform: %w", err)
	}
	subject := cfg.Alerts.PushSubject
	if subject == "" {
		subject = "https://" + cfg.PublicHost()
	}
	push, err := alerts.NewPush(cfg.DataDir, subject, o.PushAllowPrivate)
	if err != nil {
		return nil, fmt.Errorf("platform: %w", err)
	}
	c := alerts.Config{Store: p.Store, Market: prices, Record: rec, Mail: p.Mail, Push: push, Limits: o.AlertLimits, Now: o.Now, Forecast: fc}
	if tg != nil {
		c.Telegram = tg
	}
	return alerts.New(c), nil
}

// startAlerts runs the scheduled evaluation and the Telegram update loop.
func (p *Platform) startAlerts(ctx context.Context) {
	go p.Alerts.Run(ctx, alerts.DefaultSchedule())
	go p.Alerts.PollTelegram(ctx)
}
