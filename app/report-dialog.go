package ui

import (
	"net/url"
	"strings"

	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// reportDialog downloads the PDF report with an optional note and the
// choices of its realised-gains section (tax year, lot method, country
// rules). The PDF is fetched with the x-token header (a navigation could
// not send it) and handed to the browser through a blob URL and an
// <a download>.
type reportDialog struct {
	compo
	Iid                         string
	note, year, method, country string
	countries                   []wire.CountryNotes
	busy                        bool
	err                         string
	ui                          app.Context // the dialog's own context (see call.go)
}

func newReportDialog() *reportDialog { return &reportDialog{method: "fifo", country: "US"} }

func (d *reportDialog) OnMount(ctx app.Context) {
	d.ui = ctx
	var c []wire.CountryNotes
	call(ctx, "GET", wire.RouteTaxCountries, none{}, &c, func(ctx app.Context, err error) {
		if err == nil {
			d.countries = c
		}
	})
}

// Portfolio sets the portfolio id.
func (d *reportDialog) Portfolio(id string) *reportDialog { d.Iid = id; return d }

func (d *reportDialog) download(ctx app.Context, e app.Event) {
	e.PreventDefault()
	d.busy, d.err = true, ""
	body := wire.ReportRequest{Note: d.note}
	q := url.Values{"method": {d.method}, "country": {d.country}}
	if y := strings.TrimSpace(d.year); y != "" {
		q.Set("year", y)
	}
	var f download
	call(d.ui, "POST", wire.WithQuery(wire.Path(wire.RouteReport, d.Iid), q), body, &f, func(ctx app.Context, err error) {
		d.busy = false
		if err != nil {
			d.err = err.Error()
			return
		}
		name := f.Name
		if name == "" {
			name = "portfolio.pdf"
		}
		saveBlob(f.Data, name, "application/pdf")
	})
}

// saveBlob offers bytes as a file download through a temporary blob URL.
func saveBlob(data []byte, name, contentType string) {
	if !app.IsClient {
		return
	}
	arr := app.Window().Get("Uint8Array").New(len(data))
	app.CopyBytesToJS(arr, data)
	blob := app.Window().Get("Blob").New([]any{arr}, map[string]any{"type": contentType})
	u := app.Window().Get("URL").Call("createObjectURL", blob)
	a := app.Window().Get("document").Call("createElement", "a")
	a.Set("href", u)
	a.Set("download", name)
	a.Call("click")
	app.Window().Get("URL").Call("revokeObjectURL", u)
}

func (d *reportDialog) Render() app.UI {
	return elForm().Class("card stack").ID("report-form").OnSubmit(d.download).Body(
		label("Note to include in the report (optional)", elTextarea().ID("report-note").Attr("maxlength", 2000).Attr("rows", 3).Text(d.note).OnChange(d.ValueTo(&d.note))),
		divc("form-grid",
			label("Realised gains of the tax year (empty: the latest with sales)", elInput().ID("report-year").Attr("inputmode", "numeric").
				Attr("maxlength", 4).Attr("placeholder", "YYYY").Attr("value", d.year).OnChange(d.ValueTo(&d.year))),
			label("Lot method", elSelect().ID("report-method").OnChange(d.ValueTo(&d.method)).Body(
				option("fifo", "FIFO: oldest first", d.method),
				option("lifo", "LIFO: newest first", d.method),
				option("hifo", "HIFO: highest cost first", d.method))),
			label("Tax rules", elSelect().ID("report-country").OnChange(d.ValueTo(&d.country)).Body(
				app.Range(d.countries).Slice(func(i int) app.UI {
					c := d.countries[i]
					return option(c.Code, c.Name, d.country)
				}))),
		),
		formButton("btn btn-primary", "report-download", "submit", d.busy, "Download PDF"),
		notice("error", "report-error", d.err),
	)
}
