// Package platform builds a running Fortfolio from a configuration: stores,
// audit log, services, limiters and the HTTP handler. The serve command and
// the end-to-end tests use the same wiring.
package platform

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/netip"
	"path/filepath"
	"time"

	ui "github.com/fortfolio/fortfolio/app"
	"github.com/fortfolio/fortfolio/server/alerts"
	"github.com/fortfolio/fortfolio/server/api"
	"github.com/fortfolio/fortfolio/server/assets"
	"github.com/fortfolio/fortfolio/server/audit"
	"github.com/fortfolio/fortfolio/server/auth"
	"github.com/fortfolio/fortfolio/server/backup"
	"github.com/fortfolio/fortfolio/server/config"
	"github.com/fortfolio/fortfolio/server/forecast"
	"github.com/fortfolio/fortfolio/server/jobs"
	"github.com/fortfolio/fortfolio/server/ledger"
	"github.com/fortfolio/fortfolio/server/mailer"
	"github.com/fortfolio/fortfolio/server/market"
	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/server/portfolioanalytics"
	"github.com/fortfolio/fortfolio/server/ratelimit"
	"github.com/fortfolio/fortfolio/server/refusal"
	"github.com/fortfolio/fortfolio/server/router"
	"github.com/fortfolio/fortfolio/server/secstatus"
	"github.com/fortfolio/fortfolio/server/shell"
	"github.com/fortfolio/fortfolio/server/stats"
	"github.com/fortfolio/fortfolio/server/store"
	"github.com/fortfolio/fortfolio/server/txaudit"
	"github.com/fortfolio/fortfolio/web"
)

// jobsCloseGrace is the time the jobs get at shutdown to stop and go back
// to the shared queue: after the HTTP server's drain (config ShutdownGrace,
// 10 s) and with the forecast's 5 s, still within the systemd unit's
// TimeoutStopSec=30s.
const jobsCloseGrace = 10 * time.Second

// Options tune a platform for tests; production uses the zero value.
type Options struct {
	// BcryptCost overrides auth.BcryptCost (tests use bcrypt.MinCost).
	BcryptCost int
	// UserRules overrides the per-user rate limits.
	UserRules map[string]ratelimit.Rule
	Now       func() time.Time
	Version   string
	// Market replaces the provider the configuration selects.
	Market market.Provider
	// PushAllowPrivate lets Web Push reach loopback and private
	// addresses (a local fake push service in tests); never in production.
	PushAllowPrivate bool
	// AlertLimits overrides alerts.DefaultLimits.
	AlertLimits alerts.Limits
	// ForecastTrain overrides the model training schedule (tests use a
	// sparse one so a training run takes seconds).
	ForecastTrain forecast.TrainConfig
	// JobStaleAfter overrides how old a running job's heartbeat gets on
	// the shared queue before another node takes the job over (tests use
	// seconds; see jobs.Config.StaleAfter).
	JobStaleAfter time.Duration
	// AuditSyncDelay overrides audit.DefaultSyncDelay (tests hold the
	// fsync of deferred audit lines to count a write's flushes).
	AuditSyncDelay time.Duration
	// WrapJob wraps the executor of every job kind (tests hold a job on
	// one node to kill it there); nil runs the executors as they are.
	WrapJob func(kind string, run jobs.Executor) jobs.Executor
}

// Platform is a wired server.
type Platform struct {
	Handler http.Handler
	Store   *store.Store
	Audit   *audit.Log
	// TxAudit is the outbox of transaction writes' audit entries (nil on
	// PostgreSQL).
	TxAudit *txaudit.Writer
	// AuditKey authenticates the audit log (nil: unauthenticated).
	AuditKey *audit.Key
	Auth     *auth.Service
	// Stats counts anonymous page views (see server/stats).
	Stats *stats.Service
	// Refusals counts requests refused by limits and writes them in
	// batches (Flush writes them at once, for tests).
	Refusals *refusal.Aggregator
	// Mail sends e-mail notices (disabled without FORTFOLIO_SMTP_ADDR).
	Mail *mailer.Mailer
	// Alerts evaluates alert rules and delivers them.
	Alerts *alerts.Service
	// Forecast serves predictions and trains their models.
	Forecast *forecast.Service
	notifier *mailer.Notifier
	closers  []func() error
}

// New opens the data directory and wires every part.
func New(ctx context.Context, cfg config.Config, o Options) (*Platform, error) {
	ui.Register()
	if cfg.BackupAt == "" {
		cfg.BackupAt = config.DefaultBackupAt
	}
	p := &Platform{}
	if err := p.build(ctx, cfg, o); err != nil {
		_ = p.Close()
		return nil, err
	}
	return p, nil
}

func (p *Platform) build(ctx context.Context, cfg config.Config, o Options) error {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.BcryptCost == 0 {
		o.BcryptCost = auth.BcryptCost
	}
	var err error
	if p.AuditKey, err = audit.LoadKey(cfg.AuditKey, cfg.AuditKeyFile, cfg.DataDir); err != nil {
		return fmt.Errorf("platform: %w", err)
	}
	if p.Store, err = store.Open(ctx, cfg.DataDir, store.WithUserDBCache(cfg.UserDBCache), store.WithUserDBSync(cfg.UserDBSync),
		store.WithDatabase(cfg.DatabaseURL)); err != nil {
		return err
	}
	p.closers = append(p.closers, p.Store.Close)
	var auditOpts []audit.Option
	if o.AuditSyncDelay > 0 {
		auditOpts = append(auditOpts, audit.WithSyncDelay(o.AuditSyncDelay))
	}
	if p.Audit, err = OpenAudit(ctx, cfg.DataDir, p.AuditKey, p.Store, auditOpts...); err != nil {
		return err
	}
	p.closers = append(p.closers, p.Audit.Close)
	if p.TxAudit, err = txaudit.Open(ctx, cfg.DataDir, p.Audit, p.Store); err != nil {
		return err
	}
	if p.TxAudit != nil {
		p.closers = append(p.closers, p.TxAudit.Close)
	}
	if err := backup.Sweep(filepath.Join(cfg.DataDir, "backups")); err != nil {
		return fmt.Errorf("platform: %w", err)
	}
	rec := recorder{log: p.Audit, store: p.Store}
	p.Refusals = refusal.New(refusal.Config{Store: p.Store, Audit: rec, Now: o.Now})
	p.closers = append(p.closers, p.Refusals.Close)
	limits := ratelimit.UserConfig{Rules: o.UserRules, Now: o.Now}
	if p.Store.Backend() == "postgres" {
		limits.Shared = p.Store // several nodes: one limit per user, not one per node
	}
	users, err := ratelimit.NewUserLimiter(limits)
	if err != nil {
		return err
	}
	p.closers = append(p.closers, users.Close)
	ips, err := ratelimit.NewIPLimiter(ratelimit.Config{
		GeneralPerMin: cfg.RateGeneral, APIPerMin: cfg.RateAPI,
		GeneralBurst: burstFor(cfg.RateGeneral), APIBurst: burstFor(cfg.RateAPI), Trusted: cfg.TrustedProxies, Now: o.Now,
		OnLimited: func(r *http.Request, ip netip.Addr, class string) {
			p.Refusals.Add(refusal.Refusal{Kind: refusal.KindRateLimited, IP: ip.String(), Detail: class})
		},
	})
	if err != nil {
		return err
	}
	p.closers = append(p.closers, ips.Close)
	if err := p.buildMail(cfg, o, users, rec); err != nil {
		return err
	}
	if err := p.buildAuth(cfg, o, users, rec); err != nil {
		return err
	}
	prices := o.Market
	if prices == nil {
		if prices, err = p.buildMarket(ctx, cfg, rec); err != nil {
			return err
		}
	}
	version := buildVersion(o.Version)
	handlers := &api.Handlers{Store: p.Store, Auth: p.Auth, Record: rec, Refusals: p.Refusals, Limits: users,
		Trusted: cfg.TrustedProxies, Now: o.Now,
		AuditKey: p.AuditKey, VerifyAudit: VerifyAuditFunc(cfg.DataDir, p.AuditKey, p.Store),
		QueryAudit: QueryAuditFunc(cfg.DataDir, p.Store), TxAudit: p.TxAudit}
	handlers.Notify = p.notifier
	handlers.SecurityContact = cfg.SecurityContact
	handlers.BackupDatabase = cfg.BackupDatabase()
	handlers.Security = secstatus.New(secstatus.Inputs{
		DataDir: cfg.DataDir, TLSMode: cfg.TLSMode(), TLS: cfg.TLS(), RateGeneral: cfg.RateGeneral, RateAPI: cfg.RateAPI,
		BcryptCost: o.BcryptCost, BackupAt: cfg.BackupAt, Version: version, UserRules: describeRules(o.UserRules),
		EmailNotices: p.Mail.Enabled(), AuditKey: p.AuditKey, AuditCheckpoint: p.Store.AuditCheckpoint,
		RequireMFAForAdmins: cfg.RequireMFAForAdmins,
	})
	handlers.RequireMFAForAdmins = cfg.RequireMFAForAdmins
	// Requests see the signed-in user's own assets over the market data.
	userPrices := assets.New(prices, p.Store)
	handlers.Market = userPrices
	handlers.Ledger = ledger.New(ledger.Options{Store: p.Store, Market: userPrices, Now: o.Now})
	if p.Forecast, err = p.buildForecast(cfg, o, prices, rec); err != nil {
		return err
	}
	handlers.Forecast = p.Forecast
	if p.Alerts, err = buildAlerts(cfg, o, p, portfolioanalytics.Source{Market: prices, Splits: handlers.Ledger.Splits()}, rec, handlers.Forecast); err != nil {
		return err
	}
	handlers.Alerts = p.Alerts
	jobsCfg := jobs.Config{MaxTimeout: api.RetrainTimeout, StaleAfter: o.JobStaleAfter}
	var queue *jobs.Queue
	if p.Store.Backend() == "postgres" {
		// Several nodes: jobs wait in the shared table, any node runs them.
		queue = jobs.NewQueue(jobsCfg, p.Store, p.Store.NodeID())
		handlers.Jobs = queue
	} else {
		handlers.Jobs = jobs.New(jobsCfg)
	}
	if o.WrapJob != nil {
		handlers.Jobs = wrappedRunner{Runner: handlers.Jobs, wrap: o.WrapJob}
	}
	p.closers = append(p.closers, func() error {
		ctx, cancel := context.WithTimeout(context.Background(), jobsCloseGrace)
		defer cancel()
		return handlers.Jobs.Close(ctx)
	})
	if p.Stats, err = stats.New(stats.Config{Store: p.Store, RetentionDays: cfg.StatsRetentionDays, Now: o.Now}); err != nil {
		return err
	}
	p.closers = append(p.closers, p.Stats.Close)
	handlers.Stats = p.Stats
	p.Handler = router.New(router.Options{
		AllowedHosts: cfg.AllowedHosts,
		IPLimiter:    ips,
		Writable:     p.Audit.Writable,
		API:          handlers,
		Shell:        shell.New(shell.Options{Version: version, Files: web.Files, Known: ui.Known, PublicHost: cfg.PublicHost()}),
		Record:       rec,
	})
	if queue != nil {
		queue.Start() // the router registered the job kinds
	}
	return nil
}

// buildForecast wires the prediction service: models in DATA/models,
// trained on the provider's reference data set on first use; a failed
// training run is a model_training_failed security event.
func (p *Platform) buildForecast(cfg config.Config, o Options, prices market.Provider, rec recorder) (*forecast.Service, error) {
	svc, err := forecast.NewService(forecast.ServiceConfig{
		Dir:      filepath.Join(cfg.DataDir, "models"),
		Universe: func(ctx context.Context) (*forecast.Universe, error) { return forecast.LoadUniverse(ctx, prices) },
		OnFailure: func(ctx context.Context, err error) {
			rec.Event(context.WithoutCancel(ctx), model.SecurityEvent{Kind: "model_training_failed", Detail: err.Error()})
		},
		Train: o.ForecastTrain,
	})
	if err != nil {
		return nil, fmt.Errorf("platform: %w", err)
	}
	p.closers = append(p.closers, func() error {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		return svc.Close(ctx)
	})
	return svc, nil
}

func (p *Platform) buildAuth(cfg config.Config, o Options, users *ratelimit.UserLimiter, rec recorder) error {
	hasher, err := auth.NewHasher(cfg.Pepper, o.BcryptCost)
	if err != nil {
		return err
	}
	tokens, err := auth.NewTokens(cfg.JWTSecret, o.Now)
	if err != nil {
		return err
	}
	rp, err := relyingParty(cfg)
	if err != nil {
		return err
	}
	p.Auth = auth.NewService(auth.Options{Store: p.Store, Hasher: hasher, Tokens: tokens, Limits: users,
		Record: rec, Refusals: p.Refusals, Notify: p.notifier, Dev: cfg.Dev, Now: o.Now, WebAuthn: rp})
	return nil
}

// buildMail starts the e-mail sender (disabled unless FORTFOLIO_SMTP_ADDR
// is set) and the notifier every user notice goes through. Failures
// become email_failure security events; the worker stops on Close.
func (p *Platform) buildMail(cfg config.Config, o Options, users *ratelimit.UserLimiter, rec recorder) error {
	var err error
	p.Mail, err = mailer.New(mailer.Config{Addr: cfg.SMTP.Addr, From: cfg.SMTP.From, User: cfg.SMTP.User,
		Password: cfg.SMTP.Password, Limiter: users, Record: rec, Now: o.Now})
	if err != nil {
		return fmt.Errorf("platform: %w", err)
	}
	p.closers = append(p.closers, p.Mail.Close)
	p.notifier = &mailer.Notifier{Store: p.Store, Mail: p.Mail}
	return nil
}

// buildMarket creates the market data provider the configuration selects
// (embedded unless a Polygon or FMP key is set); remote failures become
// security events and the provider is closed on shutdown.
func (p *Platform) buildMarket(ctx context.Context, cfg config.Config, rec recorder) (market.Provider, error) {
	prov, err := market.New(ctx, market.Config{
		PolygonKey: cfg.PolygonKey, PolygonBaseURL: cfg.PolygonBaseURL,
		FMPKey: cfg.FMPKey, FMPBaseURL: cfg.FMPBaseURL,
		Live: cfg.LivePrices, YahooBaseURL: cfg.YahooBaseURL,
		CachePath: filepath.Join(cfg.DataDir, "market-cache.db"),
		OnFailure: func(ctx context.Context, ev market.FailureEvent) {
			rec.Event(ctx, model.SecurityEvent{Kind: "market_failure",
				Detail: fmt.Sprintf("%s status %d: %s", ev.Provider, ev.Status, ev.Message)})
		},
	})
	if err != nil {
		return nil, fmt.Errorf("platform: market data: %w", err)
	}
	if c, ok := prov.(io.Closer); ok {
		p.closers = append(p.closers, c.Close)
	}
	return prov, nil
}

// buildVersion ties the service-worker cache to this exact build: the
// release version plus a digest of the embedded app.wasm.
func buildVersion(v string) string {
	if v == "" {
		v = "dev"
	}
	b, err := fs.ReadFile(web.Files, "app.wasm.gz")
	if err != nil {
		return v
	}
	sum := sha256.Sum256(b)
	return v + "-" + hex.EncodeToString(sum[:6])
}

// Close releases everything in reverse order.
func (p *Platform) Close() error {
	var errs []error
	for i := len(p.closers) - 1; i >= 0; i-- {
		errs = append(errs, p.closers[i]())
	}
	p.closers = nil
	return errors.Join(errs...)
}

// describeRules renders the per-user limits for the Security page.
func describeRules(rules map[string]ratelimit.Rule) map[string]string {
	if rules == nil {
		rules = ratelimit.DefaultUserRules()
	}
	out := make(map[string]string, len(rules))
	for class, r := range rules {
		if perMin := float64(r.Limit) * 60; perMin >= 1 {
			out[class] = fmt.Sprintf("%.0f per minute (burst %d)", perMin, r.Burst)
		} else {
			out[class] = fmt.Sprintf("%.0f per hour (burst %d)", perMin*60, r.Burst)
		}
	}
	return out
}

// burstFor lets a client spend half a minute's budget at once, and at
// least 30 requests (the defaults: 30/min and 60/min both burst 30).
func burstFor(perMinute int) int {
	return max(30, perMinute/2)
}
