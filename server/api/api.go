// Package api holds the JSON API handlers. Each handler decodes, validates
// with shared/validate, calls a store or service, and encodes the answer
// through httpx; every error it returns takes one path: publicError maps
// it, httpx.WriteError writes it. Routes are registered in Register.
package api

import (
	"context"
	"net/http"
	"net/netip"
	"time"

	"github.com/fortfolio/fortfolio/server/alerts"
	"github.com/fortfolio/fortfolio/server/audit"
	"github.com/fortfolio/fortfolio/server/auth"
	"github.com/fortfolio/fortfolio/server/forecast"
	"github.com/fortfolio/fortfolio/server/jobs"
	"github.com/fortfolio/fortfolio/server/ledger"
	"github.com/fortfolio/fortfolio/server/market"
	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/server/ratelimit"
	"github.com/fortfolio/fortfolio/server/reqctx"
	"github.com/fortfolio/fortfolio/server/secstatus"
	"github.com/fortfolio/fortfolio/server/stats"
	"github.com/fortfolio/fortfolio/server/store"
	"github.com/fortfolio/fortfolio/server/txaudit"
)

// Recorder writes audit entries and security events.
type Recorder = auth.Recorder

// Handlers holds the dependencies of every handler.
type Handlers struct {
	Store *store.Store
	Auth  *auth.Service
	// Ledger changes transactions and plans stress tests.
	Ledger *ledger.Service
	Record Recorder
	// Refusals counts requests refused by a limit; they are written in
	// batches, never inline (see server/refusal).
	Refusals auth.Refusals
	Limits   *ratelimit.UserLimiter
	Trusted  []netip.Prefix
	Now      func() time.Time
	// Market is the price and symbol provider (set in platform.New).
	Market market.Provider
	// Security reports the live security status (public).
	Security *secstatus.Reporter
	// SecurityContact is the Contact of /.well-known/security.txt.
	SecurityContact string
	// BackupDatabase is the PostgreSQL URL "back up now" dumps (a role
	// that reads every row); empty on SQLite.
	BackupDatabase string
	// Jobs runs slow computations (optimiser frontier, model retraining)
	// in the background: in this process, or on any node (PostgreSQL).
	Jobs jobs.Runner
	// Forecast serves predictions and retrains models (nil: 503).
	Forecast *forecast.Service
	// Stats counts anonymous page views and reports them to admins.
	Stats *stats.Service
	// Notify delivers user notices (in-app, plus e-mail when configured);
	// Store (in-app only) when nil.
	Notify auth.Notifier
	// Alerts evaluates alert rules and sends them (server/alerts).
	Alerts *alerts.Service
	// AuditKey signs the audit checkpoints of backups (nil: unsigned).
	AuditKey *audit.Key
	// RequireMFAForAdmins is --require-mfa-for-admins: an admin without a
	// second factor must enrol before any admin endpoint answers.
	RequireMFAForAdmins bool
	// VerifyAudit checks the audit log against its key and every
	// checkpoint (accounts database, backups); chain only when nil.
	VerifyAudit func(context.Context) (audit.Result, error)
	// TxAudit writes the audit entries of transaction writes through the
	// user database's outbox (one disk flush per write); nil on
	// PostgreSQL, where they are appended synchronously.
	TxAudit *txaudit.Writer
	// QueryAudit reads the admin panel's audit entries (on PostgreSQL the
	// shared table of every node); the data directory's files when nil.
	QueryAudit func(context.Context, audit.Filter) (audit.Page, error)
}

// Register adds every API route to mux.
func (h *Handlers) Register(mux *http.ServeMux) {
	mux.HandleFunc("POST /api/auth/register", serve(h.register))
	mux.HandleFunc("POST /api/auth/login", serve(h.login))
	mux.Handle("POST /api/auth/refresh", h.User(h.refresh))
	mux.Handle("POST /api/auth/logout", h.User(h.logout))
	mux.Handle("POST /api/auth/change-password", h.User(h.changePassword))
	mux.Handle("GET /api/me", h.User(h.me))
	mux.Handle("PUT /api/me/email", h.User(h.setEmail))
	h.registerSessions(mux)
	h.registerMFA(mux)
	h.registerPasskeys(mux)
	h.registerPortfolios(mux)
	mux.HandleFunc("GET /api/security/status", h.securityStatus)
	mux.HandleFunc("GET /.well-known/security.txt", h.securityTxt)
	mux.HandleFunc("POST /api/log", serve(h.clientLog))
	h.registerAdmin(mux)
	h.registerAnalytics(mux)
	h.registerImports(mux)
	h.registerAssets(mux)
	h.registerStats(mux)
	h.registerGains(mux)
	h.registerAlerts(mux)
	h.registerForecast(mux)
	h.registerJobKinds()
	mux.HandleFunc("/api/", serve(notFound))
}

// ClientIP returns the client address as the rate limiter saw it.
func (h *Handlers) ClientIP(r *http.Request) string {
	return h.clientAddr(r).String()
}

// clientAddr returns the client address the rate limiter saw.
func (h *Handlers) clientAddr(r *http.Request) netip.Addr {
	if ip, ok := reqctx.ClientIP(r.Context()); ok {
		return ip
	}
	return ratelimit.ClientIP(r, h.Trusted)
}

// Audit records an audit entry for the request's user.
func (h *Handlers) Audit(r *http.Request, action, target string, details map[string]string) {
	h.Record.Audit(r.Context(), h.auditEntry(r, action, target, details))
}

// auditEntry is the entry Audit would write for r.
func (h *Handlers) auditEntry(r *http.Request, action, target string, details map[string]string) audit.Entry {
	actor := ""
	if u, ok := reqctx.User(r.Context()); ok {
		actor = u.ID
	}
	return audit.Entry{Actor: actor, IP: h.ClientIP(r), Action: action, Target: target, Details: details}
}

func (h *Handlers) now() time.Time {
	if h.Now != nil {
		return h.Now()
	}
	return time.Now()
}

// currentUser is the signed-in user of a request behind h.User.
func currentUser(r *http.Request) model.User {
	u, _ := reqctx.User(r.Context())
	return u
}

// claimsFrom returns the verified token claims of a request behind h.User.
func claimsFrom(ctx context.Context) *auth.Claims {
	c, _ := reqctx.Claims[*auth.Claims](ctx)
	return c
}
