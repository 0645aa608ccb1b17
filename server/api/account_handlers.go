package api

import (
	"net/http"

	"github.com/fortfolio/fortfolio/server/audit"
	"github.com/fortfolio/fortfolio/server/httpx"
	"github.com/fortfolio/fortfolio/shared/validate"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// setEmail is PUT /api/me/email: it stores or (with "") removes the
// caller's address for security notices and answers the updated user.
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
	if err := h.Store.SetEmail(r.Context(), u.ID, in.Email); err != nil {
		return err
	}
	state := "removed"
	if in.Email != "" {
		state = "set"
	}
	h.Audit(r, audit.ActionEmailChange, u.ID, map[string]string{"email": state})
	u.Email = in.Email
	httpx.JSON(w, http.StatusOK, PublicUser(u))
	return nil
}
