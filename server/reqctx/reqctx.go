// Package reqctx is the one home of what a request carries in its
// context: the request id, the client address the rate limiter saw, the
// signed-in user with their token claims, and the hook told about server
// errors. Middleware stores these values; handlers, the response writer
// and the recorder read them here.
package reqctx

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"net/netip"

	"github.com/fortfolio/fortfolio/server/model"
)

type key int

const (
	requestIDKey key = iota
	clientIPKey
	userKey
	claimsKey
	errorHookKey
)

// NewRequestID returns a random 16-hex-character request id.
func NewRequestID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// WithRequestID stores a request id in the context.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey, id)
}

// RequestID returns the request id stored in ctx, or "-".
func RequestID(ctx context.Context) string {
	if id, ok := ctx.Value(requestIDKey).(string); ok {
		return id
	}
	return "-"
}

// WithClientIP stores the client address (as the per-IP rate limiter
// resolved it, trusted proxies considered).
func WithClientIP(ctx context.Context, ip netip.Addr) context.Context {
	return context.WithValue(ctx, clientIPKey, ip)
}

// ClientIP returns the client address stored by WithClientIP, if any.
func ClientIP(ctx context.Context) (netip.Addr, bool) {
	ip, ok := ctx.Value(clientIPKey).(netip.Addr)
	return ip, ok
}

// WithUser stores the signed-in user and the verified claims of their
// token (the auth package's claims type).
func WithUser(ctx context.Context, u model.User, claims any) context.Context {
	return context.WithValue(context.WithValue(ctx, userKey, u), claimsKey, claims)
}

// User returns the signed-in user of a request.
func User(ctx context.Context) (model.User, bool) {
	u, ok := ctx.Value(userKey).(model.User)
	return u, ok
}

// Claims returns the token claims stored by WithUser when they have type T.
func Claims[T any](ctx context.Context) (T, bool) {
	c, ok := ctx.Value(claimsKey).(T)
	return c, ok
}

// ErrorHook is told about every 500 answered, with the request id the
// client sees; it is how server errors become security events for admins
// without reaching the client.
type ErrorHook func(r *http.Request, requestID string, err error)

// WithErrorHook stores hook in ctx.
func WithErrorHook(ctx context.Context, hook ErrorHook) context.Context {
	return context.WithValue(ctx, errorHookKey, hook)
}

// NotifyServerError calls the request's error hook, if any.
func NotifyServerError(r *http.Request, requestID string, err error) {
	if hook, ok := r.Context().Value(errorHookKey).(ErrorHook); ok && hook != nil {
		hook(r, requestID, err)
	}
}
