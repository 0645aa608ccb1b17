package api

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/fortfolio/fortfolio/server/analytics"
	"github.com/fortfolio/fortfolio/server/forecast"
	"github.com/fortfolio/fortfolio/server/httpx"
	"github.com/fortfolio/fortfolio/server/portfolioanalytics"
)

// Monte Carlo request defaults.
const (
	defaultMCHorizon = 63
	defaultMCPaths   = 2000
	defaultMCSeed    = 1
	defaultMCLoss    = 10
)

// mcParams are the validated query parameters of a portfolio forecast.
type mcParams struct {
	horizon, paths int
	seed           uint64
	method         string
	loss           float64
}

// parseMC reads horizon (1..252 trading days), paths (100..10000), seed,
// method (bootstrap|student_t) and loss (percent, 0 < X <= 100).
func parseMC(q url.Values) (mcParams, error) {
	p := mcParams{horizon: defaultMCHorizon, paths: defaultMCPaths, seed: defaultMCSeed, method: forecast.MethodBootstrap, loss: defaultMCLoss}
	var ok bool
	if p.horizon, ok = intParam(q.Get("horizon"), defaultMCHorizon, 1, forecast.MaxHorizon); !ok {
		return p, httpx.BadRequest("Parameter horizon must be a whole number of trading days from 1 to 252.")
	}
	if p.paths, ok = intParam(q.Get("paths"), defaultMCPaths, forecast.MinPaths, forecast.MaxPaths); !ok {
		return p, httpx.BadRequest("Parameter paths must be a whole number from 100 to 10000.")
	}
	if raw := q.Get("seed"); raw != "" {
		s, err := strconv.ParseUint(raw, 10, 64)
		if err != nil {
			return p, httpx.BadRequest("Parameter seed must be a non-negative whole number.")
		}
		p.seed = s
	}
	switch m := q.Get("method"); m {
	case "":
	case forecast.MethodBootstrap, forecast.MethodStudentT:
		p.method = m
	default:
		return p, httpx.BadRequest("Parameter method must be bootstrap or student_t.")
	}
	if raw := q.Get("loss"); raw != "" {
		x, err := strconv.ParseFloat(raw, 64)
		if err != nil || len(raw) > 8 || !(x > 0 && x <= 100) {
			return p, httpx.BadRequest("Parameter loss must be a percentage above 0 and at most 100.")
		}
		p.loss = x
	}
	return p, nil
}

// intParam parses an optional decimal integer within [lo, hi].
func intParam(raw string, def, lo, hi int) (int, bool) {
	if raw == "" {
		return def, true
	}
	n, err := strconv.Atoi(raw)
	if err != nil || len(raw) > 7 || n < lo || n > hi {
		return 0, false
	}
	return n, true
}

// errNoHoldings answers a forecast of a portfolio with nothing in it.
var errNoHoldings = httpx.BadRequest("The portfolio has no holdings with prices to simulate. Add a buy first.")

// portfolioForecast answers GET /api/portfolios/{id}/forecast.
func (h *Handlers) portfolioForecast(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	prm, err := parseMC(r.URL.Query())
	if err != nil {
		return err
	}
	_, b, err := h.loadBook(r, id)
	if err != nil {
		return err
	}
	in, value, asOf, err := mcInput(b, prm)
	if err != nil {
		return err
	}
	out, err := forecast.Simulate(in)
	if errors.Is(err, forecast.ErrMCUnbounded) {
		return httpx.BadRequest("The price history of this portfolio's holdings moves too far to simulate: check the closes of its custom assets.")
	}
	if errors.Is(err, forecast.ErrMCInput) {
		return httpx.BadRequest("Not enough common price history to simulate this portfolio: " +
			strings.TrimPrefix(err.Error(), forecast.ErrMCInput.Error()+": ") + ".")
	}
	if err != nil {
		return err
	}
	out.Value, out.AsOf = value, asOf.Format(time.DateOnly)
	httpx.JSON(w, r, http.StatusOK, out)
	return nil
}

// mcInput builds the simulation input from the book's current holdings:
// weights are today's market values over their sum.
func mcInput(b *portfolioanalytics.Book, prm mcParams) (forecast.MCInput, float64, time.Time, error) {
	pos := b.Positions(time.Time{})
	prices, asOf := b.LastPrices(time.Time{})
	var tickers []string
	var values []float64
	total := 0.0
	for _, s := range b.Series {
		q, px := pos[s.Ticker], prices[s.Ticker]
		if q == 0 || px <= 0 {
			continue
		}
		tickers = append(tickers, s.Ticker)
		values = append(values, q*px)
		total += q * px
	}
	if len(tickers) == 0 || !(total > 0) {
		return forecast.MCInput{}, 0, time.Time{}, errNoHoldings
	}
	x, dates, err := analytics.JointReturns(b.SeriesOf(tickers))
	if err != nil {
		return forecast.MCInput{}, 0, time.Time{}, httpx.BadRequest("Not enough common price history to simulate this portfolio.")
	}
	w := make([]float64, len(values))
	for i, v := range values {
		w[i] = v / total
	}
	return forecast.MCInput{Returns: x, Dates: dates, Weights: w, Horizon: prm.horizon, Paths: prm.paths,
		Seed: prm.seed, Method: prm.method, LossThreshold: prm.loss / 100}, total, asOf, nil
}
