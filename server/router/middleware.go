package router

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/fortfolio/fortfolio/server/httpx"
	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/server/reqctx"
)

func requestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := reqctx.NewRequestID()
		w.Header().Set("X-Request-Id", id)
		next.ServeHTTP(w, r.WithContext(reqctx.WithRequestID(r.Context(), id)))
	})
}

// Recorder receives the security events of the middleware.
type Recorder interface {
	Event(ctx context.Context, e model.SecurityEvent)
}

// serverErrorEvents makes every 500 answered through httpx.WriteError a
// "server_error" security event carrying the request id, so admins see
// failures the client only gets a generic message for.
func serverErrorEvents(rec Recorder) func(http.Handler) http.Handler {
	hook := func(r *http.Request, id string, err error) {
		e := model.SecurityEvent{Kind: "server_error", RequestID: id, Detail: r.Method + " " + r.URL.Path + ": " + err.Error()}
		if u, ok := reqctx.User(r.Context()); ok {
			e.UserID = u.ID
		}
		if ip, ok := reqctx.ClientIP(r.Context()); ok {
			e.IP = ip.String()
		}
		rec.Event(r.Context(), e)
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(w, r.WithContext(reqctx.WithErrorHook(r.Context(), hook)))
		})
	}
}

func recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				httpx.WriteError(w, r, fmt.Errorf("panic: %v", v))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// statusWriter remembers the status for the access log.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (s *statusWriter) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusWriter) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

func (s *statusWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// accessLog logs method, path (never the query, which may hold search
// text), status and duration. Headers and bodies are never logged.
func accessLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		slog.Info("request",
			slog.String("request_id", reqctx.RequestID(r.Context())),
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", sw.status),
			slog.Duration("duration", time.Since(start)))
	})
}

// methodNotAllowed is the answer of refuseMethods and jsonMethodErrors.
var methodNotAllowed = httpx.NewError(http.StatusMethodNotAllowed, "method_not_allowed", "Method not allowed.")

// refuseMethods answers 405 to TRACE, CONNECT and unknown methods.
func refuseMethods(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodOptions:
			next.ServeHTTP(w, r)
		default:
			w.Header().Set("Allow", "GET, HEAD, POST, PUT, DELETE")
			httpx.WriteError(w, r, methodNotAllowed)
		}
	})
}

// refuseChangesWhenFull answers 507 to every API request that may change
// data (any method but GET, HEAD, OPTIONS) and to the exports (audited
// reads: no data leaves unrecorded) while writable reports a full disk,
// so nothing happens that its audit entry could not follow. Other reads
// keep working; the gate opens by itself once space is freed.
func refuseChangesWhenFull(writable func() error) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		if writable == nil {
			return next
		}
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if audited(r) && writable() != nil {
				httpx.WriteError(w, r, httpx.InsufficientStorage())
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// audited reports whether an API request may write an audit entry: every
// change, and the exports.
func audited(r *http.Request) bool {
	if !strings.HasPrefix(r.URL.Path, "/api/") {
		return false
	}
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return strings.HasSuffix(r.URL.Path, "/export.csv") || strings.HasSuffix(r.URL.Path, "/export.json")
	}
	return true
}

// jsonMethodErrors answers API paths that exist under another method with
// a JSON 405 instead of the catch-all 404.
func jsonMethodErrors(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/api/") {
			if _, pattern := mux.Handler(r); pattern == "/api/" {
				if allow := allowedMethods(mux, r); allow != "" {
					w.Header().Set("Allow", allow)
					httpx.WriteError(w, r, methodNotAllowed)
					return
				}
			}
		}
		mux.ServeHTTP(w, r)
	})
}

func allowedMethods(mux *http.ServeMux, r *http.Request) string {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete} {
		r2 := r.Clone(r.Context())
		r2.Method = m
		if _, pattern := mux.Handler(r2); pattern != "/api/" && pattern != "" {
			allow = append(allow, m)
		}
	}
	return strings.Join(allow, ", ")
}

// refuseDotSegments answers 400 to paths with "." or ".." segments or empty
// segments. ServeMux would otherwise redirect them (307 keeps the method) to
// the cleaned path, so DELETE .../transactions/.. could reach the parent.
func refuseDotSegments(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if uncleanPath(r.URL.Path) {
			if strings.HasPrefix(r.URL.Path, "/api/") {
				httpx.WriteError(w, r, httpx.InvalidIdentifier())
				return
			}
			httpx.WriteError(w, r, httpx.NewError(http.StatusBadRequest, "bad_path", "Bad path."))
			return
		}
		next.ServeHTTP(w, r)
	})
}

func uncleanPath(p string) bool {
	if !strings.HasPrefix(p, "/") || strings.Contains(p, "//") {
		return true
	}
	for _, seg := range strings.Split(p[1:], "/") {
		if seg == "." || seg == ".." {
			return true
		}
	}
	return false
}
