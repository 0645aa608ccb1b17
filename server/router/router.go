// Package router assembles the HTTP handler: the ServeMux with every route,
// wrapped in the middleware chain, composed here and only here.
package router

import (
	"net/http"

	"github.com/fortfolio/fortfolio/server/api"
	"github.com/fortfolio/fortfolio/server/headers"
	"github.com/fortfolio/fortfolio/server/httpx"
	"github.com/fortfolio/fortfolio/server/ratelimit"
)

// Options are the parts the router puts together.
type Options struct {
	AllowedHosts []string
	IPLimiter    *ratelimit.IPLimiter
	API          *api.Handlers
	Shell        http.Handler
	// Record receives the "server_error" security events.
	Record Recorder
	// Writable reports whether changes can be accepted (the audit log has
	// disk space for their entries); nil always accepts.
	Writable func() error
}

// New returns the application handler. Requests meet the middleware in
// the order listed: request id, server-error events, panic recovery,
// access log, security headers with the Host check, method filter,
// dot-segment filter, per-IP rate limit, the full-disk gate for changes,
// routes.
func New(o Options) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", health)
	o.API.Register(mux)
	mux.Handle("/", o.Shell)
	return chain(jsonMethodErrors(mux),
		requestID,
		serverErrorEvents(o.Record),
		recoverPanics,
		accessLog,
		headers.Middleware(o.AllowedHosts, http.HandlerFunc(badHost)),
		refuseMethods,
		refuseDotSegments,
		o.IPLimiter.Middleware,
		refuseChangesWhenFull(o.Writable),
	)
}

// chain wraps h so that the first middleware is the outermost.
func chain(h http.Handler, mw ...func(http.Handler) http.Handler) http.Handler {
	for i := len(mw) - 1; i >= 0; i-- {
		h = mw[i](h)
	}
	return h
}

func health(w http.ResponseWriter, r *http.Request) {
	httpx.JSON(w, r, http.StatusOK, map[string]string{"status": "ok"})
}

func badHost(w http.ResponseWriter, r *http.Request) {
	httpx.WriteError(w, r, httpx.NewError(http.StatusBadRequest, "bad_host", "Unknown host."))
}
