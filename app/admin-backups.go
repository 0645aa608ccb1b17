package ui

import (
	"strconv"
	"time"

	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// adminBackups lists backup archives and takes one on demand.
type adminBackups struct {
	compo
	data        wire.BackupList
	loaded      bool
	busy        bool
	err, notice string
	ui          app.Context // the component's own context (see call.go)
}

func newAdminBackups() *adminBackups { return &adminBackups{} }

func (c *adminBackups) OnMount(ctx app.Context) { c.ui = ctx; c.load() }

func (c *adminBackups) load() {
	var out wire.BackupList
	call(c.ui, "GET", wire.RouteAdminBackups, none{}, &out, func(ctx app.Context, err error) {
		// Keep the error of a failed "Back up now" across the reload.
		if err != nil {
			c.err = err.Error()
			return
		}
		c.data, c.loaded = out, true
	})
}

func (c *adminBackups) Render() app.UI {
	return elDiv().ID("admin-backups").Body(
		elDl().Class("kv").Body(
			dt("Last successful backup"), elDd().ID("backup-last-ok").Text(fmtTime(c.data.LastSuccess)),
			dt("Last failed backup"), elDd().ID("backup-last-fail").Text(fmtTime(c.data.LastFailure)),
		),
		parac("muted", "Nightly backups keep the newest of each of the last 7 days, 8 weeks and 12 months. "+
			"Restore with: fortfolio backup restore --from FILE --data NEWDIR (server stopped)."),
		stateButton("btn btn-primary", "backup-now", c.busy, map[bool]string{true: "Backing up…", false: "Back up now"}[c.busy], c.run),
		notice("error", "backup-error", c.err),
		notice("ok", "backup-ok", c.notice),
		when(c.loaded, c.table),
	)
}

func (c *adminBackups) table() app.UI {
	if len(c.data.Backups) == 0 {
		return paraID("empty", "backups-none", "No backups yet.")
	}
	return tableWrap().Body(elTable().ID("backups-table").Body(
		thead(tr(th("Archive"), th("Created (UTC)"), th("Age"),
			th("Size"), th("Files"))),
		tbody(app.Range(c.data.Backups).Slice(func(i int) app.UI {
			b := c.data.Backups[i]
			return elTr().Class("backup-row").Body(
				td(b.Name), td(b.CreatedAt.UTC().Format("2006-01-02 15:04:05")),
				td(fmtAge(b.AgeSeconds)), td(fmtBytes(b.Size)), td(itoa(b.Files)),
			)
		})),
	))
}

func (c *adminBackups) run(ctx app.Context, e app.Event) {
	c.busy, c.err, c.notice = true, "", ""
	var b wire.Backup
	call(c.ui, "POST", wire.RouteAdminBackups, none{}, &b, func(ctx app.Context, err error) {
		c.busy = false
		c.err = errText(err)
		if err == nil {
			c.notice = "Backup " + b.Name + " written (" + fmtBytes(b.Size) + ")."
		}
		c.load()
	})
}

// fmtAge formats an age in seconds as minutes, hours or days.
func fmtAge(secs int64) string {
	d := time.Duration(secs) * time.Second
	switch {
	case d < time.Hour:
		return itoa(int(d/time.Minute)) + " min"
	case d < 48*time.Hour:
		return itoa(int(d/time.Hour)) + " h"
	}
	return itoa(int(d/(24*time.Hour))) + " days"
}

// fmtBytes formats a size with a binary unit.
func fmtBytes(n int64) string {
	switch {
	case n < 1<<10:
		return strconv.FormatInt(n, 10) + " B"
	case n < 1<<20:
		return strconv.FormatFloat(float64(n)/(1<<10), 'f', 1, 64) + " KiB"
	}
	return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MiB"
}
