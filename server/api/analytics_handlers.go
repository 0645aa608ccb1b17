package api

import (
	"context"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/fortfolio/fortfolio/server/analytics"
	"github.com/fortfolio/fortfolio/server/httpx"
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
	src := portfolioanalytics.Source{Market: h.Market}
	if h.Ledger != nil {
		src.Splits = h.Ledger.Splits()
	}
	return src
}

// loadBook validates the portfolio id, checks it belongs to the user (a
// missing or foreign portfolio is 404) and loads its transactions and
// prices.
func (h *Handlers) loadBook(r *http.Request, id string) (model.Portfolio, *portfolioanalytics.Book, error) {
	if validate.ID(id) != nil {
		return model.Portfolio{}, nil, httpx.InvalidIdentifier()
	}
	return h.loadBookOf(r.Context(), currentUser(r).ID, id)
}

// loadBookOf loads the user's portfolio id and its ledger book.
func (h *Handlers) loadBookOf(ctx context.Context, userID, id string) (model.Portfolio, *portfolioanalytics.Book, error) {
	p, err := h.Store.GetPortfolio(ctx, userID, id)
	if err != nil {
		return model.Portfolio{}, nil, err
	}
	txs, err := h.Store.ListTransactions(ctx, userID, id)
	if err != nil {
		return model.Portfolio{}, nil, err
	}
	b, err := h.source().LoadIn(ctx, p.Currency, txs)
	if err != nil {
		return model.Portfolio{}, nil, err
	}
	return p, b, nil
}

// parseDates validates optional YYYY-MM-DD dates inside the market data
// range with from before to (400 otherwise).
func (h *Handlers) parseDates(fromS, toS string) (time.Time, time.Time, error) {
	first, last, err := h.source().DataRange()
	if err != nil {
		return time.Time{}, time.Time{}, httpx.BadRequest("Market data is unavailable.")
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
			return time.Time{}, time.Time{}, httpx.BadRequest("Parameter " + f.name + ": use a date written YYYY-MM-DD.")
		}
		if d.Before(first) || d.After(last) {
			return time.Time{}, time.Time{}, httpx.BadRequest("Parameter " + f.name + " must be within the market data range " +
				first.Format(time.DateOnly) + " to " + last.Format(time.DateOnly) + ".")
		}
		*f.dst = d
	}
	if !from.IsZero() && !to.IsZero() && !from.Before(to) {
		return time.Time{}, time.Time{}, httpx.BadRequest("The start date must be before the end date.")
	}
	return from, to, nil
}

// parseRiskFree validates an optional annual risk-free rate in [0, 0.2].
func parseRiskFree(raw string) (float64, error) {
	if raw == "" {
		return 0, nil
	}
	rf, err := strconv.ParseFloat(raw, 64)
	if err != nil || math.IsNaN(rf) || rf < 0 || rf > MaxRiskFree {
		return 0, httpx.FieldBadRequest("rf", "Parameter rf must be an annual rate between 0 and 0.2 (e.g. 0.02 for 2%).")
	}
	return rf, nil
}

// parseBenchmark validates "EQW", a ticker, or empty (no benchmark).
func parseBenchmark(raw string) (string, error) {
	if raw == "" || raw == portfolioanalytics.EqualWeight {
		return raw, nil
	}
	t, err := validate.Ticker(raw)
	if err != nil {
		return "", httpx.FieldBadRequest("benchmark", "Parameter benchmark must be EQW or a ticker symbol.")
	}
	return t, nil
}

// parseWindow reads from, to, benchmark and rf from the query string.
func (h *Handlers) parseWindow(r *http.Request) (window, error) {
	q := r.URL.Query()
	from, to, err := h.parseDates(q.Get("from"), q.Get("to"))
	if err != nil {
		return window{}, err
	}
	bench, err := parseBenchmark(q.Get("benchmark"))
	if err != nil {
		return window{}, err
	}
	rf, err := parseRiskFree(q.Get("rf"))
	return window{From: from, To: to, Benchmark: bench, RiskFree: rf}, err
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
	return b.Report(win.From, win.To, bench, win.RiskFree)
}

// errBadBenchmark marks a benchmark that could not be loaded.
type errBadBenchmark struct{ err error }

func (e errBadBenchmark) Error() string { return "api: benchmark: " + e.err.Error() }
func (e errBadBenchmark) Unwrap() error { return e.err }

// dataRange answers the first and last date of the market data.
func (h *Handlers) dataRange(w http.ResponseWriter, r *http.Request) error {
	first, last, err := h.source().DataRange()
	if err != nil {
		return err
	}
	httpx.JSON(w, r, http.StatusOK, wire.DataRange{From: first.Format(time.DateOnly), To: last.Format(time.DateOnly)})
	return nil
}

// analyticsReport answers GET /api/portfolios/{id}/analytics.
func (h *Handlers) analyticsReport(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	win, err := h.parseWindow(r)
	if err != nil {
		return err
	}
	_, b, err := h.loadBook(r, id)
	if err != nil {
		return err
	}
	rep, err := h.analyze(r, b, win)
	if err != nil {
		return err
	}
	httpx.JSON(w, r, http.StatusOK, rep)
	return nil
}
