package ui

import (
	"maps"

	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// renderMapping shows the custom CSV's columns: one select per field over
// the detected header, the date format and the decimal separator; each
// change previews again.
func (d *importDialog) renderMapping() app.UI {
	if d.formats == nil {
		return app.Text("")
	}
	header := d.preview.Settings.Header
	m := d.currentMapping()
	return divcID("card stack", "import-mapping",
		para("Which column holds what (detected header on line "+itoa(d.preview.Settings.HeaderLine)+"):"),
		divc("form-grid",
			app.Range(d.formats.Fields).Slice(func(i int) app.UI {
				f := d.formats.Fields[i]
				return elLabel().Body(app.Text(f), elSelect().ID("map-"+f).OnChange(d.setColumn(f), app.EventScope(f)).Body(
					elOption().Attr("value", "").Attr("selected", m.Columns[f] == "").Text("—"),
					app.Range(header).Slice(func(j int) app.UI {
						return elOption().Attr("value", header[j]).Attr("selected", m.Columns[f] == header[j]).Text(header[j])
					}),
				))
			}),
			label("Date format", elSelect().ID("map-date-format").OnChange(d.setDateFormat).Body(
				app.Range(d.formats.DateFormats).Slice(func(i int) app.UI {
					f := d.formats.DateFormats[i]
					return elOption().Attr("value", f).Attr("selected", f == d.preview.Settings.DateFormat).Text(f)
				}),
			)),
			elLabel().Class("check").Body(
				elInput().ID("map-decimal-comma").Attr("type", "checkbox").Attr("checked", d.preview.Settings.DecimalComma).OnChange(d.setDecimal),
				app.Text(" Decimal comma (1.234,56)"),
			),
		),
	)
}

// currentMapping is the mapping being edited: the user's, else the one
// the server read the file with.
func (d *importDialog) currentMapping() wire.ImportMapping {
	src := d.mapping
	if src == nil {
		src = d.preview.Mapping
	}
	if src == nil {
		return wire.ImportMapping{Columns: map[string]string{}}
	}
	m := *src
	m.Columns = maps.Clone(src.Columns)
	if m.Columns == nil {
		m.Columns = map[string]string{}
	}
	return m
}

// edit applies fn to a copy of the current mapping and previews again.
func (d *importDialog) edit(fn func(m *wire.ImportMapping)) {
	m := d.currentMapping()
	if m.DateFormat == "" {
		m.DateFormat = d.preview.Settings.DateFormat
	}
	fn(&m)
	d.mapping = &m
	d.send(false)
}

func (d *importDialog) setColumn(field string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		col := ctx.JSSrc().Get("value").String()
		d.edit(func(m *wire.ImportMapping) {
			if col == "" {
				delete(m.Columns, field)
				return
			}
			m.Columns[field] = col
		})
	}
}

func (d *importDialog) setDateFormat(ctx app.Context, e app.Event) {
	f := ctx.JSSrc().Get("value").String()
	d.edit(func(m *wire.ImportMapping) { m.DateFormat = f })
}

func (d *importDialog) setDecimal(ctx app.Context, e app.Event) {
	on := ctx.JSSrc().Get("checked").Bool()
	d.edit(func(m *wire.ImportMapping) { m.DecimalComma = &on })
}

// renderSymbols asks for the ticker of each instrument the file names
// only by ISIN or name.
func (d *importDialog) renderSymbols() app.UI {
	un := d.preview.Unmapped
	return divcID("card stack", "import-symbols",
		para("The file names these securities without a ticker: enter the ticker of each."),
		divc("form-grid", app.Range(un).Slice(func(i int) app.UI {
			id := un[i]
			return elLabel().Body(app.Text(id), elInput().ID("import-symbol-"+itoa(i)).
				Attr("value", d.symbols[id]).OnChange(d.setSymbol(id), app.EventScope(id)))
		})),
	)
}

func (d *importDialog) setSymbol(instrument string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		v := ctx.JSSrc().Get("value").String()
		s := maps.Clone(d.symbols)
		if s == nil {
			s = map[string]string{}
		}
		for k, t := range d.preview.Symbols {
			if _, ok := s[k]; !ok {
				s[k] = t
			}
		}
		s[instrument] = v
		d.symbols = s
		d.send(false)
	}
}
