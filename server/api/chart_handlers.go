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
func (h *Handlers) chart(w http.ResponseWriter, r *http.Request) error {
	var in wire.ChartRequest
	if err := httpx.Decode(w, r, &in); err != nil {
		return err
	}
	if validate.ID(in.PortfolioID) != nil {
		return httpx.InvalidIdentifier()
	}
	if in.Kind != "value" && in.Kind != "drawdown" {
		return httpx.BadRequest("kind must be value or drawdown.")
	}
	from, to, err := h.parseDates(in.From, in.To)
	if err != nil {
		return err
	}
	p, b, err := h.loadBook(r, in.PortfolioID)
	if err != nil {
		return err
	}
	rep, err := h.analyze(r, b, window{From: from, To: to})
	if err != nil {
		return err
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
		return httpx.NewError(http.StatusUnprocessableEntity, "no_data", "Not enough data in the period to draw a chart.")
	}
	httpx.Body(w, http.StatusOK, svgContentType, []byte(plot.SVG()))
	return nil
}
