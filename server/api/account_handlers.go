package api

import (
	"context"
	"net/http"
	"time"

	"github.com/fortfolio/fortfolio/server/audit"
	"github.com/fortfolio/fortfolio/server/httpx"
	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/shared/validate"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// setEmail is PUT /api/me/email: after checking the current password it
// stores or (with "") removes the caller's address for security notices,
// tells the old address about the change and answers the updated user.
// The audit entry says whether an address is set, never the address.
func (h *Handlers) setEmail(w http.ResponseWriter, r *http.Request) error {
	var in wire.EmailChange
	if err := httpx.Decode(w, r, &in); err != nil {
		return err
	}
	if err := validate.Email(in.Email); err != nil {
		return httpx.BadRequest(err.Error())
	}
	u := currentUser(r)
	if err := h.Auth.ConfirmPassword(r.Context(), h.ClientIP(r), u, in.CurrentPassword); err != nil {
		return err
	}
	if err := h.Store.SetEmail(r.Context(), u.ID, in.Email); err != nil {
		return err
	}
	state := "removed"
	if in.Email != "" {
		state = "set"
	}
	h.Audit(r, audit.ActionEmailChange, u.ID, map[string]string{"email": state})
	if in.Email != u.Email {
		h.noticeEmailChange(r, u, in.Email != "")
	}
	u.Email = in.Email
	httpx.JSON(w, r, http.StatusOK, PublicUser(u))
	return nil
}

// addressNotifier is the part of the e-mail notifier that writes to an
// address other than the one on file.
type addressNotifier interface {
	NotifyAddress(ctx context.Context, userID, to, kind, message string, now time.Time) error
}

// noticeEmailChange tells the user in the app and, by e-mail, at the old
// address (when there was one) that the notice address changed.
func (h *Handlers) noticeEmailChange(r *http.Request, u model.User, set bool) {
	now := h.now()
	what := "removed"
	if set {
		what = "changed"
	}
	msg := "The e-mail address for security notices on your account was " + what + " on " +
		now.UTC().Format("2006-01-02 15:04") + " UTC. If this was not you, change your password and tell an administrator."
	var err error
	if n, ok := h.Notify.(addressNotifier); ok {
		err = n.NotifyAddress(r.Context(), u.ID, u.Email, "email_change", msg, now)
	} else {
		err = h.Store.Notify(r.Context(), u.ID, "email_change", msg, now)
	}
	if err != nil {
		h.Record.Event(r.Context(), model.SecurityEvent{Kind: "server_error", UserID: u.ID, Detail: "notify: email_change"})
	}
}
