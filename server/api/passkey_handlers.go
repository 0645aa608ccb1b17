package api

import (
	"net"
	"net/http"
	"strings"

	"github.com/fortfolio/fortfolio/server/auth"
	"github.com/fortfolio/fortfolio/server/httpx"
	"github.com/fortfolio/fortfolio/server/store"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// registerPasskeys adds the passkey routes: the account's list, names and
// registration, and the sign-in with a passkey (first or second factor).
func (h *Handlers) registerPasskeys(mux *http.ServeMux) {
	mux.Handle("GET /api/me/passkeys", h.User(h.listPasskeys))
	mux.Handle("POST /api/me/passkeys/register/begin", h.User(h.passkeyRegisterBegin))
	mux.Handle("POST /api/me/passkeys/register/finish", h.User(h.passkeyRegisterFinish))
	mux.Handle("PUT /api/me/passkeys/{id}", h.User(h.renamePasskey))
	mux.Handle("DELETE /api/me/passkeys/{id}", h.User(h.deletePasskey))
	mux.HandleFunc("POST /api/auth/passkey/begin", serve(h.passkeyLoginBegin))
	mux.HandleFunc("POST /api/auth/passkey/finish", serve(h.passkeyLoginFinish))
	mux.HandleFunc("POST /api/auth/mfa/passkey/begin", serve(h.mfaPasskeyBegin))
}

// passkeyHost reports whether the request came to the relying party's
// host: a page opened as 127.0.0.1 while the RP ID is localhost cannot
// use passkeys (the browser refuses), so it is told so at once.
func (h *Handlers) passkeyHost(r *http.Request) bool {
	rpID := h.Auth.PasskeyRPID()
	name, _, err := net.SplitHostPort(r.Host)
	if err != nil {
		name = r.Host
	}
	return rpID != "" && strings.EqualFold(name, rpID)
}

// needPasskeyHost refuses a passkey ceremony begun from another host.
func (h *Handlers) needPasskeyHost(r *http.Request) error {
	if !h.passkeyHost(r) {
		return auth.ErrPasskeysOff
	}
	return nil
}

func passkeyView(p store.Passkey) wire.Passkey {
	out := wire.Passkey{ID: p.ID, Name: p.Name, CreatedAt: p.CreatedAt}
	if !p.LastUsedAt.IsZero() {
		t := p.LastUsedAt
		out.LastUsedAt = &t
	}
	return out
}

func (h *Handlers) listPasskeys(w http.ResponseWriter, r *http.Request) error {
	list, err := h.Auth.Passkeys(r.Context(), currentUser(r).ID)
	if err != nil {
		return err
	}
	out := make([]wire.Passkey, 0, len(list))
	for _, p := range list {
		out = append(out, passkeyView(p))
	}
	httpx.JSON(w, r, http.StatusOK, out)
	return nil
}

func writeOptions(w http.ResponseWriter, r *http.Request, id string, options []byte) error {
	httpx.JSON(w, r, http.StatusOK, wire.PasskeyOptions{Ceremony: id, Options: options})
	return nil
}

func (h *Handlers) passkeyRegisterBegin(w http.ResponseWriter, r *http.Request) error {
	if err := h.needPasskeyHost(r); err != nil {
		return err
	}
	id, opts, err := h.Auth.BeginPasskeyRegistration(r.Context(), currentUser(r))
	if err != nil {
		return err
	}
	return writeOptions(w, r, id, opts)
}

func (h *Handlers) passkeyRegisterFinish(w http.ResponseWriter, r *http.Request) error {
	var in wire.PasskeyFinish
	if err := httpx.Decode(w, r, &in); err != nil {
		return err
	}
	pk, err := h.Auth.FinishPasskeyRegistration(r.Context(), h.ClientIP(r), currentUser(r), in.Ceremony, in.Name, in.Credential)
	if err != nil {
		return err
	}
	httpx.JSON(w, r, http.StatusCreated, passkeyView(pk))
	return nil
}

func (h *Handlers) renamePasskey(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in wire.PasskeyName
	if err := httpx.Decode(w, r, &in); err != nil {
		return err
	}
	if err := h.Auth.RenamePasskey(r.Context(), h.ClientIP(r), currentUser(r), id, in.Name); err != nil {
		return err
	}
	httpx.NoContent(w)
	return nil
}

func (h *Handlers) deletePasskey(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := h.Auth.DeletePasskey(r.Context(), h.ClientIP(r), currentUser(r), id); err != nil {
		return err
	}
	httpx.NoContent(w)
	return nil
}

func (h *Handlers) passkeyLoginBegin(w http.ResponseWriter, r *http.Request) error {
	if err := h.needPasskeyHost(r); err != nil {
		return err
	}
	id, opts, err := h.Auth.BeginPasskeyLogin(h.ClientIP(r))
	if err != nil {
		return err
	}
	return writeOptions(w, r, id, opts)
}

// passkeyLoginFinish signs in with a passkey alone. The body is the
// ceremony and the assertion; Name is not used.
func (h *Handlers) passkeyLoginFinish(w http.ResponseWriter, r *http.Request) error {
	var in wire.PasskeyFinish
	if err := httpx.Decode(w, r, &in); err != nil {
		return err
	}
	a := auth.Attempt{IP: h.ClientIP(r), UserAgent: r.UserAgent()}
	res, err := h.Auth.FinishPasskeyLogin(r.Context(), a, in.Ceremony, in.Credential)
	if err != nil {
		return err
	}
	return h.writeLogin(w, r, res)
}

func (h *Handlers) mfaPasskeyBegin(w http.ResponseWriter, r *http.Request) error {
	var in wire.MFABegin
	if err := httpx.Decode(w, r, &in); err != nil {
		return err
	}
	if err := h.needPasskeyHost(r); err != nil {
		return err
	}
	id, opts, err := h.Auth.BeginMFAPasskey(r.Context(), in.MFAToken)
	if err != nil {
		return err
	}
	return writeOptions(w, r, id, opts)
}
