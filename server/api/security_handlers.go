package api

import (
	"fmt"
	"net/http"
	"time"

	"github.com/fortfolio/fortfolio/server/httpx"
	"github.com/fortfolio/fortfolio/server/secstatus"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// securityStatus answers the secret-free security status: the public
// facts to anyone, with the operational details for an administrator's
// token. A missing or bad token is not an error here, only public.
func (h *Handlers) securityStatus(w http.ResponseWriter, r *http.Request) {
	st := h.Security.Status(r.Context())
	if !h.isAdminRequest(r) {
		st = secstatus.Public(st)
	}
	httpx.JSON(w, r, http.StatusOK, st)
}

// isAdminRequest reports whether the request carries a valid token of an
// administrator who may act (no pending password change).
func (h *Handlers) isAdminRequest(r *http.Request) bool {
	raw := r.Header.Get(wire.TokenHeader)
	if raw == "" {
		return false
	}
	u, _, err := h.Auth.Authenticate(r.Context(), raw)
	return err == nil && u.Role == wire.RoleAdmin && !u.MustChangePassword
}

// securityTxt serves RFC 9116 /.well-known/security.txt. Expires is always
// about six months ahead of the moment it is served.
func (h *Handlers) securityTxt(w http.ResponseWriter, r *http.Request) {
	contact := h.SecurityContact
	if contact == "" {
		contact = "mailto:security@fortfolio.example"
	}
	expires := h.now().UTC().AddDate(0, 6, 0).Truncate(24 * time.Hour)
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "max-age=86400")
	fmt.Fprintf(w, "Contact: %s\nExpires: %s\nPolicy: https://%s/security\nPreferred-Languages: en\n",
		contact, expires.Format(time.RFC3339), sanitizeHost(r.Host))
}

// sanitizeHost keeps the Host header (already checked against the allowed
// hosts) to host-name characters only.
func sanitizeHost(h string) string {
	out := make([]byte, 0, len(h))
	for i := 0; i < len(h) && i < 255; i++ {
		c := h[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == ':' || c == '[' || c == ']' {
			out = append(out, c)
		}
	}
	return string(out)
}
