package market

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"
)

// Default base URLs of the remote providers.
const (
	DefaultPolygonBaseURL = "https://api.polygon.io"
	DefaultFMPBaseURL     = "https://financialmodelingprep.com"
)

// Config selects and tunes a provider. Zero durations and counts mean the
// documented defaults, so Config{} yields the embedded provider.
type Config struct {
	// PolygonKey enables the Polygon provider (env POLYGON_API_KEY).
	PolygonKey string
	// PolygonBaseURL overrides DefaultPolygonBaseURL (env POLYGON_BASE_URL).
	PolygonBaseURL string
	// FMPKey enables the FMP provider when PolygonKey is empty (env FMP_API_KEY).
	FMPKey string
	// FMPBaseURL overrides DefaultFMPBaseURL (env FMP_BASE_URL).
	FMPBaseURL string
	// Live enables the keyless daily-close provider (the public chart
	// endpoint) after the embedded data set, when no key is set (env
	// FORTFOLIO_LIVE_PRICES=1, flag --live-prices).
	Live bool
	// YahooBaseURL overrides DefaultYahooBaseURL (env YAHOO_BASE_URL).
	YahooBaseURL string
	// CachePath is the SQLite response cache of remote providers, e.g.
	// DATA/market-cache.db. Empty means an in-memory cache.
	CachePath string

	// Timeout bounds each HTTP attempt (default 10 s).
	Timeout time.Duration
	// MaxRetries is the number of retries after the first attempt on 429,
	// 5xx and network errors (0 means 3, negative disables retries).
	MaxRetries int
	// BackoffBase is the first retry delay, doubled per retry (default 250 ms).
	BackoffBase time.Duration
	// BackoffMax caps every retry delay, including Retry-After (default 8 s).
	BackoffMax time.Duration
	// BreakerThreshold is how many consecutive failed calls open the
	// circuit breaker (default 5).
	BreakerThreshold int
	// BreakerCooldown is how long an open breaker rejects calls (default 30 s).
	BreakerCooldown time.Duration
	// RecentTTL is how long bars of today (not yet settled) are reused
	// before being fetched again (default 10 min).
	RecentTTL time.Duration
	// SymbolTTL is how long cached symbol metadata is used (default 7 days).
	SymbolTTL time.Duration

	// HTTPClient replaces the default client (tests). Redirects are never
	// followed whatever the client says.
	HTTPClient *http.Client
	// Logger receives sanitised warnings (default slog.Default()).
	Logger *slog.Logger
	// OnFailure, when set, is called synchronously with every failed remote
	// call (after retries) and when the circuit breaker opens. Messages
	// never contain the API key. It must not block for long.
	OnFailure func(ctx context.Context, ev FailureEvent)
	// Now replaces time.Now (tests).
	Now func() time.Time
}

// FailureEvent describes a failed remote call, for security/ops records.
type FailureEvent struct {
	Provider string    `json:"provider"`
	Status   int       `json:"status"` // HTTP status, 0 for network errors and breaker events
	Time     time.Time `json:"time"`
	Message  string    `json:"message"` // sanitised: no key, no URL query, no control characters
}

// withDefaults returns cfg with zero fields set to their defaults.
func (cfg Config) withDefaults() Config {
	setDur := func(d *time.Duration, def time.Duration) {
		if *d <= 0 {
			*d = def
		}
	}
	setDur(&cfg.Timeout, 10*time.Second)
	setDur(&cfg.BackoffBase, 250*time.Millisecond)
	setDur(&cfg.BackoffMax, 8*time.Second)
	setDur(&cfg.BreakerCooldown, 30*time.Second)
	setDur(&cfg.RecentTTL, 10*time.Minute)
	setDur(&cfg.SymbolTTL, 7*24*time.Hour)
	switch {
	case cfg.MaxRetries == 0:
		cfg.MaxRetries = 3
	case cfg.MaxRetries < 0:
		cfg.MaxRetries = 0
	}
	if cfg.BreakerThreshold <= 0 {
		cfg.BreakerThreshold = 5
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return cfg
}

// New returns the provider cfg selects: Polygon when PolygonKey is set, else
// FMP when FMPKey is set, else the embedded data set followed by the
// keyless live provider when Live is set, else the embedded data set. Remote providers hold a
// cache database: close them with io.Closer when done.
func New(ctx context.Context, cfg Config) (Provider, error) {
	switch {
	case strings.TrimSpace(cfg.PolygonKey) != "":
		return NewPolygon(ctx, cfg)
	case strings.TrimSpace(cfg.FMPKey) != "":
		return NewFMP(ctx, cfg)
	case cfg.Live:
		return NewComposite(ctx, cfg)
	default:
		e, err := NewEmbedded()
		if err != nil {
			return nil, fmt.Errorf("market: %w", err)
		}
		return e, nil
	}
}
