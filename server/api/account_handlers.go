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
func (h *Handlers) setEmail(w http.ResponseWriter, r *http.Request) {
	var in wire.EmailChange
	if derr := httpx.Decode(w, r, &in); derr != nil {
		httpx.WriteDecodeError(w, derr)
		return
	}
	if err := validate.Email(in.Email); err != nil {
		httpx.BadRequest(w, err.Error())
		return
	}
	u, _ := UserFrom(r.Context())
	if err := h.Store.SetEmail(r.Context(), u.ID, in.Email); err != nil {
		h.storeError(w, r, err)
		return
	}
	state := "removed"
	if in.Email != "" {
		state = "set"
	}
	h.Audit(r, audit.ActionEmailChange, u.ID, map[string]string{"email": state})
	u.Email = in.Email
	httpx.JSON(w, http.StatusOK, PublicUser(u))
}
