package httpx

import (
	"context"
	"net/http"
)

// ServerErrorHook is told about every 500 answered by ServerError, with the
// request id the client sees; it is how server errors become security
// events for admins without reaching the client.
type ServerErrorHook func(r *http.Request, requestID string, err error)

const serverErrorHookKey ctxKey = requestIDKey + 1

// WithServerErrorHook stores hook in ctx; ServerError calls it.
func WithServerErrorHook(ctx context.Context, hook ServerErrorHook) context.Context {
	return context.WithValue(ctx, serverErrorHookKey, hook)
}

func notifyServerError(r *http.Request, id string, err error) {
	if hook, ok := r.Context().Value(serverErrorHookKey).(ServerErrorHook); ok && hook != nil {
		hook(r, id, err)
	}
}
