package market

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// once performs a single attempt with its own timeout.
func (c *client) once(ctx context.Context, path []string, query url.Values) ([]byte, error) {
	actx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	req, err := c.newRequest(actx, path, query)
	if err != nil {
		return nil, err
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, &callError{msg: "request failed: " + c.red.clean(netMessage(err)), retry: true, down: true}
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, c.statusError(resp)
	}
	body, err := readLimited(resp.Body, maxBodyBytes)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, &callError{status: resp.StatusCode, msg: "reading response: " + c.red.clean(netMessage(err)), retry: true, down: true}
	}
	if msg := c.bodyError(body); msg != "" {
		return nil, &callError{status: resp.StatusCode, msg: "provider error: " + c.red.clean(msg), down: true}
	}
	return body, nil
}

// newRequest builds the GET request; path segments are escaped one by one.
func (c *client) newRequest(ctx context.Context, path []string, query url.Values) (*http.Request, error) {
	u := *c.base
	raw := c.base.EscapedPath()
	for _, seg := range path {
		raw += "/" + url.PathEscape(seg)
	}
	p, err := url.PathUnescape(raw)
	if err != nil {
		return nil, &callError{msg: "building request path failed"}
	}
	u.Path, u.RawPath = p, raw
	u.RawQuery = query.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, &callError{msg: "building request failed"}
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "fortfolio")
	if c.authorize != nil {
		c.authorize(req)
	}
	return req, nil
}

// netMessage describes a transport error without the URL *url.Error carries.
func netMessage(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	var te interface{ Timeout() bool }
	if errors.As(err, &te) && te.Timeout() {
		return "timeout"
	}
	return err.Error()
}

// readLimited reads at most limit bytes and fails beyond.
func readLimited(r io.Reader, limit int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("response larger than %d bytes", limit)
	}
	return b, nil
}

// statusError classifies a non-2xx response.
func (c *client) statusError(resp *http.Response) *callError {
	b, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBytes))
	st := resp.StatusCode
	ce := &callError{status: st, msg: fmt.Sprintf("HTTP %d: %s", st, c.red.clean(errorText(b)))}
	switch {
	case st == http.StatusTooManyRequests:
		ce.retry, ce.down = true, true
		ce.retryAfter = parseRetryAfter(resp.Header.Get("Retry-After"), c.cfg.Now())
	case st >= 500:
		ce.retry, ce.down = true, true
		ce.retryAfter = parseRetryAfter(resp.Header.Get("Retry-After"), c.cfg.Now())
	case st == http.StatusUnauthorized || st == http.StatusForbidden:
		ce.down = true
	case st == http.StatusNotFound:
		ce.notFound = true
	case st >= 300 && st < 400:
		ce.msg = fmt.Sprintf("HTTP %d: redirect refused", st)
		ce.down = true
	}
	return ce
}

// errorText extracts the message of a provider error body: Polygon's
// "error"/"message", FMP's "Error Message", or the raw text.
func errorText(b []byte) string {
	var env map[string]any
	if json.Unmarshal(b, &env) == nil {
		for _, k := range []string{"error", "Error Message", "message"} {
			if s, ok := env[k].(string); ok && s != "" {
				return s
			}
		}
	}
	return strings.TrimSpace(string(b))
}

// parseRetryAfter reads delta-seconds or an HTTP date; 0 when absent/bad.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n <= 0 || n > 86400 {
			return 0
		}
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}
