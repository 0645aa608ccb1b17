package api

import (
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"time"

	"github.com/fortfolio/fortfolio/server/audit"
	"github.com/fortfolio/fortfolio/server/httpx"
	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/shared/validate"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// auditDir is DATA/audit, where the hash-chained log lives.
func (h *Handlers) auditDir() string { return filepath.Join(h.Store.DataDir(), "audit") }

// auditFilter validates the query of GET /api/admin/audit (400 with a
// message for the admin).
func auditFilter(r *http.Request) (audit.Filter, error) {
	q := r.URL.Query()
	var f audit.Filter
	if f.Actor = q.Get("user"); f.Actor != "" && validate.ID(f.Actor) != nil && validate.Username(f.Actor) != nil {
		return f, httpx.BadRequest("user must be a username or an account id.")
	}
	if f.Action = q.Get("action"); f.Action != "" && !validAuditAction(f.Action) {
		return f, httpx.BadRequest(`action must look like "auth.login.failure" or "auth.*".`)
	}
	var ok bool
	if f.Since, ok = queryDate(q.Get("since")); !ok {
		return f, httpx.BadRequest("since must be a date YYYY-MM-DD.")
	}
	if f.Until, ok = queryDate(q.Get("until")); !ok {
		return f, httpx.BadRequest("until must be a date YYYY-MM-DD.")
	}
	if !f.Until.IsZero() {
		f.Until = f.Until.AddDate(0, 0, 1) // until is inclusive of that day
	}
	if !f.Since.IsZero() && !f.Until.IsZero() && !f.Since.Before(f.Until) {
		return f, httpx.BadRequest("since must not be after until.")
	}
	if f.Limit, ok = queryInt(q, "limit", audit.DefaultLimit, audit.MaxLimit); !ok || f.Limit == 0 {
		return f, httpx.BadRequest("limit must be 1..500.")
	}
	if f.Offset, ok = queryInt(q, "offset", 0, audit.MaxOffset); !ok {
		return f, httpx.BadRequest("offset must be 0..10000.")
	}
	return f, nil
}

func validAuditAction(a string) bool {
	if p, ok := strings.CutSuffix(a, ".*"); ok {
		return audit.ValidAction(p)
	}
	return audit.ValidAction(a)
}

// queryDate parses an optional YYYY-MM-DD (UTC midnight).
func queryDate(raw string) (time.Time, bool) {
	if raw == "" {
		return time.Time{}, true
	}
	t, err := validate.Date(raw)
	return t.UTC(), err == nil
}

func (h *Handlers) adminAudit(w http.ResponseWriter, r *http.Request) error {
	f, err := auditFilter(r)
	if err != nil {
		return err
	}
	names := h.usernames(r)
	if f.Actor != "" {
		if u, err := h.Store.UserByUsername(r.Context(), f.Actor); err == nil {
			f.Actor = u.ID // a username filters by its account id
		}
	}
	query := h.QueryAudit
	if query == nil {
		query = func(ctx context.Context, f audit.Filter) (audit.Page, error) {
			return audit.Query(ctx, h.auditDir(), f)
		}
	}
	page, err := query(r.Context(), f)
	if err != nil {
		return err
	}
	out := wire.AuditPage{Entries: make([]wire.AuditEntry, 0, len(page.Entries)), HasMore: page.HasMore, Limit: f.Limit, Offset: f.Offset}
	for _, e := range page.Entries {
		out.Entries = append(out.Entries, wire.AuditEntry{TS: e.TS, Actor: e.Actor, ActorName: names(e.Actor), IP: e.IP,
			Action: e.Action, Target: e.Target, TargetName: names(e.Target), Details: e.Details, Hash: e.Hash})
	}
	httpx.JSON(w, r, http.StatusOK, out)
	return nil
}

// usernames returns a lookup of current usernames by account id, cached
// for one request; unknown and non-account ids map to "".
func (h *Handlers) usernames(r *http.Request) func(id string) string {
	cache := map[string]string{}
	return func(id string) string {
		if id == "" || validate.ID(id) != nil {
			return ""
		}
		if name, ok := cache[id]; ok {
			return name
		}
		name := ""
		if u, err := h.Store.UserByID(r.Context(), id); err == nil {
			name = u.Username
		}
		cache[id] = name
		return name
	}
}

func (h *Handlers) adminAuditVerify(w http.ResponseWriter, r *http.Request) error {
	verify := h.VerifyAudit
	if verify == nil {
		verify = func(ctx context.Context) (audit.Result, error) { return audit.Verify(ctx, h.auditDir()) }
	}
	res, err := verify(r.Context())
	if err != nil {
		return err
	}
	out := wire.AuditVerify{OK: res.OK, Entries: res.Entries, LastHash: res.LastHash,
		Authenticated: res.KeyChecked, Unauthenticated: res.Unauthenticated}
	if res.Checkpoint != nil {
		out.Checkpoint = res.Checkpoint.Source
	}
	if res.Broken != nil {
		out.BrokenFile, out.BrokenLine, out.BrokenError = res.Broken.File, res.Broken.Line, res.Broken.Reason
		out.BrokenPosition, out.BrokenNode = res.Broken.Position, res.Broken.Node
	}
	httpx.JSON(w, r, http.StatusOK, out)
	return nil
}

func (h *Handlers) adminSecurityEvents(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	kind := q.Get("kind")
	if kind != "" && !audit.ValidAction(kind) {
		return httpx.BadRequest("kind must be an event kind such as login_failure.")
	}
	limit, ok := queryInt(q, "limit", 100, 500)
	if !ok || limit == 0 {
		return httpx.BadRequest("limit must be 1..500.")
	}
	now := h.now()
	events, err := h.Store.ListSecurityEvents(r.Context(), kind, time.Time{}, limit)
	if err != nil {
		return err
	}
	out := wire.SecurityEvents{Events: make([]wire.SecurityEvent, 0, len(events))}
	if out.Counts24, err = h.Store.CountSecurityEvents(r.Context(), now.Add(-24*time.Hour)); err == nil {
		out.Counts7d, err = h.Store.CountSecurityEvents(r.Context(), now.Add(-7*24*time.Hour))
	}
	if err != nil {
		return err
	}
	names := h.usernames(r)
	for _, e := range events {
		v := securityEventView(e)
		v.UserName = names(e.UserID)
		out.Events = append(out.Events, v)
	}
	httpx.JSON(w, r, http.StatusOK, out)
	return nil
}

func securityEventView(e model.SecurityEvent) wire.SecurityEvent {
	return wire.SecurityEvent{ID: e.ID, At: e.At, Kind: e.Kind, UserID: e.UserID, IP: e.IP, Detail: e.Detail, RequestID: e.RequestID, Count: e.Count}
}
