package ui

import (
	"encoding/base64"

	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// maxImportBytes mirrors the server's file cap (2 MiB).
const maxImportBytes = 2 << 20

// importDialog imports a file from a broker, another portfolio tool or
// any CSV: it shows the server's preview (detected settings, the column
// mapping of a custom CSV, every row with whether it is new, already in
// the portfolio or conflicting, and every bad line) before anything is
// written. Saved settings for files like the chosen one are applied by the
// server and named here.
type importDialog struct {
	compo
	IPortfolioID string
	IOnDone      func(ctx app.Context, imported int)
	IOnClose     func(ctx app.Context)

	formats *wire.ImportFormats
	format  string              // preset id, "custom", "" to detect
	data    []byte              // the chosen file, or the pasted text
	text    string              // the pasted text (empty for a picked file)
	name    string              // the picked file's name
	mapping *wire.ImportMapping // edited custom mapping (nil: the server's)
	symbols map[string]string   // instrument id -> ticker
	save    bool
	preview *wire.ImportPreview
	err     string
	busy    bool
	// ui is the dialog's own context, the one its calls answer to.
	ui app.Context
}

func newImportDialog() *importDialog { return &importDialog{save: true} }

// PortfolioID sets the portfolio to import into.
func (d *importDialog) PortfolioID(id string) *importDialog { d.IPortfolioID = id; return d }

// OnDone is called with the number of imported transactions.
func (d *importDialog) OnDone(fn func(ctx app.Context, imported int)) *importDialog {
	d.IOnDone = fn
	return d
}

// OnClose is called when the dialog closes without importing.
func (d *importDialog) OnClose(fn func(ctx app.Context)) *importDialog { d.IOnClose = fn; return d }

func (d *importDialog) OnMount(ctx app.Context) {
	d.ui = ctx
	var f wire.ImportFormats
	call(ctx, "GET", wire.RouteImportFormats, none{}, &f, func(ctx app.Context, err error) {
		if err == nil {
			d.formats = &f
		}
	})
}

func (d *importDialog) Render() app.UI {
	return newDialog("import-dialog", "Import transactions").Class("stack import-dialog").
		OnClose(func(ctx app.Context) { d.close(ctx, app.Event{Value: app.Null()}) }).Body(
		parac("muted", "Pick a file exported from your broker or another portfolio tool, or paste CSV text. "+
			"Nothing is written until you confirm, and a file with any bad line is refused as a whole. See the Portfolios guide for the formats."),
		divc("form-grid",
			label("Format", d.renderFormats()),
			label("File", elInput().ID("import-file").Attr("type", "file").
				Attr("accept", ".csv,.txt,.json,text/csv,application/json").OnChange(d.pickFile)),
		),
		label("…or paste CSV text", elTextarea().ID("import-text").Text(d.text).OnInput(d.edited)),
		notice("error", "import-error", d.err),
		when(d.preview != nil, d.renderPreview),
		elLabel().Class("check").Body(
			elInput().ID("import-save").Attr("type", "checkbox").Attr("checked", d.save).OnChange(d.toggleSave),
			app.Text(" Remember these settings for files like this one"),
		),
		divc("row",
			stateButton("btn", "import-preview", d.busy, "Preview", d.check),
			stateButton("btn btn-primary", "import-confirm", d.busy || !d.ready(), d.confirmLabel(), d.commit),
			button("btn", "import-cancel", "Close", d.close),
		),
	)
}

func (d *importDialog) renderFormats() app.UI {
	var formats []wire.ImportFormat
	if d.formats != nil {
		formats = d.formats.Formats
	}
	return elSelect().ID("import-format").OnChange(d.pickFormat).Body(
		elOption().Attr("value", "").Attr("selected", d.format == "").Text("Detect automatically"),
		app.Range(formats).Slice(func(i int) app.UI {
			f := formats[i]
			return elOption().Attr("value", f.ID).Attr("selected", d.format == f.ID).Text(f.Name)
		}),
	)
}

func (d *importDialog) ready() bool {
	return d.preview != nil && len(d.preview.Errors) == 0 && d.preview.New > 0
}

func (d *importDialog) confirmLabel() string {
	if d.ready() {
		return "Import " + plural(d.preview.New, "transaction", "transactions")
	}
	return "Import"
}

// pickFile reads the chosen file's bytes (File.arrayBuffer, a promise).
func (d *importDialog) pickFile(ctx app.Context, e app.Event) {
	files := ctx.JSSrc().Get("files")
	if files.Length() == 0 {
		return
	}
	file := files.Index(0)
	if file.Get("size").Int() > maxImportBytes {
		d.err, d.preview, d.data = "The file is larger than 2 MiB.", nil, nil
		return
	}
	name := file.Get("name").String()
	file.Call("arrayBuffer").Then(func(v app.Value) {
		arr := app.Window().Get("Uint8Array").New(v)
		buf := make([]byte, arr.Get("length").Int())
		app.CopyBytesToGo(buf, arr)
		d.ui.Dispatch(func(ctx app.Context) {
			d.data, d.name, d.text, d.err, d.preview, d.mapping, d.symbols = buf, name, "", "", nil, nil, nil
			setFieldValue("import-text", "")
			d.send(false)
		})
	})
}

// edited keeps the pasted text; a preview of other text no longer holds,
// so the user previews again before importing.
func (d *importDialog) edited(ctx app.Context, e app.Event) {
	d.text = ctx.JSSrc().Get("value").String()
	d.data, d.name, d.preview, d.err = []byte(d.text), "", nil, ""
}

func (d *importDialog) pickFormat(ctx app.Context, e app.Event) {
	d.format, d.mapping, d.preview = ctx.JSSrc().Get("value").String(), nil, nil
	if len(d.data) > 0 {
		d.send(false)
	}
}

func (d *importDialog) toggleSave(ctx app.Context, e app.Event) {
	d.save = ctx.JSSrc().Get("checked").Bool()
}

// check previews the file or text. The button stays enabled while there
// is none (a click can arrive before the text's input event re-renders
// it), so an empty dialog says what is missing.
func (d *importDialog) check(ctx app.Context, e app.Event) {
	if len(d.data) == 0 && app.IsClient {
		if el := app.Window().GetElementByID("import-text"); el.Truthy() && el.Get("value").String() != "" {
			v := el.Get("value").String() // typed text whose input event is still queued
			d.text, d.data = v, []byte(v)
		}
	}
	if len(d.data) == 0 {
		d.err = "Pick a file or paste CSV text first."
		return
	}
	d.send(false)
}

func (d *importDialog) commit(ctx app.Context, e app.Event) { d.send(true) }

// request is what the dialog sends for the current choices.
func (d *importDialog) request() wire.ImportFileRequest {
	req := wire.ImportFileRequest{File: base64.StdEncoding.EncodeToString(d.data), Format: d.format,
		Mapping: d.mapping, Symbols: d.symbols, Save: d.save}
	if d.mapping != nil {
		req.Format = "custom"
	}
	return req
}

// send posts the file to the preview (write false) or the import.
func (d *importDialog) send(write bool) {
	route := wire.RouteImportPreview
	if write {
		route = wire.RouteImportFile
	}
	sent := d.data
	d.busy, d.err = true, ""
	var res wire.ImportPreview
	call(d.ui, "POST", wire.Path(route, d.IPortfolioID), d.request(), &res, func(ctx app.Context, err error) {
		d.busy = false
		if string(d.data) != string(sent) {
			return // the text changed meanwhile: this answer is stale
		}
		if err != nil {
			d.err, d.preview = err.Error(), nil
			return
		}
		d.preview = &res
		if write && d.IOnDone != nil {
			d.data, d.text, d.preview = nil, "", nil
			d.IOnDone(ctx, res.Imported)
		}
	})
}

func (d *importDialog) close(ctx app.Context, e app.Event) {
	d.data, d.text, d.preview, d.err, d.mapping, d.symbols = nil, "", nil, "", nil, nil
	if d.IOnClose != nil {
		d.IOnClose(ctx)
	}
}

// lineLabel names a line of the file ("File" for the file as a whole).
func lineLabel(line int) string {
	if line > 0 {
		return "Line " + itoa(line)
	}
	return "File"
}
