package platform

import (
	"context"
	"fmt"

	"github.com/fortfolio/fortfolio/server/alerts"
	"github.com/fortfolio/fortfolio/server/config"
	"github.com/fortfolio/fortfolio/server/portfolioanalytics"
)

// buildAlerts wires the alert service: Telegram when TELEGRAM_BOT_TOKEN is
// set, Web Push with the VAPID keys of DATA/vapid.json (generated on
// first run), e-mail through the notice mailer. Links in messages are
// absolute when the server has a public host name.
func buildAlerts(cfg config.Config, o Options, p *Platform, src portfolioanalytics.Source, rec recorder, fc alerts.Forecaster) (*alerts.Service, error) {
	tg, err := alerts.NewTelegram(cfg.Alerts.TelegramToken, cfg.Alerts.TelegramBaseURL)
	if err != nil {
		return nil, fmt.Errorf("platform: %w", err)
	}
	base := ""
	if h := cfg.PublicHost(); h != "" {
		base = "https://" + h
	}
	subject := cfg.Alerts.PushSubject
	switch {
	case subject == "" && base != "":
		subject = base
	case subject == "":
		subject = "mailto:fortfolio@localhost" // development: no public host
	}
	push, err := alerts.NewPush(cfg.DataDir, subject, o.PushAllowPrivate)
	if err != nil {
		return nil, fmt.Errorf("platform: %w", err)
	}
	return alerts.New(alerts.Config{Store: p.Store, Market: src.Market, Splits: src.Splits, Record: rec, Mail: p.Mail,
		Telegram: tg, Push: push, Limits: o.AlertLimits, BaseURL: base, Now: o.Now, Forecast: fc}), nil
}

// startAlerts runs the scheduled evaluation and the Telegram update loop.
func (p *Platform) startAlerts(ctx context.Context) {
	go p.Alerts.Run(ctx, alerts.DefaultSchedule())
	go p.Alerts.PollTelegram(ctx)
}
