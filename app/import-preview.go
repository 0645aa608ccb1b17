package ui

import (
	"strings"

	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// maxPreviewRows is how many rows the preview table lists.
const maxPreviewRows = 200

func (d *importDialog) renderPreview() app.UI {
	p := d.preview
	return divcID("stack", "import-preview-result",
		paraID("muted", "import-settings", d.settingsText()),
		when(p.Saved != nil, func() app.UI {
			return elP().Class("muted").ID("import-saved").Body(
				app.Text("Using your saved settings “"+p.Saved.Name+"”. "),
				button("btn btn-small", "import-forget", "Forget them", d.forget),
			)
		}),
		when(p.Format == "custom", d.renderMapping),
		when(len(p.Unmapped) > 0, d.renderSymbols),
		elP().ID("import-counts").Text(d.countsText()),
		d.renderVerdict(),
		when(len(p.Rows) > 0, d.renderRows),
	)
}

// formatName is a format id's display name.
func (d *importDialog) formatName(id string) string {
	if d.formats != nil {
		for _, f := range d.formats.Formats {
			if f.ID == id {
				return f.Name
			}
		}
	}
	return id
}

func (d *importDialog) settingsText() string {
	p := d.preview
	s := p.Settings
	parts := []string{"Read as " + d.formatName(p.Format), "encoding " + s.Encoding}
	if s.Delimiter != "" {
		parts = append(parts, "delimiter "+delimiterName(s.Delimiter))
	}
	if s.DecimalComma {
		parts = append(parts, "decimal comma")
	}
	if s.DateFormat != "" {
		d := "dates " + s.DateFormat
		if s.DateAmbiguous {
			d += " (could also be day-first or month-first: check below)"
		}
		parts = append(parts, d)
	}
	if s.HeaderLine > 0 {
		parts = append(parts, "header on line "+itoa(s.HeaderLine))
	}
	return strings.Join(parts, " · ") + "."
}

func delimiterName(d string) string {
	switch d {
	case "\t":
		return "tab"
	case ";":
		return "semicolon"
	case "|":
		return "bar"
	}
	return "comma"
}

func (d *importDialog) countsText() string {
	p := d.preview
	return plural(p.New, "new transaction", "new transactions") + " · " + itoa(p.Present) + " already in the portfolio · " +
		itoa(p.Conflicting) + " conflicting · " + itoa(len(p.Skipped)) + " skipped"
}

func (d *importDialog) renderVerdict() app.UI {
	p := d.preview
	switch {
	case len(p.Errors) > 0:
		return divcID("alert alert-error", "import-errors",
			para(plural(len(p.Errors), "line needs", "lines need")+" fixing; nothing will be imported:"),
			elUl().Body(app.Range(p.Errors).Slice(func(i int) app.UI {
				e := p.Errors[i]
				return elLi().Class("import-line-error").Text(lineLabel(e.Line) + ": " + e.Message)
			})),
		)
	case p.New == 0:
		return divID("alert alert-ok", "import-nothing", "Everything in this file is already in the portfolio: nothing to import.")
	}
	return divID("alert alert-ok", "import-ok",
		plural(p.New, "transaction is", "transactions are")+" valid and ready to import.")
}

func (d *importDialog) renderRows() app.UI {
	rows := d.preview.Rows[:min(len(d.preview.Rows), maxPreviewRows)]
	return tableWrap().Body(elTable().ID("import-rows").Body(
		thead(tr(
			th("Line"), th("Status"), th("Date"), th("Kind"), th("Ticker"),
			thc("num", "Quantity"), thc("num", "Price"), thc("num", "Fee"),
			thc("num", "Amount"), th("Currency"),
		)),
		tbody(app.Range(rows).Slice(func(i int) app.UI {
			r := rows[i]
			t := r.Transaction
			return elTr().Class("import-row import-"+r.Status).Body(
				td(itoa(r.Line)), elTd().Body(spanc(statusBadge(r.Status), statusText(r.Status))),
				td(t.Date), td(t.Kind), td(t.Ticker),
				tdc("num", numOrBlank(t.Quantity)), tdc("num", numOrBlank(t.Price)),
				tdc("num", numOrBlank(t.Fee)), tdc("num", numOrBlank(t.Amount)), td(t.Currency),
			)
		})),
	))
}

func statusText(s string) string {
	switch s {
	case wire.ImportPresent:
		return "already there"
	case wire.ImportConflict:
		return "conflict"
	}
	return "new"
}

func statusBadge(s string) string {
	if s == wire.ImportConflict {
		return "badge badge-bad"
	}
	return "badge"
}

func numOrBlank(v float64) string {
	if v == 0 {
		return ""
	}
	return ftoa(v, -1)
}

// forget deletes the saved settings the preview used and previews again
// with the detected ones.
func (d *importDialog) forget(ctx app.Context, e app.Event) {
	saved := d.preview.Saved
	d.save = false
	call(d.ui, "DELETE", wire.Path(wire.RouteImportMapping, saved.ID), none{}, new(none), func(ctx app.Context, err error) {
		if err != nil {
			d.err = err.Error()
			return
		}
		d.send(false)
	})
}
