package api

import (
	"net/http"

	"github.com/fortfolio/fortfolio/server/httpx"
	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/server/refusal"
	"github.com/fortfolio/fortfolio/server/reqctx"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// handlerFunc is an API handler: decode, call the store or a service,
// encode the answer. It answers success itself and returns any error, which
// serve maps (publicError) and writes (httpx.WriteError).
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// serve adapts a handlerFunc to net/http: the one error path of the API.
func serve(fn handlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := fn(w, r); err != nil {
			httpx.WriteError(w, r, publicError(err))
		}
	}
}

// errMustChange is the answer to a user with a temporary password who
// tries anything but changing it.
var errMustChange = httpx.NewError(http.StatusForbidden, "must_change_password", "Change your password to continue.")

// User wraps a handler that needs a signed-in user: the x-token header is
// verified and the user is loaded from the database on every request. The
// handler's errors are written with the user's request, so the server-error
// hook sees who it was.
func (h *Handlers) User(next handlerFunc) http.Handler {
	inner := serve(next)
	return serve(func(w http.ResponseWriter, r *http.Request) error {
		raw := r.Header.Get(wire.TokenHeader)
		if raw == "" {
			return httpx.Unauthorized("Please log in.")
		}
		u, c, err := h.Auth.Authenticate(r.Context(), raw)
		if err != nil {
			return err
		}
		if u.MustChangePassword && !mayWhileMustChange(r) {
			return errMustChange
		}
		inner(w, r.WithContext(reqctx.WithUser(r.Context(), u, c)))
		return nil
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
func (h *Handlers) Admin(next handlerFunc) http.Handler {
	return h.User(func(w http.ResponseWriter, r *http.Request) error {
		u := currentUser(r)
		if u.Role != wire.RoleAdmin {
			h.Record.Event(r.Context(), model.SecurityEvent{Kind: "forbidden_admin", UserID: u.ID, IP: h.ClientIP(r),
				Detail: r.Method + " " + r.URL.Path, RequestID: reqctx.RequestID(r.Context())})
			return httpx.Forbidden()
		}
		if err := h.requireSecondFactor(r, u.ID); err != nil {
			return err
		}
		return next(w, r)
	})
}

// errMFAEnrolment answers an admin without a second factor under
// --require-mfa-for-admins.
var errMFAEnrolment = httpx.NewError(http.StatusForbidden, "mfa_enrolment_required",
	"This server requires administrators to use a second factor. Set up an authenticator app or a passkey on your account page first.")

// requireSecondFactor applies the --require-mfa-for-admins policy.
func (h *Handlers) requireSecondFactor(r *http.Request, userID string) error {
	if !h.RequireMFAForAdmins {
		return nil
	}
	totp, passkeys, err := h.Store.SecondFactors(r.Context(), userID)
	if err != nil {
		return err
	}
	if !totp && passkeys == 0 {
		return errMFAEnrolment
	}
	return nil
}

// Compute wraps a compute-intensive handler with the per-user limit.
func (h *Handlers) Compute(next handlerFunc) http.Handler {
	return h.User(func(w http.ResponseWriter, r *http.Request) error {
		u := currentUser(r)
		if ok, wait := h.Limits.Allow(u.ID, "compute"); !ok {
			h.Refusals.Add(refusal.Refusal{Kind: refusal.KindRateLimited, UserID: u.ID, IP: h.ClientIP(r), Detail: "compute"})
			return httpx.TooMany(wait, "Too many heavy requests. Please wait a moment.")
		}
		return next(w, r)
	})
}

func notFound(w http.ResponseWriter, r *http.Request) error {
	return httpx.NotFound()
}
