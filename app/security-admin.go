package ui

import (
	"sort"

	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// securityAdmin adds, for administrators only, the counts of security
// events by kind over 24 hours and 7 days. The server enforces the role;
// other visitors never see this section.
type securityAdmin struct {
	compo
	sess   session
	events wire.SecurityEvents
	loaded bool
}

func newSecurityAdmin() *securityAdmin { return &securityAdmin{} }

func (c *securityAdmin) OnMount(ctx app.Context) {
	c.sess = loadSession()
	if !c.sess.isAdmin() {
		return
	}
	// The security page is public: a stale token shows nothing here
	// rather than sending the visitor to the login page.
	var ev wire.SecurityEvents
	callPublic(ctx, "GET", wire.RouteAdminEvents+"?limit=1", none{}, &ev, func(ctx app.Context, err error) {
		if err == nil {
			c.events, c.loaded = ev, true
		}
	})
}

func (c *securityAdmin) Render() app.UI {
	if !c.loaded {
		return elDiv()
	}
	kinds := map[string]bool{}
	for k := range c.events.Counts7d {
		kinds[k] = true
	}
	for k := range c.events.Counts24 {
		kinds[k] = true
	}
	names := make([]string, 0, len(kinds))
	for k := range kinds {
		names = append(names, k)
	}
	sort.Strings(names)
	return divcID("card", "admin-security-counts",
		h3("Administrators: security events"),
		when(len(names) == 0, func() app.UI { return parac("muted", "No security events in the last 7 days.") }),
		elTable().Body(
			thead(tr(th("Kind"), thc("num", "24 hours"), thc("num", "7 days"))),
			tbody(app.Range(names).Slice(func(i int) app.UI {
				k := names[i]
				return tr(td(k), tdc("num", itoa(c.events.Counts24[k])),
					tdc("num", itoa(c.events.Counts7d[k])))
			})),
		),
		elP().Body(elA().Attr("href", "/admin").Text("Open the admin panel")),
	)
}
