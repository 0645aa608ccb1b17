package api

import (
	"net/http"

	"github.com/fortfolio/fortfolio/server/audit"
	"github.com/fortfolio/fortfolio/server/httpx"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// registerMFA adds the second-factor routes.
func (h *Handlers) registerMFA(mux *http.ServeMux) {
	mux.HandleFunc("POST /api/auth/mfa", serve(h.completeMFA))
	mux.Handle("GET /api/me/mfa", h.User(h.mfaStatus))
	mux.Handle("POST /api/me/mfa/totp/setup", h.User(h.totpSetup))
	mux.Handle("DELETE /api/me/mfa/totp/setup", h.User(h.totpCancel))
	mux.Handle("POST /api/me/mfa/totp/confirm", h.User(h.totpConfirm))
	mux.Handle("POST /api/me/mfa/totp/disable", h.User(h.totpDisable))
	mux.Handle("POST /api/admin/users/{id}/reset-mfa", h.Admin(h.adminResetMFA))
}

func (h *Handlers) completeMFA(w http.ResponseWriter, r *http.Request) error {
	var in wire.MFAVerify
	if err := httpx.Decode(w, r, &in); err != nil {
		return err
	}
	if len(in.Passkey) > 0 {
		res, err := h.Auth.CompleteMFAPasskey(r.Context(), h.ClientIP(r), in.MFAToken, in.Ceremony, in.Passkey)
		if err != nil {
			return err
		}
		return h.writeLogin(w, r, res)
	}
	res, err := h.Auth.CompleteMFA(r.Context(), h.ClientIP(r), in.MFAToken, in.Code)
	if err != nil {
		return err
	}
	return h.writeLogin(w, r, res)
}

func (h *Handlers) mfaStatus(w http.ResponseWriter, r *http.Request) error {
	st, err := h.Auth.MFAStatus(r.Context(), currentUser(r).ID)
	if err != nil {
		return err
	}
	keys, err := h.Auth.Passkeys(r.Context(), currentUser(r).ID)
	if err != nil {
		return err
	}
	out := wire.MFAStatus{TOTP: st.TOTP, RecoveryCodesLeft: st.RecoveryLeft, Passkeys: make([]wire.Passkey, 0, len(keys)),
		RequiredForAdmins: h.RequireMFAForAdmins, PasskeysAvailable: h.passkeyHost(r)}
	for _, k := range keys {
		out.Passkeys = append(out.Passkeys, passkeyView(k))
	}
	httpx.JSON(w, r, http.StatusOK, out)
	return nil
}

func (h *Handlers) totpSetup(w http.ResponseWriter, r *http.Request) error {
	var in wire.PasswordConfirm
	if err := httpx.Decode(w, r, &in); err != nil {
		return err
	}
	setup, err := h.Auth.StartTOTP(r.Context(), h.ClientIP(r), currentUser(r), in.CurrentPassword)
	if err != nil {
		return err
	}
	httpx.JSON(w, r, http.StatusOK, wire.TOTPSetup{Secret: setup.Secret, OTPAuthURL: setup.URL, QRCode: setup.QRCode})
	return nil
}

// totpCancel discards the pending set-up's key (Cancel on the QR step);
// an authenticator that is on stays on (409).
func (h *Handlers) totpCancel(w http.ResponseWriter, r *http.Request) error {
	if err := h.Auth.CancelTOTP(r.Context(), h.ClientIP(r), currentUser(r)); err != nil {
		return err
	}
	httpx.NoContent(w)
	return nil
}

func (h *Handlers) totpConfirm(w http.ResponseWriter, r *http.Request) error {
	var in wire.TOTPCode
	if err := httpx.Decode(w, r, &in); err != nil {
		return err
	}
	codes, err := h.Auth.ConfirmTOTP(r.Context(), h.ClientIP(r), currentUser(r), in.Code)
	if err != nil {
		return err
	}
	httpx.JSON(w, r, http.StatusOK, wire.RecoveryCodes{Codes: codes})
	return nil
}

func (h *Handlers) totpDisable(w http.ResponseWriter, r *http.Request) error {
	var in wire.TOTPDisable
	if err := httpx.Decode(w, r, &in); err != nil {
		return err
	}
	if err := h.Auth.DisableTOTP(r.Context(), h.ClientIP(r), currentUser(r), in.CurrentPassword, in.Code); err != nil {
		return err
	}
	httpx.NoContent(w)
	return nil
}

// adminResetMFA removes a user's second factors (a lost phone or key),
// audited and notified; the password and sessions are kept.
func (h *Handlers) adminResetMFA(w http.ResponseWriter, r *http.Request) error {
	u, err := h.targetUser(r)
	if err != nil {
		return err
	}
	if err := h.Store.ResetSecondFactors(r.Context(), u.ID); err != nil {
		return err
	}
	h.Audit(r, audit.ActionAdminUserResetMFA, u.ID, map[string]string{"username": u.Username})
	h.notify(r, u.ID, "mfa_reset", "An administrator removed the second factors of your account (authenticator app, recovery codes "+
		"and passkeys). Set one up again on your account page.")
	httpx.NoContent(w)
	return nil
}
