package api

import (
	"errors"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/fortfolio/fortfolio/server/analytics"
	"github.com/fortfolio/fortfolio/server/httpx"
	"github.com/fortfolio/fortfolio/server/market"
	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/server/portfolioanalytics"
	"github.com/fortfolio/fortfolio/shared/validate"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// MaxRiskFree is the largest annual risk-free rate accepted.
const MaxRiskFree = 0.2

// registerAnalytics adds the analytics, stress, optimiser, tax, job,
// report and chart routes. Computations are rate limited per user.
func (h *Handlers) registerAnalytics(mux *http.ServeMux) {
	mux.Handle("GET /api/analytics/range", h.User(h.dataRange))
	mux.Handle("GET /api/portfolios/{id}/analytics", h.Compute(h.analyticsReport))
	mux.Handle("GET /api/stress/scenarios", h.User(h.stressScenarios))
	mux.Handle("GET /api/stress/sets", h.User(h.listStressSets))
	mux.Handle("POST /api/stress/sets", h.User(h.createStressSet))
	mux.Handle("DELETE /api/stress/sets/{id}", h.User(h.deleteStressSet))
	mux.Handle("POST /api/portfolios/{id}/stress", h.Compute(h.stress))
	mux.Handle("POST /api/portfolios/{id}/optimize", h.Compute(h.optimize))
	mux.Handle("GET /api/tax/countries", h.User(h.taxCountries))
	mux.Handle("GET /api/portfolios/{id}/tax-harvest", h.Compute(h.taxHarvest))
	mux.Handle("GET /api/jobs/{id}", h.User(h.job))
	mux.Handle("GET /api/portfolios/{id}/report.pdf", h.Compute(h.reportPDF))
	mux.Handle("POST /api/portfolios/{id}/report", h.Compute(h.reportPDFWithNote))
	mux.Handle("POST /api/portfolio/chart", h.Compute(h.chart))
}

// window is a validated analysis period, benchmark and risk-free rate.
type window struct {
	From, To  time.Time
	Benchmark string
	RiskFree  float64
}

// source returns the market data source of the analytics.
func (h *Handlers) source() portfolioanalytics.Source {
	return portfolioanalytics.Source{Market: h.Market}
}

// loadBook validates the portfolio id, checks it belongs to the user (a
// missing or foreign portfolio is 404) and loads its transactions and
// prices. It answers the error itself and returns ok=false.
func (h *Handlers) loadBook(w http.ResponseWriter, r *http.Request, id string) (model.Portfolio, *portfolioanalytics.Book, bool) {
	if validate.ID(id) != nil {
		httpx.InvalidIdentifier(w)
		return model.Portfolio{}, nil, false
	}
	u, _ := UserFrom(r.Context())
	p, err := h.Store.GetPortfolio(r.Context(), u.ID, id)
	if err != nil {
		storeError(w, r, err)
		return model.Portfolio{}, nil, false
	}
	txs, err := h.Store.ListTransactions(r.Context(), u.ID, id)
	if err != nil {
		storeError(w, r, err)
		return model.Portfolio{}, nil, false
	}
	b, err := h.source().Load(r.Context(), txs)
	if err != nil {
		analysisError(w, r, err)
		return model.Portfolio{}, nil, false
	}
	return p, b, true
}

// parseDates validates optional YYYY-MM-DD dates inside the market data
// range with from before to.
func (h *Handlers) parseDates(fromS, toS string) (time.Time, time.Time, string) {
	first, last, err := h.source().DataRange()
	if err != nil {
		return time.Time{}, time.Time{}, "Market data is unavailable."
	}
	var from, to time.Time
	for _, f := range []struct {
		raw  string
		dst  *time.Time
		name string
	}{{fromS, &from, "from"}, {toS, &to, "to"}} {
		if f.raw == "" {
			continue
		}
		d, err := validate.Date(f.raw)
		if err != nil {
			return time.Time{}, time.Time{}, "Parameter " + f.name + ": use a date written YYYY-MM-DD."
		}
		if d.Before(first) || d.After(last) {
			return time.Time{}, time.Time{}, "Parameter " + f.name + " must be within the market data range " +
				first.Format(time.DateOnly) + " to " + last.Format(time.DateOnly) + "."
		}
		*f.dst = d
	}
	if !from.IsZero() && !to.IsZero() && !from.Before(to) {
		return time.Time{}, time.Time{}, "The start date must be before the end date."
	}
	return from, to, ""
}

// parseRiskFree validates an optional annual risk-free rate in [0, 0.2].
func parseRiskFree(raw string) (float64, string) {
	if raw == "" {
		return 0, ""
	}
	rf, err := strconv.ParseFloat(raw, 64)
	if err != nil || math.IsNaN(rf) || rf < 0 || rf > MaxRiskFree {
		return 0, "Parameter rf must be an annual rate between 0 and 0.2 (e.g. 0.02 for 2%)."
	}
	return rf, ""
}

// parseBenchmark validates "EQW", a ticker, or empty (no benchmark).
func parseBenchmark(raw string) (string, string) {
	if raw == "" || raw == portfolioanalytics.EqualWeight {
		return raw, ""
	}
	t, err := validate.Ticker(raw)
	if err != nil {
		return "", "Parameter benchmark must be EQW or a ticker symbol."
	}
	return t, ""
}

// parseWindow reads from, to, benchmark and rf from the query string.
func (h *Handlers) parseWindow(r *http.Request) (window, string) {
	q := r.URL.Query()
	from, to, msg := h.parseDates(q.Get("from"), q.Get("to"))
	if msg != "" {
		return window{}, msg
	}
	bench, msg := parseBenchmark(q.Get("benchmark"))
	if msg != "" {
		return window{}, msg
	}
	rf, msg := parseRiskFree(q.Get("rf"))
	return window{From: from, To: to, Benchmark: bench, RiskFree: rf}, msg
}

// analyze runs analytics.Analyze on the book over the window.
func (h *Handlers) analyze(r *http.Request, b *portfolioanalytics.Book, win window) (wire.AnalyticsReport, error) {
	var bench *analytics.PriceSeries
	if win.Benchmark != "" {
		s, err := h.source().Benchmark(r.Context(), win.Benchmark)
		if err != nil {
			return wire.AnalyticsReport{}, errBadBenchmark{err}
		}
		bench = &s
	}
	return analytics.Analyze(b.Input(win.From, win.To, bench, win.RiskFree))
}

// errBadBenchmark marks a benchmark that could not be loaded.
type errBadBenchmark struct{ err error }

func (e errBadBenchmark) Error() string { return "api: benchmark: " + e.err.Error() }
func (e errBadBenchmark) Unwrap() error { return e.err }

// analysisError maps engine and market errors to clear 4xx answers.
func analysisError(w http.ResponseWriter, r *http.Request, err error) {
	var bb errBadBenchmark
	switch {
	case errors.As(err, &bb) && errors.Is(err, market.ErrUnknownTicker):
		httpx.BadRequest(w, "Unknown benchmark ticker.")
	case errors.Is(err, analytics.ErrNoHoldings):
		httpx.Error(w, http.StatusUnprocessableEntity, "no_holdings", "The portfolio holds nothing with market data in the selected period.")
	case errors.Is(err, analytics.ErrInfeasible):
		httpx.Error(w, http.StatusUnprocessableEntity, "infeasible", "The constraints cannot be met: "+infeasibleReason(err))
	case errors.Is(err, analytics.ErrNoConvergence):
		httpx.Error(w, http.StatusUnprocessableEntity, "no_convergence", "The optimiser did not converge for these inputs.")
	case errors.Is(err, analytics.ErrInvalidInput), errors.Is(err, market.ErrInvalidInput):
		httpx.BadRequest(w, "The request cannot be computed: "+publicReason(err))
	case errors.Is(err, portfolioanalytics.ErrUnavailable), errors.Is(err, market.ErrUnavailable):
		httpx.Error(w, http.StatusServiceUnavailable, "market_unavailable", "Market data is unavailable right now. Please try again later.")
	default:
		httpx.ServerError(w, r, err)
	}
}

// publicReason is the engine's message without the package prefixes.
// Engine messages describe the input (never internals or user text
// beyond tickers and labels the user sent).
func publicReason(err error) string {
	msg := err.Error()
	for _, p := range []string{"api: benchmark: ", "portfolioanalytics: ", "analytics: "} {
		for {
			i := strings.Index(msg, p)
			if i < 0 {
				break
			}
			msg = msg[:i] + msg[i+len(p):]
		}
	}
	return msg + "."
}

// dataRange answers the first and last date of the market data.
func (h *Handlers) dataRange(w http.ResponseWriter, r *http.Request) {
	first, last, err := h.source().DataRange()
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	httpx.JSON(w, http.StatusOK, wire.DataRange{From: first.Format(time.DateOnly), To: last.Format(time.DateOnly)})
}

// analyticsReport answers GET /api/portfolios/{id}/analytics.
func (h *Handlers) analyticsReport(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if validate.ID(id) != nil {
		httpx.InvalidIdentifier(w)
		return
	}
	win, msg := h.parseWindow(r)
	if msg != "" {
		httpx.BadRequest(w, msg)
		return
	}
	_, b, ok := h.loadBook(w, r, id)
	if !ok {
		return
	}
	rep, err := h.analyze(r, b, win)
	if err != nil {
		analysisError(w, r, err)
		return
	}
	httpx.JSON(w, http.StatusOK, rep)
}
