package api

import (
	"crypto/rand"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/fortfolio/fortfolio/server/audit"
	"github.com/fortfolio/fortfolio/server/auth"
	"github.com/fortfolio/fortfolio/server/httpx"
	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/server/store"
	"github.com/fortfolio/fortfolio/shared/validate"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// registerAdmin adds the /api/admin routes; every one goes through h.Admin.
func (h *Handlers) registerAdmin(mux *http.ServeMux) {
	mux.Handle("GET /api/admin/users", h.Admin(h.adminListUsers))
	mux.Handle("POST /api/admin/users/{id}/reset-password", h.Admin(h.adminResetPassword))
	mux.Handle("POST /api/admin/users/{id}/lock", h.Admin(h.adminLock))
	mux.Handle("POST /api/admin/users/{id}/unlock", h.Admin(h.adminUnlock))
	mux.Handle("PUT /api/admin/users/{id}/role", h.Admin(h.adminSetRole))
	mux.Handle("DELETE /api/admin/users/{id}", h.Admin(h.adminDeleteUser))
	mux.Handle("GET /api/admin/users/{id}/export.json", h.Admin(h.adminExportJSON))
	mux.Handle("GET /api/admin/audit", h.Admin(h.adminAudit))
	mux.Handle("GET /api/admin/audit/verify", h.Admin(h.adminAuditVerify))
	mux.Handle("GET /api/admin/security-events", h.Admin(h.adminSecurityEvents))
	mux.Handle("GET /api/admin/backups", h.Admin(h.adminListBackups))
	mux.Handle("POST /api/admin/backups", h.Admin(h.adminRunBackup))
}

// queryInt reads an optional non-negative integer query parameter.
func queryInt(q url.Values, name string, def, max int) (int, bool) {
	raw := q.Get(name)
	if raw == "" {
		return def, true
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < 0 || n > max || len(raw) > 6 {
		return 0, false
	}
	return n, true
}

func adminUserView(u model.User, now time.Time) wire.AdminUser {
	out := wire.AdminUser{ID: u.ID, Username: u.Username, Role: u.Role, CreatedAt: u.CreatedAt,
		AdminLocked: u.AdminLocked, FailedAttempts: u.FailedAttempts, MustChange: u.MustChangePassword}
	if !u.LastLoginAt.IsZero() {
		t := u.LastLoginAt
		out.LastLoginAt = &t
	}
	if now.Before(u.LockedUntil) {
		t := u.LockedUntil
		out.LockedUntil = &t
	}
	out.Locked = u.AdminLocked || out.LockedUntil != nil
	return out
}

func (h *Handlers) adminListUsers(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	search, err := validate.Text("Search", q.Get("q"), 0, 64, false)
	if err != nil {
		return httpx.BadRequest(err.Error())
	}
	limit, ok1 := queryInt(q, "limit", 20, 100)
	offset, ok2 := queryInt(q, "offset", 0, 100000)
	if !ok1 || !ok2 || limit == 0 {
		return httpx.BadRequest("limit must be 1..100 and offset a non-negative number.")
	}
	now := h.now()
	users, total, err := h.Store.ListUsers(r.Context(), store.UserQuery{Search: search, Limit: limit, Offset: offset}, now)
	if err != nil {
		return err
	}
	out := wire.AdminUserList{Users: make([]wire.AdminUser, 0, len(users)), Total: total, Limit: limit, Offset: offset}
	for _, u := range users {
		out.Users = append(out.Users, adminUserView(u, now))
	}
	httpx.JSON(w, r, http.StatusOK, out)
	return nil
}

// targetUser validates the {id} path value and loads that account.
func (h *Handlers) targetUser(r *http.Request) (model.User, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return model.User{}, err
	}
	return h.Store.UserByID(r.Context(), id)
}

// notify queues an in-app notice (and its e-mail copy through h.Notify);
// a failure is logged as a security event
// but does not undo the admin action.
func (h *Handlers) notify(r *http.Request, userID, kind, msg string) {
	var n auth.Notifier = h.Store
	if h.Notify != nil {
		n = h.Notify
	}
	if err := n.Notify(r.Context(), userID, kind, msg, h.now()); err != nil {
		h.Record.Event(r.Context(), model.SecurityEvent{Kind: "server_error", UserID: userID, Detail: "notify: " + kind})
	}
}

// tempPasswordAlphabet avoids look-alike characters (0/O, 1/l/I).
const tempPasswordAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"

// newTempPassword returns 20 random characters (about 116 bits) grouped in
// fours for reading aloud.
func newTempPassword() string {
	b := make([]byte, 0, 24)
	for i := range 20 {
		if i > 0 && i%4 == 0 {
			b = append(b, '-')
		}
		b = append(b, tempPasswordAlphabet[randIndex(len(tempPasswordAlphabet))])
	}
	return string(b)
}

// randIndex returns a uniform random number in [0, n) by rejection.
func randIndex(n int) int {
	limit := 256 - 256%n
	var one [1]byte
	for {
		_, _ = rand.Read(one[:])
		if int(one[0]) < limit {
			return int(one[0]) % n
		}
	}
}

func (h *Handlers) adminResetPassword(w http.ResponseWriter, r *http.Request) error {
	u, err := h.targetUser(r)
	if err != nil {
		return err
	}
	pw := newTempPassword()
	hash, err := h.Auth.Hasher().Hash(pw)
	if err != nil {
		return err
	}
	if err := h.endAllSessions(r, u.ID); err != nil {
		return err
	}
	if err := h.Store.SetPassword(r.Context(), u.ID, hash, true, h.now()); err != nil {
		return err
	}
	h.Audit(r, audit.ActionAdminUserReset, u.ID, map[string]string{"username": u.Username})
	h.notify(r, u.ID, "password_reset", "An administrator reset your password. Choose a new one now.")
	httpx.JSON(w, r, http.StatusOK, wire.TemporaryPassword{Username: u.Username, Password: pw})
	return nil
}

// endAllSessions ends (and audits the end of) every session of a user an
// administrator acts on; the store action that follows ends their tokens.
func (h *Handlers) endAllSessions(r *http.Request, userID string) error {
	_, err := h.Auth.LogoutAll(r.Context(), currentUser(r).ID, h.ClientIP(r), userID, "", store.EndByAdmin)
	return err
}

func (h *Handlers) adminLock(w http.ResponseWriter, r *http.Request) error {
	u, err := h.targetUser(r)
	if err != nil {
		return err
	}
	if currentUser(r).ID == u.ID {
		return httpx.Conflict("You cannot lock your own account.")
	}
	if err := h.endAllSessions(r, u.ID); err != nil {
		return err
	}
	if err := h.Store.AdminLock(r.Context(), u.ID, h.now()); err != nil {
		return err
	}
	h.Audit(r, audit.ActionAdminUserLock, u.ID, map[string]string{"username": u.Username})
	h.notify(r, u.ID, "admin_lock", "An administrator locked your account. Contact them to get access again.")
	u.AdminLocked = true
	httpx.JSON(w, r, http.StatusOK, adminUserView(u, h.now()))
	return nil
}

func (h *Handlers) adminUnlock(w http.ResponseWriter, r *http.Request) error {
	u, err := h.targetUser(r)
	if err != nil {
		return err
	}
	now := h.now()
	// Unlocking clears every login lock and limit of the account; it does
	// not end sessions (a failed-login lock never did either).
	if err := h.Store.Unlock(r.Context(), u.ID); err != nil {
		return err
	}
	h.Auth.ClearLoginLimits(u.Username)
	h.Audit(r, audit.ActionAdminUserUnlock, u.ID, map[string]string{"username": u.Username})
	h.notify(r, u.ID, "admin_unlock", "An administrator unlocked your account.")
	u.AdminLocked, u.LockedUntil, u.FailedAttempts = false, time.Time{}, 0
	httpx.JSON(w, r, http.StatusOK, adminUserView(u, now))
	return nil
}

func (h *Handlers) adminSetRole(w http.ResponseWriter, r *http.Request) error {
	u, err := h.targetUser(r)
	if err != nil {
		return err
	}
	var in wire.RoleChange
	if err := httpx.Decode(w, r, &in); err != nil {
		return err
	}
	if in.Role != wire.RoleUser && in.Role != wire.RoleAdmin {
		return httpx.BadRequest(`Role must be "user" or "admin".`)
	}
	open, err := h.Auth.Sessions(r.Context(), u.ID)
	if err != nil {
		return err
	}
	if err := h.Store.SetRole(r.Context(), u.ID, in.Role, h.now()); err != nil {
		return err
	}
	for _, se := range open { // SetRole ended them with the tokens
		h.Auth.AuditSessionEnd(r.Context(), currentUser(r).ID, h.ClientIP(r), u.ID, se.ID, store.EndAccount)
	}
	h.Audit(r, audit.ActionAdminUserRole, u.ID, map[string]string{"username": u.Username, "from": u.Role, "to": in.Role})
	h.notify(r, u.ID, "role_change", "An administrator changed your role to "+in.Role+".")
	u.Role = in.Role
	httpx.JSON(w, r, http.StatusOK, adminUserView(u, h.now()))
	return nil
}

func (h *Handlers) adminDeleteUser(w http.ResponseWriter, r *http.Request) error {
	u, err := h.targetUser(r)
	if err != nil {
		return err
	}
	if h.TxAudit != nil { // the account's pending audit entries go with its database
		if err := h.TxAudit.Sync(r.Context()); err != nil {
			return err
		}
	}
	if err := h.Store.DeleteUser(r.Context(), u.ID, currentUser(r).ID); err != nil {
		return err
	}
	h.Audit(r, audit.ActionAdminUserDelete, u.ID, map[string]string{"username": u.Username})
	httpx.NoContent(w)
	return nil
}
