// Package secstatus reports what the running server actually does for
// security — TLS mode, the exact headers, limits, password and session
// policy, backups, the audit chain, build and scan results — for the public
// Security page. It reads the same configuration the middleware uses, so
// the page cannot drift from the server, and it never holds a secret.
package secstatus

import (
	"context"
	_ "embed"
	"encoding/json"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"sync"
	"time"

	"github.com/fortfolio/fortfolio/server/audit"
	"github.com/fortfolio/fortfolio/server/auth"
	"github.com/fortfolio/fortfolio/server/backup"
	"github.com/fortfolio/fortfolio/server/headers"
	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/shared/wire"
)

//go:embed scan-summary.json
var scanSummary []byte

// Inputs are the facts the status is built from.
type Inputs struct {
	DataDir      string
	TLSMode      string // "off (loopback development)", "certificate files", "Let's Encrypt", "behind a TLS proxy"
	TLS          bool
	RateGeneral  int
	RateAPI      int
	BcryptCost   int
	BackupAt     string
	Version      string
	UserRules    map[string]string // class -> human rate
	EmailNotices bool              // SMTP configured: notices also go by e-mail
	// RequireMFAForAdmins is the --require-mfa-for-admins policy.
	RequireMFAForAdmins bool
	CacheDuration       time.Duration
	// AuditKey checks the audit MACs (nil: chain only, shown as
	// unauthenticated).
	AuditKey *audit.Key
	// AuditCheckpoint returns the checkpoint kept in the accounts
	// database, to notice a cut log; optional.
	AuditCheckpoint func(context.Context) (audit.Checkpoint, bool, error)
}

// Reporter builds and caches the status.
type Reporter struct {
	in     Inputs
	watch  *audit.Watcher
	mu     sync.Mutex
	cached wire.SecurityStatus
	at     time.Time
}

// New returns a reporter; the status is cached for in.CacheDuration
// (default 5 s). The audit chain is verified incrementally: each status
// reads only the entries appended since the last one.
func New(in Inputs) *Reporter {
	if in.CacheDuration == 0 {
		in.CacheDuration = 5 * time.Second
	}
	return &Reporter{in: in, watch: audit.NewWatcher(filepath.Join(in.DataDir, "audit"), in.AuditKey)}
}

// Public returns the status anyone may read: the security facts without
// what helps an attacker plan (versions, audit volume and timing, backup
// timing, where a broken chain breaks). The audit state stays public.
func Public(s wire.SecurityStatus) wire.SecurityStatus {
	s.Detailed = false
	s.Build = nil
	s.Backups.LastSuccess, s.Backups.Count = nil, 0
	s.Audit.Entries, s.Audit.LastEntryAt, s.Audit.BrokenAt = 0, nil, ""
	return s
}

// Status returns the full current status (for administrators), from
// cache when fresh.
func (r *Reporter) Status(ctx context.Context) wire.SecurityStatus {
	r.mu.Lock()
	defer r.mu.Unlock()
	if time.Since(r.at) < r.in.CacheDuration {
		return r.cached
	}
	r.cached, r.at = r.build(ctx), time.Now()
	return r.cached
}

func (r *Reporter) build(ctx context.Context) wire.SecurityStatus {
	s := wire.SecurityStatus{
		GeneratedAt: time.Now().UTC(),
		TLS:         wire.TLSStatus{Mode: r.in.TLSMode, Enabled: r.in.TLS, MinVersion: "TLS 1.2", Versions: []string{"TLS 1.2", "TLS 1.3"}},
		Headers:     headerList(r.in.TLS),
		RateLimits:  wire.RateLimits{GeneralPerMinute: r.in.RateGeneral, APIPerMinute: r.in.RateAPI, PerUser: r.in.UserRules},
		Passwords: wire.PasswordPolicy{Algorithm: "HMAC-SHA256 pre-hash, then bcrypt", BcryptCost: r.in.BcryptCost,
			MinLength: 8, MaxLength: 128, CommonPasswordsRefused: true, CommonPasswordRule: auth.CommonPasswordRule()},
		Sessions: wire.SessionPolicy{Algorithm: "HS256", Transport: "x-token header (no cookies)",
			TokenLifetime: human(auth.TokenTTL), AbsoluteCap: human(auth.SessionCap),
			RevokedOn: []string{"logout", "ending the session (by the user or an admin)", "sign out everywhere else", "password change", "admin reset", "admin lock", "role change", "deletion"}},
		Lockout: wire.LockoutPolicy{Failures: model.LockThreshold, Window: human(model.LockWindow),
			FirstDelay: human(model.BaseLockDelay), MaxDelay: human(model.MaxLockDelay)},
		Backups:  r.backups(ctx),
		Audit:    r.audit(ctx),
		Build:    buildInfo(r.in.Version),
		Detailed: true,
		// EmailNotices says only whether e-mail is on, never the relay.
		EmailNotices: r.in.EmailNotices,
		SecondFactors: wire.SecondFactorPolicy{Methods: []string{"authenticator app (TOTP, RFC 6238)", "passkeys (WebAuthn)"},
			RecoveryCodes: 10, RequiredForAdmins: r.in.RequireMFAForAdmins},
	}
	_ = json.Unmarshal(scanSummary, &s.Scan)
	return s
}

func headerList(tls bool) []wire.Header {
	m := headers.Expected(tls)
	out := make([]wire.Header, 0, len(m))
	for k, v := range m {
		out = append(out, wire.Header{Name: k, Value: v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func (r *Reporter) backups(ctx context.Context) wire.BackupStatus {
	b := wire.BackupStatus{Schedule: "daily at " + r.in.BackupAt + " UTC", Retention: "newest of each of the last 7 days, 8 ISO weeks and 12 months"}
	list, err := backup.List(ctx, filepath.Join(r.in.DataDir, "backups"))
	if err == nil && len(list) > 0 {
		t := list[0].Created
		b.LastSuccess = &t
		b.Count = len(list)
	}
	return b
}

func (r *Reporter) audit(ctx context.Context) wire.AuditStatus {
	res, err := r.watch.Check(ctx)
	if err != nil {
		return wire.AuditStatus{State: "unavailable"}
	}
	if res.Broken == nil && r.in.AuditCheckpoint != nil {
		if cp, ok, err := r.in.AuditCheckpoint(ctx); err == nil && ok && cp.Entries > int64(res.Entries) &&
			(r.in.AuditKey == nil || r.in.AuditKey.Valid(cp)) {
			res.OK, res.Broken = false, &audit.Break{Reason: "log truncated"}
		}
	}
	st := wire.AuditStatus{Entries: res.Entries, OK: res.OK && res.Broken == nil, State: "verified", Authenticated: res.KeyChecked}
	if !res.LastTS.IsZero() {
		t := res.LastTS
		st.LastEntryAt = &t
	}
	if res.Broken != nil {
		st.State = "broken"
		st.BrokenAt = res.Broken.File + " line " + itoa(res.Broken.Line)
		if res.Broken.Line == 0 {
			st.BrokenAt = "the end of the log (" + res.Broken.Reason + ")"
		}
	}
	return st
}

func buildInfo(version string) *wire.BuildInfo {
	b := &wire.BuildInfo{Version: version, GoVersion: runtime.Version()}
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, m := range info.Deps {
			b.Modules = append(b.Modules, wire.Module{Path: m.Path, Version: m.Version})
		}
	}
	return b
}

// human writes whole hours or minutes in words ("15 minutes", "12 hours").
func human(d time.Duration) string {
	unit, n := "minute", int(d/time.Minute)
	if d%time.Hour == 0 {
		unit, n = "hour", int(d/time.Hour)
	}
	if n == 1 {
		return "1 " + unit
	}
	return itoa(n) + " " + unit + "s"
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
