package api

import (
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

func (h *Handlers) register(w http.ResponseWriter, r *http.Request) error {
	var in wire.Credentials
	if err := httpx.Decode(w, r, &in); err != nil {
		return err
	}
	u, first, err := h.Auth.Register(r.Context(), h.ClientIP(r), in.Username, in.Password)
	if err != nil {
		return err
	}
	httpx.JSON(w, r, http.StatusCreated, wire.RegisterResponse{User: PublicUser(u), FirstAdmin: first})
	return nil
}

func (h *Handlers) login(w http.ResponseWriter, r *http.Request) error {
	var in wire.LoginRequest
	if err := httpx.Decode(w, r, &in); err != nil {
		return err
	}
	key, err := auth.ParseDeviceKey(in.DeviceKey)
	if err != nil {
		return err
	}
	res, err := h.Auth.Login(r.Context(), auth.Attempt{IP: h.ClientIP(r), Username: in.Username, Password: in.Password, Device: in.Device,
		UserAgent: r.UserAgent(), DeviceKey: key})
	if err != nil {
		return err
	}
	return h.writeLogin(w, r, res)
}

// writeLogin answers a login: the second-step challenge when a second
// factor is needed, else the session token.
func (h *Handlers) writeLogin(w http.ResponseWriter, r *http.Request, res auth.LoginResult) error {
	if res.MFA != nil {
		httpx.JSON(w, r, http.StatusOK, wire.MFAChallenge{MFARequired: true, MFAToken: res.MFA.Token, Methods: res.MFA.Methods})
		return nil
	}
	notes, err := h.Store.TakeNotifications(r.Context(), res.User.ID)
	if err != nil {
		return err
	}
	httpx.JSON(w, r, http.StatusOK, wire.LoginResponse{
		Token:              wire.Token{Token: res.Token, ExpiresAt: res.ExpiresAt},
		User:               PublicUser(res.User),
		MustChangePassword: res.User.MustChangePassword,
		Notifications:      notes,
		Device:             res.Device,
		FailedAttempts:     res.FailedAttempts,
		Session:            res.SessionID,
	})
	return nil
}

func (h *Handlers) refresh(w http.ResponseWriter, r *http.Request) error {
	tok, exp, err := h.Auth.Refresh(r.Context(), claimsFrom(r.Context()))
	if err != nil {
		return err
	}
	httpx.JSON(w, r, http.StatusOK, wire.Token{Token: tok, ExpiresAt: exp})
	return nil
}

func (h *Handlers) logout(w http.ResponseWriter, r *http.Request) error {
	if err := h.Auth.Logout(r.Context(), h.ClientIP(r), claimsFrom(r.Context())); err != nil {
		return err
	}
	httpx.NoContent(w)
	return nil
}

func (h *Handlers) changePassword(w http.ResponseWriter, r *http.Request) error {
	var in wire.ChangePassword
	if err := httpx.Decode(w, r, &in); err != nil {
		return err
	}
	tok, exp, err := h.Auth.ChangePassword(r.Context(), h.ClientIP(r), currentUser(r), claimsFrom(r.Context()).SessionID,
		in.CurrentPassword, in.NewPassword)
	if err != nil {
		return err
	}
	httpx.JSON(w, r, http.StatusOK, wire.Token{Token: tok, ExpiresAt: exp})
	return nil
}

func (h *Handlers) me(w http.ResponseWriter, r *http.Request) error {
	httpx.JSON(w, r, http.StatusOK, PublicUser(currentUser(r)))
	return nil
}
