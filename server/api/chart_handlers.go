package api

import (
	"net/http"

	"github.com/fortfolio/fortfolio/server/httpx"
	"github.com/fortfolio/fortfolio/shared/chart"
	"github.com/fortfolio/fortfolio/shared/validate"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// svgContentType is the media type of chart answers.
const svgContentType = "image/svg+xml; charset=utf-8"

// chart answers POST /api/portfolio/chart with an SVG value or drawdown
// chart built from numbers only (labels XML-escaped).
func (h *Handlers) chart(w http.ResponseWriter, r *http.Request) {
	var in wire.ChartRequest
	if derr := httpx.Decode(w, r, &in); derr != nil {
		httpx.WriteDecodeError(w, derr)
		return
	}
	if validate.ID(in.PortfolioID) != nil {
		httpx.InvalidIdentifier(w)
		return
	}
	if in.Kind != "value" && in.Kind != "drawdown" {
		httpx.BadRequest(w, "kind must be value or drawdown.")
		return
	}
	from, to, msg := h.parseDates(in.From, in.To)
	if msg != "" {
		httpx.BadRequest(w, msg)
		return
	}
	p, b, ok := h.loadBook(w, r, in.PortfolioID)
	if !ok {
		return
	}
	rep, err := h.analyze(r, b, window{From: from, To: to})
	if err != nil {
		analysisError(w, r, err)
		return
	}
	dates := make([]string, len(rep.Series))
	ys := make([]float64, len(rep.Series))
	for i, s := range rep.Series {
		dates[i], ys[i] = s.Date, s.Value
		if in.Kind == "drawdown" {
			ys[i] = s.Drawdown
		}
	}
	title := map[string]string{"value": "Value of ", "drawdown": "Drawdown of "}[in.Kind] + p.Name
	plot, err := chart.TimeSeries(title, dates, ys, in.Kind == "drawdown", chart.Width, chart.Height)
	if err != nil {
		httpx.Error(w, http.StatusUnprocessableEntity, "no_data", "Not enough data in the period to draw a chart.")
		return
	}
	httpx.Body(w, http.StatusOK, svgContentType, []byte(plot.SVG()))
}
