package market

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Response size limits.
const (
	maxBodyBytes  = 16 << 20
	maxErrorBytes = 4 << 10
	minKeyLen     = 8
	maxKeyLen     = 256
)

// client performs GET requests against one provider with timeouts, retries,
// a circuit breaker, failure events and key redaction.
type client struct {
	provider  string
	base      *url.URL
	hc        *http.Client
	red       redactor
	cfg       Config
	br        *breaker
	authorize func(req *http.Request)
	// bodyError extracts an error message from a 2xx body that is really an
	// error envelope; "" means the body is data.
	bodyError func(body []byte) string
}

// callError is a failed attempt or call; its message is already sanitised.
type callError struct {
	status     int
	msg        string
	retry      bool          // worth another attempt
	down       bool          // counts against the breaker and means ErrUnavailable
	notFound   bool          // the provider does not know the resource
	retryAfter time.Duration // server-requested delay (429/503)
}

func (e *callError) Error() string { return e.msg }

// errRefused marks a call the provider refused with 401 or 403 (the key,
// or its plan, does not give access), through refusal.
var errRefused = errors.New("market: refused")

// refusal is an error of a refused call: its text and chain are err's,
// and it is also errRefused.
type refusal struct{ error }

func (r refusal) Unwrap() error { return r.error }

func (r refusal) Is(target error) bool { return target == errRefused }

// newClient validates the key and base URL and builds a client.
func newClient(provider, key, baseURL, defaultBase string, cfg Config) (*client, error) {
	if err := checkKey(key); err != nil {
		return nil, fmt.Errorf("market: %s: %w", provider, err)
	}
	if baseURL == "" {
		baseURL = defaultBase
	}
	base, err := parseBaseURL(baseURL)
	if err != nil {
		return nil, fmt.Errorf("market: %s: %w", provider, err)
	}
	return &client{provider: provider, base: base, hc: httpClient(cfg), red: newRedactor(key),
		cfg: cfg, br: newBreaker(cfg.BreakerThreshold, cfg.BreakerCooldown)}, nil
}

// checkKey rejects keys that could break a header or a query string.
func checkKey(key string) error {
	if len(key) < minKeyLen || len(key) > maxKeyLen {
		return fmt.Errorf("%w: API key must be %d to %d characters", ErrInvalidInput, minKeyLen, maxKeyLen)
	}
	for i := 0; i < len(key); i++ {
		if key[i] <= ' ' || key[i] >= 0x7f {
			return fmt.Errorf("%w: API key contains spaces or non-printable characters", ErrInvalidInput)
		}
	}
	return nil
}

// parseBaseURL accepts https URLs, and http only for loopback hosts (local
// fakes), so a key never crosses a network in clear text.
func parseBaseURL(s string) (*url.URL, error) {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("%w: base URL must be an absolute URL without credentials or query", ErrInvalidInput)
	}
	switch {
	case u.Scheme == "https":
	case u.Scheme == "http" && isLoopback(u.Hostname()):
	default:
		return nil, fmt.Errorf("%w: base URL must use https (http only for localhost)", ErrInvalidInput)
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	return u, nil
}

// isLoopback reports whether host names the local machine.
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// httpClient returns cfg.HTTPClient (copied) or a default client; both
// refuse to follow redirects.
func httpClient(cfg Config) *http.Client {
	var hc http.Client
	if cfg.HTTPClient != nil {
		hc = *cfg.HTTPClient
	} else {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12}
		hc.Transport = tr
	}
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &hc
}

// get fetches base+path?query and returns the body of a 2xx response.
func (c *client) get(ctx context.Context, path []string, query url.Values) ([]byte, error) {
	if !c.br.allow(c.cfg.Now()) {
		return nil, fmt.Errorf("market: %s: %w: circuit breaker open", c.provider, ErrUnavailable)
	}
	body, err := c.attempts(ctx, path, query)
	var ce *callError
	switch {
	case err == nil:
		c.br.success()
		return body, nil
	case errors.As(err, &ce) && ce.notFound:
		c.br.success()
		return nil, fmt.Errorf("market: %s: %w", c.provider, ErrUnknownTicker)
	case errors.As(err, &ce) && ce.down:
		c.fail(ctx, ce)
		err := fmt.Errorf("market: %s: %w: %s", c.provider, ErrUnavailable, ce.msg)
		if ce.status == http.StatusUnauthorized || ce.status == http.StatusForbidden {
			return nil, refusal{err}
		}
		return nil, err
	case errors.As(err, &ce):
		c.br.success()
		c.report(ctx, ce)
		return nil, fmt.Errorf("market: %s: %s", c.provider, ce.msg)
	default: // the caller's context ended
		c.br.release()
		return nil, fmt.Errorf("market: %s: %w", c.provider, err)
	}
}

// attempts runs the request with retries and backoff.
func (c *client) attempts(ctx context.Context, path []string, query url.Values) ([]byte, error) {
	for attempt := 0; ; attempt++ {
		body, err := c.once(ctx, path, query)
		var ce *callError
		if err == nil || !errors.As(err, &ce) || !ce.retry || attempt >= c.cfg.MaxRetries {
			return body, err
		}
		if err := sleep(ctx, c.backoff(attempt, ce.retryAfter)); err != nil {
			return nil, err
		}
	}
}

// backoff is the delay before retry attempt+1: Retry-After when given, else
// exponential with jitter in [d/2, d]; always capped at BackoffMax.
func (c *client) backoff(attempt int, retryAfter time.Duration) time.Duration {
	if retryAfter > 0 {
		return min(retryAfter, c.cfg.BackoffMax)
	}
	d := c.cfg.BackoffBase << min(attempt, 20)
	d = min(d, c.cfg.BackoffMax)
	return d/2 + rand.N(d/2+1) // #nosec G404 -- backoff jitter needs no cryptographic randomness
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// fail reports a call that found the provider down and trips the breaker.
func (c *client) fail(ctx context.Context, ce *callError) {
	c.report(ctx, ce)
	if c.br.failure(c.cfg.Now()) {
		c.report(ctx, &callError{msg: "circuit breaker open: too many consecutive failures"})
	}
}

// report logs and emits a sanitised failure event.
func (c *client) report(ctx context.Context, ce *callError) {
	msg := c.red.clean(ce.msg)
	c.cfg.Logger.LogAttrs(ctx, slog.LevelWarn, "market provider failure",
		slog.String("provider", c.provider), slog.Int("status", ce.status), slog.String("message", msg))
	if c.cfg.OnFailure != nil {
		c.cfg.OnFailure(ctx, FailureEvent{Provider: c.provider, Status: ce.status, Time: c.cfg.Now().UTC(), Message: msg})
	}
}
