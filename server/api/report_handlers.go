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
func (h *Handlers) reportPDF(w http.ResponseWriter, r *http.Request) error {
	return h.writeReport(w, r, "")
}

// reportPDFWithNote answers POST /api/portfolios/{id}/report {note}.
func (h *Handlers) reportPDFWithNote(w http.ResponseWriter, r *http.Request) error {
	if _, err := pathID(r, "id"); err != nil {
		return err
	}
	var in wire.ReportRequest
	if err := httpx.Decode(w, r, &in); err != nil {
		return err
	}
	note, err := validate.Text("Note", in.Note, 0, report.MaxNoteLen, true)
	if err != nil {
		return httpx.BadRequest(err.Error())
	}
	return h.writeReport(w, r, note)
}

// writeReport analyses the whole history against the equal-weight index,
// runs the built-in stress tests, adds the realised gains of the tax year,
// lot method and country rules the query asks for (as the realised-gains
// endpoint: by default the latest year with sales, fifo, US) and answers
// the PDF as a download.
func (h *Handlers) writeReport(w http.ResponseWriter, r *http.Request, note string) error {
	g, err := parseGainsQuery(r)
	if err != nil {
		return err
	}
	p, b, err := h.loadBook(r, r.PathValue("id"))
	if err != nil {
		return err
	}
	rep, err := h.analyze(r, b, window{Benchmark: portfolioanalytics.EqualWeight})
	if err != nil {
		return err
	}
	plan, err := h.Ledger.PlanStress(r.Context(), currentUser(r).ID, wire.StressRequest{})
	if err != nil {
		return err
	}
	stress, err := plan.Run(b)
	if err != nil {
		return err
	}
	gains, err := h.gainsReport(r, p, b.Txs, g)
	if err != nil {
		return err
	}
	pdf, err := report.PDF(report.Data{Name: p.Name, Currency: p.Currency, Note: note, Generated: h.now(),
		Benchmark: portfolioanalytics.EqualWeight, Report: rep, Stress: stress, Gains: &gains})
	if err != nil {
		return err
	}
	httpx.Attachment(w, "application/pdf", p.Name, "portfolio", ".pdf", pdf)
	return nil
}
