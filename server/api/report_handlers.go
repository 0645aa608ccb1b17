package api

import (
	"net/http"

	"github.com/fortfolio/fortfolio/server/httpx"
	"github.com/fortfolio/fortfolio/server/portfolioanalytics"
	"github.com/fortfolio/fortfolio/server/report"
	"github.com/fortfolio/fortfolio/shared/validate"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// reportPDF answers GET /api/portfolios/{id}/report.pdf.
func (h *Handlers) reportPDF(w http.ResponseWriter, r *http.Request) {
	h.writeReport(w, r, "")
}

// reportPDFWithNote answers POST /api/portfolios/{id}/report {note}.
func (h *Handlers) reportPDFWithNote(w http.ResponseWriter, r *http.Request) {
	if validate.ID(r.PathValue("id")) != nil {
		httpx.InvalidIdentifier(w)
		return
	}
	var in wire.ReportRequest
	if derr := httpx.Decode(w, r, &in); derr != nil {
		httpx.WriteDecodeError(w, derr)
		return
	}
	note, err := validate.Text("Note", in.Note, 0, report.MaxNoteLen, true)
	if err != nil {
		httpx.BadRequest(w, err.Error())
		return
	}
	h.writeReport(w, r, note)
}

// writeReport analyses the whole history against the equal-weight index,
// runs the built-in stress tests and answers the PDF as a download.
func (h *Handlers) writeReport(w http.ResponseWriter, r *http.Request, note string) {
	p, b, ok := h.loadBook(w, r, r.PathValue("id"))
	if !ok {
		return
	}
	rep, err := h.analyze(r, b, window{Benchmark: portfolioanalytics.EqualWeight})
	if err != nil {
		analysisError(w, r, err)
		return
	}
	plan, _, err := h.planStress(r, wire.StressRequest{})
	if err != nil {
		storeError(w, r, err)
		return
	}
	stress, err := runStress(b, plan)
	if err != nil {
		analysisError(w, r, err)
		return
	}
	pdf, err := report.PDF(report.Data{Name: p.Name, Currency: p.Currency, Note: note, Generated: h.now(),
		Benchmark: portfolioanalytics.EqualWeight, Report: rep, Stress: stress})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	httpx.Attachment(w, "application/pdf", p.Name, "portfolio", ".pdf", pdf)
}
