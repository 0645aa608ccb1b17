package api

import (
	"net/http"

	"github.com/fortfolio/fortfolio/server/httpx"
	"github.com/fortfolio/fortfolio/server/store"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// registerSessions adds the session routes of the user and the admin.
func (h *Handlers) registerSessions(mux *http.ServeMux) {
	mux.Handle("GET /api/me/sessions", h.User(h.listSessions))
	mux.Handle("DELETE /api/me/sessions/{id}", h.User(h.endSession))
	mux.Handle("POST /api/auth/logout-all", h.User(h.logoutAll))
	mux.HandleFunc("POST /api/auth/resume/nonce", serve(h.resumeNonce))
	mux.HandleFunc("POST /api/auth/resume", serve(h.resume))
	mux.Handle("GET /api/admin/users/{id}/sessions", h.Admin(h.adminListSessions))
	mux.Handle("DELETE /api/admin/users/{id}/sessions/{sid}", h.Admin(h.adminEndSession))
}

func sessionView(se store.Session, current string) wire.Session {
	return wire.Session{ID: se.ID, Agent: se.Agent, IP: se.IP, CreatedAt: se.CreatedAt, LastSeenAt: se.LastSeenAt,
		ExpiresAt: se.ExpiresAt, Current: se.ID == current, Remembered: se.Remembered()}
}

func (h *Handlers) writeSessions(w http.ResponseWriter, r *http.Request, userID, current string) error {
	list, err := h.Auth.Sessions(r.Context(), userID)
	if err != nil {
		return err
	}
	out := wire.SessionList{Sessions: make([]wire.Session, 0, len(list))}
	for _, se := range list {
		out.Sessions = append(out.Sessions, sessionView(se, current))
	}
	httpx.JSON(w, r, http.StatusOK, out)
	return nil
}

func (h *Handlers) listSessions(w http.ResponseWriter, r *http.Request) error {
	return h.writeSessions(w, r, currentUser(r).ID, claimsFrom(r.Context()).SessionID)
}

func (h *Handlers) endSession(w http.ResponseWriter, r *http.Request) error {
	sid, err := pathID(r, "id")
	if err != nil {
		return err
	}
	u := currentUser(r)
	if err := h.Auth.EndSession(r.Context(), u.ID, h.ClientIP(r), u.ID, sid, store.EndByUser); err != nil {
		return err
	}
	httpx.NoContent(w)
	return nil
}

func (h *Handlers) logoutAll(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	n, err := h.Auth.LogoutAll(r.Context(), u.ID, h.ClientIP(r), u.ID, claimsFrom(r.Context()).SessionID, store.EndLogoutAll)
	if err != nil {
		return err
	}
	httpx.JSON(w, r, http.StatusOK, wire.SessionsEnded{Ended: n})
	return nil
}

func (h *Handlers) adminListSessions(w http.ResponseWriter, r *http.Request) error {
	u, err := h.targetUser(r)
	if err != nil {
		return err
	}
	return h.writeSessions(w, r, u.ID, claimsFrom(r.Context()).SessionID)
}

func (h *Handlers) adminEndSession(w http.ResponseWriter, r *http.Request) error {
	u, err := h.targetUser(r)
	if err != nil {
		return err
	}
	sid, err := pathID(r, "sid")
	if err != nil {
		return err
	}
	if err := h.Auth.EndSession(r.Context(), currentUser(r).ID, h.ClientIP(r), u.ID, sid, store.EndByAdmin); err != nil {
		return err
	}
	h.notify(r, u.ID, "session_ended", "An administrator signed one of your sessions out.")
	httpx.NoContent(w)
	return nil
}

func (h *Handlers) resumeNonce(w http.ResponseWriter, r *http.Request) error {
	var in wire.ResumeNonceRequest
	if err := httpx.Decode(w, r, &in); err != nil {
		return err
	}
	n, err := h.Auth.ResumeNonce(r.Context(), h.ClientIP(r), in.Session)
	if err != nil {
		return err
	}
	httpx.JSON(w, r, http.StatusOK, wire.ResumeNonce{Nonce: n})
	return nil
}

// resume signs a remembered browser back in with its device key's proof.
func (h *Handlers) resume(w http.ResponseWriter, r *http.Request) error {
	var in wire.ResumeRequest
	if err := httpx.Decode(w, r, &in); err != nil {
		return err
	}
	res, err := h.Auth.Resume(r.Context(), h.ClientIP(r), in.Session, in.Nonce, in.Signature)
	if err != nil {
		return err
	}
	return h.writeLogin(w, r, res)
}
