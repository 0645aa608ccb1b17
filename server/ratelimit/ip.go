package ratelimit

import (
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"path"
	"strings"
	"time"

	"github.com/fortfolio/fortfolio/server/httpx"
	"github.com/fortfolio/fortfolio/server/reqctx"
	"golang.org/x/time/rate"
)

// Request classes of the per-IP limiter, as passed to Config.OnLimited.
const (
	ClassGeneral = "general"
	ClassAPI     = "api"
	ClassStatic  = "static"
)

// Defaults of Config; a zero field takes its default.
const (
	DefaultGeneralPerMin = 30
	DefaultGeneralBurst  = 30
	DefaultAPIPerMin     = 60
	DefaultAPIBurst      = 30
	DefaultStaticPerMin  = 600
	DefaultStaticBurst   = 200
	DefaultMaxEntries    = 50_000
	DefaultIdleTTL       = 10 * time.Minute
)

// class indexes the per-IP bucket classes.
type class uint8

const (
	classGeneral class = iota
	classAPI
	classStatic
	classExempt
)

// names maps bucket classes to their public names.
var names = [...]string{ClassGeneral, ClassAPI, ClassStatic}

// Config configures an IPLimiter. Zero numeric fields take the Default*
// values; negative ones are an error.
type Config struct {
	// GeneralPerMin and GeneralBurst limit pages and every other request.
	GeneralPerMin, GeneralBurst int
	// APIPerMin and APIBurst limit requests under /api/.
	APIPerMin, APIBurst int
	// StaticPerMin and StaticBurst limit GET/HEAD of the immutable app
	// shell and /web/ assets, which a first page load fetches in a burst.
	StaticPerMin, StaticBurst int
	// Trusted holds the reverse proxies whose X-Forwarded-For is believed.
	Trusted []netip.Prefix
	// MaxEntries caps the number of buckets (one per client key and class).
	MaxEntries int
	// IdleTTL is how long an unused bucket is kept. It is raised to the time
	// the slowest bucket takes to refill, so forgetting is never lenient.
	IdleTTL time.Duration
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// OnLimited, when set, is called for every rejected request (for
	// logging or security events). It must be fast and must not block.
	OnLimited func(r *http.Request, ip netip.Addr, class string)
}

// rule is one class's rate and burst.
type rule struct {
	limit rate.Limit
	burst int
}

// ipKey identifies one bucket: a client key and a class.
type ipKey struct {
	addr  netip.Addr
	class class
}

// IPLimiter is the per-IP rate-limiting middleware (layer 1). Create it with
// NewIPLimiter and stop its janitor with Close.
type IPLimiter struct {
	rules     [3]rule
	trusted   []netip.Prefix
	now       func() time.Time
	onLimited func(r *http.Request, ip netip.Addr, class string)
	buckets   *store[ipKey]
	janitor   *janitor
}

// NewIPLimiter validates cfg, applies defaults and starts the janitor.
func NewIPLimiter(cfg Config) (*IPLimiter, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	l := &IPLimiter{
		rules: [3]rule{
			perMinute(cfg.GeneralPerMin, DefaultGeneralPerMin, cfg.GeneralBurst, DefaultGeneralBurst),
			perMinute(cfg.APIPerMin, DefaultAPIPerMin, cfg.APIBurst, DefaultAPIBurst),
			perMinute(cfg.StaticPerMin, DefaultStaticPerMin, cfg.StaticBurst, DefaultStaticBurst),
		},
		trusted:   cfg.Trusted,
		now:       cfg.Now,
		onLimited: cfg.OnLimited,
	}
	if l.now == nil {
		l.now = time.Now
	}
	ttl := max(orDefault(cfg.IdleTTL, DefaultIdleTTL), refillTime(l.rules[:]...))
	l.buckets = newStore[ipKey](orDefault(cfg.MaxEntries, DefaultMaxEntries), ttl)
	l.janitor = startJanitor(janitorInterval(ttl), func() { l.buckets.sweep(l.now()) })
	return l, nil
}

// validate rejects negative settings.
func (c Config) validate() error {
	for _, v := range []int{c.GeneralPerMin, c.GeneralBurst, c.APIPerMin, c.APIBurst,
		c.StaticPerMin, c.StaticBurst, c.MaxEntries} {
		if v < 0 {
			return errors.New("ratelimit: negative limit in config")
		}
	}
	if c.IdleTTL < 0 {
		return fmt.Errorf("ratelimit: negative idle TTL %s", c.IdleTTL)
	}
	return nil
}

// Close stops the janitor goroutine. It is idempotent and safe to call while
// the middleware still serves requests (sweeping then becomes lazy only).
func (l *IPLimiter) Close() error {
	l.janitor.close()
	return nil
}

// Middleware rejects requests over their client's budget with 429 (written
// by httpx, the one writer of error responses) and otherwise calls next
// with the client address stored in the request context (see
// reqctx.ClientIP).
func (l *IPLimiter) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ip := ClientIP(r, l.trusted)
		r = r.WithContext(reqctx.WithClientIP(r.Context(), ip))
		c := classify(r)
		if c == classExempt {
			next.ServeHTTP(w, r)
			return
		}
		ok, wait := l.allow(LimitKey(ip), c)
		if !ok {
			if l.onLimited != nil {
				l.onLimited(r, ip, names[c])
			}
			httpx.WriteError(w, r, httpx.TooMany(wait, "Too many requests, slow down."))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// allow takes one token from the bucket of (key, c).
func (l *IPLimiter) allow(key netip.Addr, c class) (bool, time.Duration) {
	now := l.now()
	ru := l.rules[c]
	lim := l.buckets.get(ipKey{addr: key, class: c}, now, func() *rate.Limiter {
		return rate.NewLimiter(ru.limit, ru.burst)
	})
	return take(lim, now)
}

// Len reports how many buckets are held (for metrics and tests).
func (l *IPLimiter) Len() int { return l.buckets.len() }

// shellFiles are the go-app shell files served from the site root; they are
// immutable per build and fetched on every first page load.
var shellFiles = map[string]bool{
	"/app.css": true, "/app.js": true, "/app-worker.js": true, "/wasm_exec.js": true,
	"/manifest.webmanifest": true, "/manifest.json": true, "/goapp.js": true,
	"/app.wasm": true, "/goapp.wasm": true, "/favicon.ico": true,
}

// classify picks the bucket class of r. The path is cleaned first so that
// "/web/../api/x" counts as /api/.
func classify(r *http.Request) class {
	p := r.URL.Path
	if strings.Contains(p, "/.") || strings.Contains(p, "//") {
		p = path.Clean(p)
	}
	safe := r.Method == http.MethodGet || r.Method == http.MethodHead
	switch {
	case p == "/api" || strings.HasPrefix(p, "/api/"):
		return classAPI
	case safe && p == "/healthz":
		return classExempt
	case safe && (strings.HasPrefix(p, "/web/") || shellFiles[p]):
		return classStatic
	}
	return classGeneral
}

// take removes one token from lim at now. When none is available it reports
// the reservation delay until one will be, without consuming anything.
func take(lim *rate.Limiter, now time.Time) (bool, time.Duration) {
	if lim.AllowN(now, 1) {
		return true, 0
	}
	res := lim.ReserveN(now, 1)
	if !res.OK() {
		return false, time.Minute
	}
	wait := res.DelayFrom(now)
	res.CancelAt(now)
	return false, wait
}

// perMinute builds a rule from a per-minute rate and a burst, with defaults
// for zero values.
func perMinute(n, defN, burst, defBurst int) rule {
	return rule{limit: rate.Limit(float64(orDefault(n, defN)) / 60), burst: orDefault(burst, defBurst)}
}

// refillTime is the longest time any of the rules takes to refill fully.
func refillTime(rules ...rule) time.Duration {
	var d time.Duration
	for _, r := range rules {
		if r.limit > 0 {
			d = max(d, time.Duration(float64(r.burst)/float64(r.limit)*float64(time.Second)))
		}
	}
	return d
}

// orDefault returns v, or def when v is the zero value.
func orDefault[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}
