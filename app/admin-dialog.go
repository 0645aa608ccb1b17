package ui

import (
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// adminConfirm is an admin action awaiting confirmation in a dialog.
type adminConfirm struct {
	Title, Text, Button string
	Danger              bool
	Run                 app.EventHandler
}

// adminDialog renders a confirmation dialog; every string is a text node.
func adminDialog(c adminConfirm, cancel app.EventHandler, extra ...app.UI) app.UI {
	cls := "btn btn-primary"
	if c.Danger {
		cls = "btn btn-danger"
	}
	return newDialog("confirm-dialog", c.Title).
		OnClose(func(ctx app.Context) { cancel(ctx, app.Event{Value: app.Null()}) }).
		Body(
			para(c.Text),
			elDiv().Body(extra...),
			divc("row",
				button(cls, "confirm-yes", c.Button, c.Run),
				elButton().Class("btn").ID("confirm-no").Text("Cancel").OnClick(cancel).
					DataSet("initial-focus", dialogInitialFocus),
			),
		)
}

// fmtTime formats a time in UTC to the minute, or "—" when unset.
func fmtTime(t *time.Time) string {
	if t == nil || t.IsZero() {
		return "—"
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}
