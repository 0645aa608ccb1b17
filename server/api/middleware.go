package api

import (
	"context"
	"errors"
	"net/http"

	"github.com/fortfolio/fortfolio/server/auth"
	"github.com/fortfolio/fortfolio/server/httpx"
	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// User wraps a handler that needs a signed-in user: the x-token header is
// verified and the user is loaded from the database on every request.
func (h *Handlers) User(next http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw := r.Header.Get(wire.TokenHeader)
		if raw == "" {
			httpx.Unauthorized(w, "Please log in.")
			return
		}
		u, c, err := h.Auth.Authenticate(r.Context(), raw)
		if errors.Is(err, auth.ErrInvalidToken) {
			httpx.Unauthorized(w, "Your session has ended. Please log in again.")
			return
		}
		if err != nil {
			httpx.ServerError(w, r, err)
			return
		}
		if u.MustChangePassword && !mayWhileMustChange(r) {
			httpx.Error(w, http.StatusForbidden, "must_change_password", "Change your password to continue.")
			return
		}
		ctx := context.WithValue(context.WithValue(r.Context(), userKey, u), claimsKey, c)
		next(w, r.WithContext(ctx))
	})
}

// mayWhileMustChange lists what a user with a temporary password may do.
func mayWhileMustChange(r *http.Request) bool {
	switch r.URL.Path {
	case "/api/auth/change-password", "/api/auth/logout", "/api/auth/refresh", "/api/me":
		return true
	}
	return false
}

// Admin wraps a handler for administrators only; everyone else gets a
// generic 403 that is recorded as a security event.
func (h *Handlers) Admin(next http.HandlerFunc) http.Handler {
	return h.User(func(w http.ResponseWriter, r *http.Request) {
		u, _ := UserFrom(r.Context())
		if u.Role != wire.RoleAdmin {
			h.Record.Event(r.Context(), model.SecurityEvent{Kind: "forbidden_admin", UserID: u.ID, IP: h.ClientIP(r),
				Detail: r.Method + " " + r.URL.Path, RequestID: httpx.RequestID(r.Context())})
			httpx.Forbidden(w)
			return
		}
		next(w, r)
	})
}

// Compute wraps a compute-intensive handler with the per-user limit.
func (h *Handlers) Compute(next http.HandlerFunc) http.Handler {
	return h.User(func(w http.ResponseWriter, r *http.Request) {
		u, _ := UserFrom(r.Context())
		if ok, wait := h.Limits.Allow(u.ID, "compute"); !ok {
			h.Record.Event(r.Context(), model.SecurityEvent{Kind: "rate_limited", UserID: u.ID, IP: h.ClientIP(r), Detail: "compute " + r.URL.Path})
			httpx.TooMany(w, wait, "Too many heavy requests. Please wait a moment.")
			return
		}
		next(w, r)
	})
}

func notFound(w http.ResponseWriter, r *http.Request) {
	httpx.NotFound(w)
}
