package ui

import (
	"net/url"
	"strconv"
	"time"

	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// adminStats is the "Usage" tab of the admin panel: anonymous page views
// and daily visitors over a date range, the top pages, referrers, browsers,
// systems, devices and screens, and a CSV export.
type adminStats struct {
	compo
	from, to string
	report   wire.StatsReport
	loaded   bool
	err      string
	ui       app.Context // the component's own context (see call.go)
}

func newAdminStats() *adminStats { return &adminStats{} }

func (c *adminStats) OnMount(ctx app.Context) {
	c.ui = ctx
	today := time.Now().UTC()
	c.to = today.Format(time.DateOnly)
	c.from = today.AddDate(0, 0, -29).Format(time.DateOnly)
	c.load()
}

func (c *adminStats) query() string {
	q := url.Values{}
	q.Set("from", c.from)
	q.Set("to", c.to)
	return q.Encode()
}

func (c *adminStats) load() {
	var rep wire.StatsReport
	call(c.ui, "GET", wire.RouteAdminStats+"?"+c.query(), none{}, &rep, func(ctx app.Context, err error) {
		c.err = errText(err)
		if err == nil {
			c.report, c.loaded = rep, true
		}
	})
}

func (c *adminStats) apply(ctx app.Context, e app.Event) {
	e.PreventDefault()
	c.load()
}

// export fetches the CSV with the session token and saves it through a
// blob URL.
func (c *adminStats) export(ctx app.Context, e app.Event) {
	name := "fortfolio-stats-" + c.from + "-" + c.to + ".csv"
	var f download
	call(c.ui, "GET", wire.RouteAdminStatsCSV+"?"+c.query(), none{}, &f, func(ctx app.Context, err error) {
		c.err = errText(err)
		if err == nil {
			downloadText(name, "text/csv", string(f.Data))
		}
	})
}

func (c *adminStats) Render() app.UI {
	return elDiv().ID("admin-stats").Class("chart-stack").Body(
		parac("muted", "Anonymous usage statistics: no cookies, no identifiers in the browser, "+
			"no addresses or User-Agents stored. Visitors are counted once per day with a salt that is deleted daily."),
		elForm().Class("form-grid").ID("stats-filters").OnSubmit(c.apply).Body(
			label("From", elInput().Attr("type", "date").ID("stats-from").Attr("value", c.from).OnChange(c.ValueTo(&c.from))),
			label("To", elInput().Attr("type", "date").ID("stats-to").Attr("value", c.to).OnChange(c.ValueTo(&c.to))),
			elButton().Class("btn").Attr("type", "submit").ID("stats-apply").Text("Show"),
			elButton().Class("btn").Attr("type", "button").ID("stats-export").Text("Export CSV").OnClick(c.export),
		),
		notice("error", "stats-error", c.err),
		when(!c.loaded && c.err == "", func() app.UI { return parac("muted", "Loading statistics…") }),
		when(c.loaded, c.summary),
	)
}

func (c *adminStats) summary() app.UI {
	r := c.report
	return divc("chart-stack",
		elDiv().Class("cards").Body(
			statsMetric("stats-views", "Page views", r.Views),
			statsMetric("stats-visitors", "Daily visitors (summed)", r.Visitors),
		),
		newStatsChart().Days(r.Days),
		elDiv().Class("stats-tables").Body(
			statsPagesTable(r.Pages),
			statsCountTable("stats-referrers", "Referrers", r.Referrers),
			statsCountTable("stats-browsers", "Browsers", r.Browsers),
			statsCountTable("stats-os", "Operating systems", r.OS),
			statsCountTable("stats-devices", "Devices", r.Devices),
			statsCountTable("stats-screens", "Screens", r.Screens),
		),
	)
}

func statsMetric(id, label string, v int64) app.UI {
	return divc("metric",
		divct("metric-label", label),
		divID("metric-value", id, strconv.FormatInt(v, 10)),
	)
}

func statsPagesTable(pages []wire.StatsPage) app.UI {
	rows := make([]app.UI, 0, len(pages))
	for _, p := range pages {
		rows = append(rows, tr(td(p.Path),
			td(strconv.FormatInt(p.Views, 10)), td(strconv.FormatInt(p.Uniques, 10))))
	}
	return statsTable("stats-pages", "Top pages", []string{"Page", "Views", "Visitors"}, rows)
}

func statsCountTable(id, title string, counts []wire.StatsCount) app.UI {
	rows := make([]app.UI, 0, len(counts))
	for _, c := range counts {
		rows = append(rows, tr(td(c.Value), td(strconv.FormatInt(c.Count, 10))))
	}
	return statsTable(id, title, []string{title, "Count"}, rows)
}

func statsTable(id, title string, head []string, rows []app.UI) app.UI {
	if len(rows) == 0 {
		return divcID("card", id, h3(title), parac("empty", "Nothing yet."))
	}
	ths := make([]app.UI, 0, len(head))
	for _, h := range head {
		ths = append(ths, th(h))
	}
	return divcID("card", id, h3(title), tableWrap().Body(
		elTable().Body(thead(tr(ths...)), tbody(rows...)),
	))
}
