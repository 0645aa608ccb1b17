package ui

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"

	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// maxPDFBytes caps a downloaded report.
const maxPDFBytes = 32 << 20

// reportDialog downloads the PDF report with an optional note. The PDF is
// fetched with the x-token header (a navigation could not send it) and
// handed to the browser through a blob URL and an <a download>.
type reportDialog struct {
	app.Compo
	Iid  string
	note string
	busy bool
	err  string
}

func newReportDialog() *reportDialog { return &reportDialog{} }

// Portfolio sets the portfolio id.
func (d *reportDialog) Portfolio(id string) *reportDialog { d.Iid = id; return d }

func (d *reportDialog) download(ctx app.Context, e app.Event) {
	e.PreventDefault()
	d.busy, d.err = true, ""
	path := "/api/portfolios/" + url.PathEscape(d.Iid) + "/report"
	body := wire.ReportRequest{Note: d.note}
	ctx.Async(func() {
		pdf, name, err := fetchPDF(path, body)
		ctx.Dispatch(func(ctx app.Context) {
			d.busy = false
			if err != nil {
				d.err = err.Error()
				return
			}
			saveBlob(pdf, name, "application/pdf")
		})
	})
}

// fetchPDF posts the report request and returns the PDF and its file name.
func fetchPDF(path string, body wire.ReportRequest) ([]byte, string, error) {
	ctx := context.Background()
	maybeRefresh(ctx, path)
	raw, err := json.Marshal(body)
	if err != nil {
		return nil, "", err
	}
	resp, err := send(ctx, http.MethodPost, path, bytes.NewReader(raw), "application/json")
	if err != nil {
		return nil, "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, "", readAnswer(resp, nil)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxPDFBytes))
	if err != nil {
		return nil, "", errors.New("The report could not be downloaded.")
	}
	name := "portfolio.pdf"
	if _, params, err := mime.ParseMediaType(resp.Header.Get("Content-Disposition")); err == nil && params["filename"] != "" {
		name = params["filename"]
	}
	return b, name, nil
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
	return app.Form().Class("card stack").ID("report-form").OnSubmit(d.download).Body(
		app.Label().Body(app.Text("Note to include in the report (optional)"),
			app.Textarea().ID("report-note").MaxLength(2000).Rows(3).Text(d.note).OnChange(d.ValueTo(&d.note))),
		app.Button().Class("btn btn-primary").ID("report-download").Type("submit").Disabled(d.busy).Text("Download PDF"),
		app.If(d.err != "", func() app.UI { return app.Div().Class("alert alert-error").ID("report-error").Text(d.err) }),
	)
}
