package ui

import (
	"net/url"
	"sort"
	"strings"

	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// adminAuditPage is the page size of the audit view.
const adminAuditPage = 50

// adminAudit shows the hash-chained audit log with filters, paging and the
// chain's verification status.
type adminAudit struct {
	compo
	user, action, since, until string
	offset                     int
	page                       wire.AuditPage
	verify                     *wire.AuditVerify
	loaded                     bool
	err, verifyErr             string
	ui                         app.Context // the component's own context (see call.go)
}

func newAdminAudit() *adminAudit { return &adminAudit{} }

func (c *adminAudit) OnMount(ctx app.Context) {
	c.ui = ctx
	c.load()
	var v wire.AuditVerify
	call(ctx, "GET", wire.RouteAdminAuditVerify, none{}, &v, func(ctx app.Context, err error) {
		c.verifyErr = errText(err)
		if err == nil {
			c.verify = &v
		}
	})
}

func (c *adminAudit) load() {
	q := url.Values{}
	for k, v := range map[string]string{"user": c.user, "action": c.action, "since": c.since, "until": c.until} {
		if v = strings.TrimSpace(v); v != "" {
			q.Set(k, v)
		}
	}
	q.Set("limit", itoa(adminAuditPage))
	q.Set("offset", itoa(c.offset))
	var p wire.AuditPage
	call(c.ui, "GET", wire.WithQuery(wire.RouteAdminAudit, q), none{}, &p, func(ctx app.Context, err error) {
		c.err = errText(err)
		if err == nil {
			c.page, c.loaded = p, true
		}
	})
}

func (c *adminAudit) Render() app.UI {
	return elDiv().ID("admin-audit").Body(
		c.badge(),
		elForm().Class("form-grid").ID("audit-filters").OnSubmit(c.apply).Body(
			label("User (username or account id)", elInput().ID("audit-user").Attr("value", c.user).OnChange(c.ValueTo(&c.user))),
			label("Action (e.g. auth.* or admin.user.lock)", elInput().ID("audit-action").Attr("value", c.action).OnChange(c.ValueTo(&c.action))),
			label("From", elInput().Attr("type", "date").ID("audit-since").Attr("value", c.since).OnChange(c.ValueTo(&c.since))),
			label("To", elInput().Attr("type", "date").ID("audit-until").Attr("value", c.until).OnChange(c.ValueTo(&c.until))),
			elButton().Class("btn").Attr("type", "submit").ID("audit-apply").Text("Apply filters"),
		),
		notice("error", "audit-error", c.err),
		when(c.loaded, c.table),
		when(c.loaded && (len(c.page.Entries) > 0 || c.offset > 0), c.pager),
	)
}

func (c *adminAudit) badge() app.UI {
	switch {
	case c.verifyErr != "":
		return elP().Body(spanID("badge badge-bad", "audit-verify", "Chain check failed: "+c.verifyErr))
	case c.verify == nil:
		return parac("muted", "Verifying the hash chain…")
	case c.verify.OK && c.verify.Authenticated:
		return elP().Body(spanID("badge good", "audit-verify",
			"Chain verified: "+plural(c.verify.Entries, "entry", "entries")+" intact, "+
				plural(c.verify.Entries-c.verify.Unauthenticated, "entry", "entries")+" authenticated with the audit key"+
				checkpointText(c.verify.Checkpoint)))
	case c.verify.OK:
		return elP().Body(spanID("badge", "audit-verify",
			"Chain verified: "+plural(c.verify.Entries, "entry", "entries")+
				" intact, but UNAUTHENTICATED: no audit key is set, so a rewritten chain would not be noticed"))
	}
	v := c.verify
	where := "the end of the log"
	if v.BrokenFile != "" {
		where = v.BrokenFile + " line " + itoa(v.BrokenLine)
	}
	return elP().Body(spanID("badge badge-bad", "audit-verify",
		"Chain BROKEN at "+where+": "+v.BrokenError))
}

// checkpointText names the checkpoint the chain was compared with.
func checkpointText(source string) string {
	if source == "" {
		return ""
	}
	return "; matches the checkpoint in " + source
}

func (c *adminAudit) table() app.UI {
	if len(c.page.Entries) == 0 {
		return parac("empty", "No audit entry matches.")
	}
	return tableWrap().Body(elTable().ID("audit-table").Body(
		thead(tr(
			th("Time (UTC)"), th("Actor"), th("IP"),
			th("Action"), th("Target"), th("Details"),
		)),
		tbody(app.Range(c.page.Entries).Slice(func(i int) app.UI {
			e := c.page.Entries[i]
			return elTr().Class("audit-row").Body(
				td(e.TS.UTC().Format("2006-01-02 15:04:05")),
				tdc("audit-actor", withName(e.ActorName, e.Actor)), td(e.IP),
				tdc("audit-action", e.Action),
				tdc("audit-target", withName(e.TargetName, e.Target)), tdc("audit-details", detailsText(e.Details)),
			)
		})),
	))
}

// detailsText renders details as "key=value; ..." in key order (as text).
func detailsText(d map[string]string) string {
	keys := make([]string, 0, len(d))
	for k := range d {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, k+"="+d[k])
	}
	return strings.Join(parts, "; ")
}

func (c *adminAudit) pager() app.UI {
	return divc("row",
		stateButton("btn btn-small", "audit-prev", c.offset == 0, "Newer", c.move(-adminAuditPage)),
		spanc("muted", "Entries "+itoa(c.offset+1)+"–"+itoa(c.offset+len(c.page.Entries))),
		stateButton("btn btn-small", "audit-next", !c.page.HasMore, "Older", c.move(adminAuditPage)),
	)
}

func (c *adminAudit) move(delta int) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		c.offset = max(0, c.offset+delta)
		c.load()
	}
}

func (c *adminAudit) apply(ctx app.Context, e app.Event) {
	e.PreventDefault()
	c.offset = 0
	c.load()
}

// withName shows "name (id)" when the id belongs to a known account.
func withName(name, id string) string {
	if name == "" {
		return id
	}
	return name + " (" + id + ")"
}
