// Package alerts evaluates users' alert rules against the market data and
// the portfolio analytics, and delivers what fires through the in-app
// inbox, e-mail, Telegram and Web Push, within per-user and global send
// limits. It also computes the daily surge reports. Every send, failure
// and channel link is audited; a failed evaluation is a security event.
package alerts

import (
	"context"
	"log/slog"
	"time"

	"github.com/fortfolio/fortfolio/server/audit"
	"github.com/fortfolio/fortfolio/server/mailer"
	"github.com/fortfolio/fortfolio/server/market"
	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/server/portfolioanalytics"
	"github.com/fortfolio/fortfolio/server/store"
)

// Recorder writes audit entries and security events (the platform recorder).
type Recorder interface {
	Audit(ctx context.Context, e audit.Entry)
	Event(ctx context.Context, e model.SecurityEvent)
}

// Config wires a Service.
type Config struct {
	Store  *store.Store
	Market market.Provider
	// Splits is the market data's split book (the analytics' own).
	Splits *market.SplitBook
	Record Recorder
	// Mail sends the e-mail channel (nil or disabled: no e-mail).
	Mail *mailer.Mailer
	// Telegram is the bot (nil: no Telegram channel).
	Telegram *Telegram
	// Push sends Web Push (nil: no push channel).
	Push *Push
	// Limits bounds what is sent (DefaultLimits when zero).
	Limits Limits
	// BaseURL ("https://host") makes the links of e-mail and Telegram
	// messages absolute; empty leaves app paths.
	BaseURL string
	// Forecast answers the forecast_move rules (nil: they have no data).
	Forecast Forecaster
	// Logger is slog.Default() when nil.
	Logger *slog.Logger
	Now    func() time.Time
}

// Service evaluates rules and delivers alerts.
type Service struct {
	cfg    Config
	src    portfolioanalytics.Source
	limits *limiter
	log    *slog.Logger
}

// New returns a Service.
func New(cfg Config) *Service {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Limits == (Limits{}) {
		cfg.Limits = DefaultLimits()
	}
	return &Service{cfg: cfg, src: portfolioanalytics.Source{Market: cfg.Market, Splits: cfg.Splits},
		limits: newLimiter(cfg.Limits, cfg.Now), log: cfg.Logger}
}

// Telegram returns the bot, or nil when Telegram is not configured.
func (s *Service) Telegram() *Telegram { return s.cfg.Telegram }

// Push returns the Web Push sender, or nil.
func (s *Service) Push() *Push { return s.cfg.Push }

// EmailEnabled reports whether the e-mail channel is configured.
func (s *Service) EmailEnabled() bool { return s.cfg.Mail.Enabled() }

// audit records one entry with the system or the user as actor.
func (s *Service) audit(ctx context.Context, actor, action, target string, details map[string]string) {
	if s.cfg.Record != nil {
		s.cfg.Record.Audit(ctx, audit.Entry{Actor: actor, Action: action, Target: target, Details: details})
	}
}

// event records a security/ops event.
func (s *Service) event(ctx context.Context, kind, userID, detail string) {
	if s.cfg.Record != nil {
		s.cfg.Record.Event(ctx, model.SecurityEvent{Kind: kind, UserID: userID, Detail: detail, At: s.cfg.Now()})
	}
}
