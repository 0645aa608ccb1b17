package ui

import (
	"strconv"

	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// maxImportBytes mirrors the server's CSV cap (1 MiB).
const maxImportBytes = 1 << 20

// importDialog imports a CSV file: it shows the server's dry-run preview
// with every bad line before anything is written.
type importDialog struct {
	compo
	IPortfolioID string
	IOnDone      func(ctx app.Context, imported int)
	IOnClose     func(ctx app.Context)

	csv     string
	preview *wire.ImportResult
	err     string
	busy    bool
	// ui is the dialog's own context, the one its calls answer to: its
	// buttons are re-created when an alert appears above them (see
	// call.go).
	ui app.Context
}

func newImportDialog() *importDialog { return &importDialog{} }

// PortfolioID sets the portfolio to import into.
func (d *importDialog) PortfolioID(id string) *importDialog { d.IPortfolioID = id; return d }

// OnDone is called with the number of imported transactions.
func (d *importDialog) OnDone(fn func(ctx app.Context, imported int)) *importDialog {
	d.IOnDone = fn
	return d
}

// OnClose is called when the dialog closes without importing.
func (d *importDialog) OnClose(fn func(ctx app.Context)) *importDialog { d.IOnClose = fn; return d }

func (d *importDialog) OnMount(ctx app.Context) { d.ui = ctx }

func (d *importDialog) Render() app.UI {
	return newDialog("import-dialog", "Import transactions (CSV)").Class("stack import-dialog").
		OnClose(func(ctx app.Context) { d.close(ctx, app.Event{Value: app.Null()}) }).Body(
		app.P().Class("muted").Text("Header: date,kind,ticker,quantity,price,fee,note — see the Portfolios guide. "+
			"Nothing is written until you confirm, and a file with any bad line is refused as a whole."),
		app.Input().ID("import-file").Type("file").Accept(".csv,text/csv").OnChange(d.pickFile),
		app.Label().Body(app.Text("…or paste CSV text"), app.Textarea().ID("import-text").Text(d.csv).OnInput(d.edited)),
		app.If(d.err != "", func() app.UI { return app.Div().Class("alert alert-error").ID("import-error").Text(d.err) }),
		app.If(d.preview != nil, d.renderPreview),
		app.Div().Class("row").Body(
			app.Button().Class("btn").ID("import-preview").Disabled(d.busy || d.csv == "").Text("Preview").OnClick(d.check),
			app.Button().Class("btn btn-primary").ID("import-confirm").Disabled(d.busy || !d.ready()).Text(d.confirmLabel()).OnClick(d.commit),
			app.Button().Class("btn").ID("import-cancel").Text("Close").OnClick(d.close),
		),
	)
}

func (d *importDialog) ready() bool {
	return d.preview != nil && len(d.preview.Errors) == 0 && len(d.preview.Rows) > 0
}

func (d *importDialog) confirmLabel() string {
	if d.ready() {
		return "Import " + plural(len(d.preview.Rows), "transaction", "transactions")
	}
	return "Import"
}

func (d *importDialog) renderPreview() app.UI {
	p := d.preview
	if len(p.Errors) > 0 {
		return app.Div().Class("alert alert-error").ID("import-errors").Body(
			app.P().Text(plural(len(p.Errors), "line needs", "lines need")+" fixing; nothing will be imported:"),
			app.Ul().Body(app.Range(p.Errors).Slice(func(i int) app.UI {
				e := p.Errors[i]
				where := "File"
				if e.Line > 0 {
					where = "Line " + strconv.Itoa(e.Line)
				}
				return app.Li().Class("import-line-error").Text(where + ": " + e.Message)
			})),
		)
	}
	return app.Div().Class("alert alert-ok").ID("import-ok").Text(
		plural(len(p.Rows), "transaction is", "transactions are") + " valid and ready to import.")
}

// pickFile reads the chosen file with File.text() (a promise).
func (d *importDialog) pickFile(ctx app.Context, e app.Event) {
	files := ctx.JSSrc().Get("files")
	if files.Length() == 0 {
		return
	}
	file := files.Index(0)
	if file.Get("size").Int() > maxImportBytes {
		d.err, d.preview = "The file is larger than 1 MiB.", nil
		return
	}
	file.Call("text").Then(func(v app.Value) {
		d.ui.Dispatch(func(ctx app.Context) {
			d.csv, d.err, d.preview = v.String(), "", nil
			setFieldValue("import-text", d.csv) // the text area shows what is sent
			d.check(ctx, e)
		})
	})
}

// edited stores the pasted text; a preview of other text no longer holds,
// so the user previews again before importing.
func (d *importDialog) edited(ctx app.Context, e app.Event) {
	d.csv = ctx.JSSrc().Get("value").String()
	d.preview, d.err = nil, ""
}

func (d *importDialog) check(ctx app.Context, e app.Event) { d.send(ctx, true) }

func (d *importDialog) commit(ctx app.Context, e app.Event) { d.send(ctx, false) }

// send posts the CSV as a dry run (preview) or for real.
func (d *importDialog) send(_ app.Context, dryRun bool) {
	path := wire.Path(wire.RouteImport, d.IPortfolioID)
	if dryRun {
		path += "?dry_run=1"
	}
	sent := d.csv
	d.busy, d.err = true, ""
	call(d.ui, "POST", path, csvBody(sent), func(ctx app.Context, res wire.ImportResult, err error) {
		d.busy = false
		if dryRun && d.csv != sent {
			return // the text changed while checking: this preview is stale
		}
		if err != nil {
			d.err, d.preview = err.Error(), nil
			return
		}
		d.preview = &res
		if !dryRun && d.IOnDone != nil {
			d.csv, d.preview = "", nil
			d.IOnDone(ctx, res.Imported)
		}
	})
}

func (d *importDialog) close(ctx app.Context, e app.Event) {
	d.csv, d.preview, d.err = "", nil, ""
	if d.IOnClose != nil {
		d.IOnClose(ctx)
	}
}
