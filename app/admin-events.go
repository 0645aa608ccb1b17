package ui

import (
	"net/url"
	"sort"

	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// adminEvents shows security events: counts by kind over 24 hours and 7
// days, and the newest events, optionally of one kind.
type adminEvents struct {
	compo
	kind   string
	data   wire.SecurityEvents
	loaded bool
	err    string
	ui     app.Context // own context: the "show all" button unmounts on click (see call.go)
}

func newAdminEvents() *adminEvents { return &adminEvents{} }

func (c *adminEvents) OnMount(ctx app.Context) {
	c.ui = ctx
	c.load()
}

func (c *adminEvents) load() {
	path := wire.RouteAdminEvents + "?limit=200"
	if c.kind != "" {
		path += "&kind=" + url.QueryEscape(c.kind)
	}
	var out wire.SecurityEvents
	call(c.ui, "GET", path, none{}, &out, func(ctx app.Context, err error) {
		c.err = errText(err)
		if err == nil {
			c.data, c.loaded = out, true
		}
	})
}

func (c *adminEvents) Render() app.UI {
	return elDiv().ID("admin-events").Body(
		notice("error", "", c.err),
		when(!c.loaded && c.err == "", func() app.UI { return parac("muted", "Loading events…") }),
		when(c.loaded, c.counts),
		when(c.loaded, c.table),
	)
}

// kinds returns every kind seen in the last 7 days, sorted.
func (c *adminEvents) kinds() []string {
	out := make([]string, 0, len(c.data.Counts7d))
	for k := range c.data.Counts7d {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func (c *adminEvents) counts() app.UI {
	kinds := c.kinds()
	if len(kinds) == 0 {
		return paraID("empty", "events-none", "No security events in the last 7 days.")
	}
	return tableWrap().Body(elTable().ID("event-counts").Body(
		thead(tr(th("Kind"), th("Last 24 h"), th("Last 7 days"), elTh())),
		tbody(app.Range(kinds).Slice(func(i int) app.UI {
			k := kinds[i]
			return tr(
				td(k), td(itoa(c.data.Counts24[k])), td(itoa(c.data.Counts7d[k])),
				elTd().Body(elButton().Class("btn btn-small").Text("Show only").OnClick(c.filter(k), app.EventScope(k))),
			)
		})),
	))
}

func (c *adminEvents) table() app.UI {
	title := "Newest events"
	if c.kind != "" {
		title = "Newest events of kind " + c.kind
	}
	return elDiv().Body(
		h2(title),
		when(c.kind != "", func() app.UI {
			return button("btn btn-small", "events-all", "Show all kinds", c.filter(""))
		}),
		app.If(len(c.data.Events) == 0, func() app.UI {
			return paraID("empty", "events-empty", "No security event recorded.")
		}).Else(func() app.UI { return c.eventsTable() }),
	)
}

func (c *adminEvents) eventsTable() app.UI {
	return tableWrap().Body(elTable().ID("events-table").Body(
		thead(tr(th("Time (UTC)"), th("Kind"), th("Account"),
			th("IP"), th("Detail"), th("Request"))),
		tbody(app.Range(c.data.Events).Slice(func(i int) app.UI {
			e := c.data.Events[i]
			return elTr().Class("event-row").Body(
				td(e.At.UTC().Format("2006-01-02 15:04:05")), td(e.Kind), td(withName(e.UserName, e.UserID)),
				td(e.IP), td(eventDetail(e)), td(e.RequestID),
			)
		})),
	))
}

func (c *adminEvents) filter(kind string) app.EventHandler {
	return func(_ app.Context, e app.Event) {
		c.kind = kind
		c.load()
	}
}

// eventDetail is an event's detail with its count when the row stands for
// several occurrences (refusals are counted per client and minute).
func eventDetail(e wire.SecurityEvent) string {
	if e.Count > 1 {
		return e.Detail + " (" + itoa(e.Count) + " times)"
	}
	return e.Detail
}
