package api

import (
	"errors"
	"net/http"

	"github.com/fortfolio/fortfolio/server/auth"
	"github.com/fortfolio/fortfolio/server/httpx"
	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// PublicUser converts an account row to the view its owner sees (no hash;
// the e-mail address is included, so use it for the user's own account only).
func PublicUser(u model.User) wire.User {
	out := wire.User{ID: u.ID, Username: u.Username, Role: u.Role, CreatedAt: u.CreatedAt, Email: u.Email}
	if !u.LastLoginAt.IsZero() {
		t := u.LastLoginAt
		out.LastLoginAt = &t
	}
	return out
}

func (h *Handlers) register(w http.ResponseWriter, r *http.Request) {
	var in wire.Credentials
	if derr := httpx.Decode(w, r, &in); derr != nil {
		httpx.WriteDecodeError(w, derr)
		return
	}
	u, first, err := h.Auth.Register(r.Context(), h.ClientIP(r), in.Username, in.Password)
	if err != nil {
		h.authError(w, r, err)
		return
	}
	httpx.JSON(w, http.StatusCreated, wire.RegisterResponse{User: PublicUser(u), FirstAdmin: first})
}

func (h *Handlers) login(w http.ResponseWriter, r *http.Request) {
	var in wire.Credentials
	if derr := httpx.Decode(w, r, &in); derr != nil {
		httpx.WriteDecodeError(w, derr)
		return
	}
	if len(in.Username) > 64 || len(in.Password) > 1024 {
		httpx.Unauthorized(w, auth.ErrBadCredentials.Error())
		return
	}
	res, err := h.Auth.Login(r.Context(), h.ClientIP(r), in.Username, in.Password)
	if err != nil {
		h.authError(w, r, err)
		return
	}
	notes, err := h.Store.TakeNotifications(r.Context(), res.User.ID)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	httpx.JSON(w, http.StatusOK, wire.LoginResponse{
		Token:              wire.Token{Token: res.Token, ExpiresAt: res.ExpiresAt},
		User:               PublicUser(res.User),
		MustChangePassword: res.User.MustChangePassword,
		Notifications:      notes,
	})
}

func (h *Handlers) refresh(w http.ResponseWriter, r *http.Request) {
	tok, exp, err := h.Auth.Refresh(r.Context(), claimsFrom(r.Context()))
	if err != nil {
		h.authError(w, r, err)
		return
	}
	httpx.JSON(w, http.StatusOK, wire.Token{Token: tok, ExpiresAt: exp})
}

func (h *Handlers) logout(w http.ResponseWriter, r *http.Request) {
	if err := h.Auth.Logout(r.Context(), h.ClientIP(r), claimsFrom(r.Context())); err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	httpx.NoContent(w)
}

func (h *Handlers) changePassword(w http.ResponseWriter, r *http.Request) {
	var in wire.ChangePassword
	if derr := httpx.Decode(w, r, &in); derr != nil {
		httpx.WriteDecodeError(w, derr)
		return
	}
	u, _ := UserFrom(r.Context())
	tok, exp, err := h.Auth.ChangePassword(r.Context(), h.ClientIP(r), u, in.CurrentPassword, in.NewPassword)
	if err != nil {
		h.authError(w, r, err)
		return
	}
	httpx.JSON(w, http.StatusOK, wire.Token{Token: tok, ExpiresAt: exp})
}

func (h *Handlers) me(w http.ResponseWriter, r *http.Request) {
	u, _ := UserFrom(r.Context())
	httpx.JSON(w, http.StatusOK, PublicUser(u))
}

// authError maps account errors to statuses with their public messages.
func (h *Handlers) authError(w http.ResponseWriter, r *http.Request, err error) {
	var limited *auth.RateLimitedError
	var input *auth.InputError
	switch {
	case errors.As(err, &limited):
		httpx.TooMany(w, limited.RetryAfter, "Too many attempts. Try again in a little while.")
	case errors.Is(err, auth.ErrBusy):
		httpx.TooMany(w, 0, err.Error())
	case errors.Is(err, auth.ErrBadCredentials), errors.Is(err, auth.ErrSessionEnded):
		httpx.Unauthorized(w, err.Error())
	case errors.Is(err, auth.ErrUsernameTaken):
		httpx.Conflict(w, err.Error())
	case errors.Is(err, auth.ErrWrongPassword):
		httpx.Error(w, http.StatusBadRequest, "wrong_password", err.Error())
	case errors.As(err, &input):
		httpx.BadRequest(w, input.Error())
	default:
		httpx.ServerError(w, r, err)
	}
}
