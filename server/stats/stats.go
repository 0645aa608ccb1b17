// Package stats is Fortfolio's privacy-first usage statistics: page views
// counted without cookies, client-side identifiers, trackers or third
// parties.
//
// A visitor is recognised within one UTC day only, by
// SHA-256(daily salt || IP || User-Agent || host). The salt is 32 random
// bytes kept in memory only and dropped when the day ends (so no salt is
// ever older than 48 hours), together with the in-memory set of hashes seen
// that day. The database receives aggregates only: views and unique visitors
// per day and page, and per-day counts of browser family, OS family, device
// class, referring host and screen-size bucket. Addresses, User-Agents and
// hashes are never stored.
package stats

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"log/slog"
	"net/netip"
	"sync"
	"time"

	"github.com/fortfolio/fortfolio/server/ratelimit"
	"github.com/fortfolio/fortfolio/server/store"
)

// Defaults of Config.
const (
	DefaultRetentionDays = 400
	DefaultMaxVisitors   = 50000
	DefaultMaxValues     = 100
	// DefaultPerMinute and DefaultBurst limit page views per client address.
	DefaultPerMinute = 60
	DefaultBurst     = 30
)

// classPageView is the rate-limit class of page views.
const classPageView = "pageview"

// Config configures a Service.
type Config struct {
	Store *store.Store
	// RetentionDays is how long daily aggregates are kept (default 400).
	RetentionDays int
	// MaxVisitors bounds the in-memory set of today's visitor hashes.
	MaxVisitors int
	// MaxValues bounds the distinct values of one dimension per day;
	// further values are counted as "Other".
	MaxValues int
	// PerMinute and Burst limit page views per client address.
	PerMinute, Burst int
	// Now is the clock (time.Now when nil); Rand the salt source
	// (crypto/rand when nil).
	Now  func() time.Time
	Rand io.Reader
}

// Service counts page views and answers reports. It is safe for
// concurrent use; create it with New and stop it with Close.
type Service struct {
	cfg     Config
	limiter *ratelimit.UserLimiter

	mu     sync.Mutex
	day    string                       // the UTC day of salt and seen
	salt   []byte                       // nil until the day's first view
	saltAt time.Time                    // when salt was made
	seen   map[[32]byte]map[string]bool // visitor hash -> paths viewed today
	values map[string]map[string]bool   // dimension -> values counted today
}

// New validates cfg, applies defaults and creates the service.
func New(cfg Config) (*Service, error) {
	if cfg.Store == nil {
		return nil, fmt.Errorf("stats: no store")
	}
	if cfg.RetentionDays < 0 || cfg.MaxVisitors < 0 || cfg.MaxValues < 0 || cfg.PerMinute < 0 || cfg.Burst < 0 {
		return nil, fmt.Errorf("stats: negative setting")
	}
	cfg.RetentionDays = orDefault(cfg.RetentionDays, DefaultRetentionDays)
	cfg.MaxVisitors = orDefault(cfg.MaxVisitors, DefaultMaxVisitors)
	cfg.MaxValues = orDefault(cfg.MaxValues, DefaultMaxValues)
	cfg.PerMinute = orDefault(cfg.PerMinute, DefaultPerMinute)
	cfg.Burst = orDefault(cfg.Burst, DefaultBurst)
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Rand == nil {
		cfg.Rand = rand.Reader
	}
	lim, err := ratelimit.NewUserLimiter(ratelimit.UserConfig{
		Rules: map[string]ratelimit.Rule{classPageView: ratelimit.PerMinute(cfg.PerMinute, cfg.Burst)},
		Now:   cfg.Now,
	})
	if err != nil {
		return nil, fmt.Errorf("stats: limiter: %w", err)
	}
	return &Service{cfg: cfg, limiter: lim}, nil
}

func orDefault(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

// Close stops the rate limiter and forgets the salt.
func (s *Service) Close() error {
	s.mu.Lock()
	s.forget()
	s.mu.Unlock()
	return s.limiter.Close()
}

// Allow applies the page-view limit to a client address (an IPv6 address
// counts by its /64 network). When refused it says how long to wait.
func (s *Service) Allow(ip netip.Addr) (bool, time.Duration) {
	return s.limiter.Allow(ratelimit.LimitKey(ip).String(), classPageView)
}

// Run rotates the salt at the end of each UTC day and deletes aggregates
// older than the retention every interval until ctx ends.
func (s *Service) Run(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if err := s.Maintain(ctx); err != nil {
			slog.Error("stats maintenance failed", slog.Any("error", err))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Maintain drops yesterday's salt and visitor set, and deletes aggregates
// older than the retention.
func (s *Service) Maintain(ctx context.Context) error {
	now := s.cfg.Now().UTC()
	s.mu.Lock()
	s.rotate(now)
	s.mu.Unlock()
	cutoff := now.AddDate(0, 0, -s.cfg.RetentionDays).Format(time.DateOnly)
	n, err := s.cfg.Store.DeleteStatsBefore(ctx, cutoff)
	if err != nil {
		return fmt.Errorf("stats: retention: %w", err)
	}
	if n > 0 {
		slog.Info("stats retention", slog.Int64("rows_deleted", n), slog.String("before", cutoff))
	}
	return nil
}
