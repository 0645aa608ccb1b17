package api

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/fortfolio/fortfolio/server/analytics"
	"github.com/fortfolio/fortfolio/server/httpx"
	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/server/portfolio"
	"github.com/fortfolio/fortfolio/server/portfolioanalytics"
	"github.com/fortfolio/fortfolio/server/report"
	"github.com/fortfolio/fortfolio/server/taxlots"
	"github.com/fortfolio/fortfolio/shared/validate"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// Years a realised-gains report accepts.
const (
	minTaxYear = 1900
	maxTaxYear = 2100
)

// registerGains adds the realised-gains and income routes.
func (h *Handlers) registerGains(mux *http.ServeMux) {
	mux.Handle("GET /api/portfolios/{id}/realised-gains", h.Compute(h.realisedGains))
	mux.Handle("GET /api/portfolios/{id}/realised-gains.csv", h.Compute(h.realisedGainsCSV))
	mux.Handle("GET /api/portfolios/{id}/income", h.Compute(h.income))
	mux.Handle("GET /api/portfolios/{id}/lots", h.User(h.openLots))
}

// gainsQuery is a validated realised-gains request.
type gainsQuery struct {
	year    int // 0 = the latest year with sales
	method  taxlots.Method
	country string
}

// parseGainsQuery validates year (YYYY, optional), method (fifo, lifo or
// hifo; default fifo) and country (as the harvesting report; default US).
func parseGainsQuery(r *http.Request) (gainsQuery, error) {
	q := r.URL.Query()
	var g gainsQuery
	if raw := q.Get("year"); raw != "" || q.Has("year") {
		y, err := strconv.Atoi(raw)
		if err != nil || len(raw) != 4 || y < minTaxYear || y > maxTaxYear {
			return g, httpx.BadRequest("Parameter year must be a tax year such as 2016 (1900 to 2100).")
		}
		g.year = y
	}
	m, err := taxlots.ParseMethod(strings.ToLower(q.Get("method")))
	if err != nil {
		return g, httpx.BadRequest("Parameter method must be fifo, lifo or hifo.")
	}
	g.method = m
	country, err := parseCountry(q.Get("country"))
	if err != nil {
		return g, err
	}
	g.country = country
	return g, nil
}

// buildGains loads the portfolio and answers its realised-gains report.
func (h *Handlers) buildGains(r *http.Request) (model.Portfolio, wire.RealisedGains, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return model.Portfolio{}, wire.RealisedGains{}, err
	}
	g, err := parseGainsQuery(r)
	if err != nil {
		return model.Portfolio{}, wire.RealisedGains{}, err
	}
	p, b, err := h.loadBook(r, id)
	if err != nil {
		return p, wire.RealisedGains{}, err
	}
	rep, err := h.gainsReport(r, p, b.Txs, g) // entries after the last price date wait (Book.Pending)
	rep.Pending = len(b.Pending)
	return p, rep, err
}

// gainsReport matches the lots of txs and reports the year's disposals,
// checking losses for wash sales against every portfolio of the user.
func (h *Handlers) gainsReport(r *http.Request, p model.Portfolio, txs []model.Transaction, g gainsQuery) (wire.RealisedGains, error) {
	rule, err := analytics.RuleFor(g.country)
	if err != nil {
		return wire.RealisedGains{}, err
	}
	if txs, err = h.splitAdjusted(r.Context(), txs); err != nil {
		return wire.RealisedGains{}, err
	}
	res, err := portfolioanalytics.MatchLots(h.withCurrencies(r.Context(), txs), g.method)
	if err != nil {
		return wire.RealisedGains{}, err
	}
	if g.year == 0 {
		g.year = defaultYear(res.Matches, h.now())
	}
	in := taxlots.GainsInput{PortfolioID: p.ID, Currency: baseCurrency(p), Year: g.year, Method: g.method,
		Matches: res.Matches, Rule: rule, ToBase: h.toBase(r.Context(), p)}
	if hasLoss(res.Matches, g.year) {
		if in.Buys, err = h.userBuys(r); err != nil {
			return wire.RealisedGains{}, err
		}
	}
	return taxlots.Gains(in)
}

// defaultYear is the latest year with a sale, else the current year.
func defaultYear(ms []taxlots.Match, now time.Time) int {
	if ys := taxlots.Years(ms); len(ys) > 0 {
		return ys[len(ys)-1]
	}
	return now.UTC().Year()
}

// hasLoss reports whether a match disposed of in year lost money.
func hasLoss(ms []taxlots.Match, year int) bool {
	for _, m := range ms {
		if m.Disposed.Year() == year && m.Gain < 0 {
			return true
		}
	}
	return false
}

// userBuys lists the buys of every portfolio of the current user, for the
// wash-sale check (it reads only the user's own database).
func (h *Handlers) userBuys(r *http.Request) ([]taxlots.PortfolioBuy, error) {
	u := currentUser(r)
	ps, err := h.Store.ListPortfolios(r.Context(), u.ID)
	if err != nil {
		return nil, err
	}
	var out []taxlots.PortfolioBuy
	for _, p := range ps {
		txs, err := h.Store.ListTransactions(r.Context(), u.ID, p.ID)
		if err != nil {
			return nil, err
		}
		for _, t := range txs {
			if t.Kind == validate.KindBuy {
				out = append(out, taxlots.PortfolioBuy{PortfolioID: p.ID, Portfolio: p.Name, ID: t.ID, Ticker: t.Ticker, Date: t.Date, Quantity: t.Quantity})
			}
		}
	}
	return out, nil
}

// realisedGains answers GET /api/portfolios/{id}/realised-gains.
func (h *Handlers) realisedGains(w http.ResponseWriter, r *http.Request) error {
	_, rep, err := h.buildGains(r)
	if err != nil {
		return err
	}
	httpx.JSON(w, r, http.StatusOK, rep)
	return nil
}

// realisedGainsCSV answers GET /api/portfolios/{id}/realised-gains.csv:
// the same report as a spreadsheet download.
func (h *Handlers) realisedGainsCSV(w http.ResponseWriter, r *http.Request) error {
	p, rep, err := h.buildGains(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := report.GainsCSV(&buf, rep); err != nil {
		return err
	}
	httpx.Attachment(w, "text/csv; charset=utf-8", p.Name+"-realised-gains-"+strconv.Itoa(rep.Year), "realised-gains", ".csv", buf.Bytes())
	return nil
}

// splitAdjusted returns txs with as-traded trades in post-split shares
// (portfolio.Adjust with the market data's splits).
func (h *Handlers) splitAdjusted(ctx context.Context, txs []model.Transaction) ([]model.Transaction, error) {
	splits := h.source().Splits
	if err := splits.Fetch(ctx, portfolio.AsTradedTickers(txs)...); err != nil {
		return nil, fmt.Errorf("%w: %w", portfolioanalytics.ErrUnavailable, err)
	}
	return portfolio.Adjust(txs, splits.Of), nil
}

// openLots answers GET /api/portfolios/{id}/lots?ticker=&as_traded_on=:
// the open lots a new sale can name, oldest first (one ticker's when
// ticker is given), in split-adjusted shares, or in the shares of the day
// as_traded_on for an as-traded sale of that day (one ticker required).
func (h *Handlers) openLots(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ticker := ""
	if raw := r.URL.Query().Get("ticker"); raw != "" {
		if ticker, err = validate.Ticker(raw); err != nil {
			return httpx.BadRequest("Parameter ticker must be a ticker symbol such as AAPL.")
		}
	}
	var on time.Time
	if raw := r.URL.Query().Get("as_traded_on"); raw != "" {
		if on, err = validate.Date(raw); err != nil || ticker == "" {
			return httpx.BadRequest("Parameter as_traded_on must be a date (YYYY-MM-DD), with a ticker.")
		}
	}
	stored, err := h.Store.ListTransactions(r.Context(), currentUser(r).ID, id)
	if err != nil {
		return err
	}
	txs, err := h.splitAdjusted(r.Context(), stored)
	if err != nil {
		return err
	}
	res, err := portfolioanalytics.MatchLots(h.withCurrencies(r.Context(), txs), taxlots.FIFO)
	if err != nil {
		return err
	}
	f := 1.0
	if !on.IsZero() {
		f = portfolio.SharesFactor(stored, h.source().Splits.Of, ticker, on)
	}
	out := []wire.OpenLot{}
	for _, l := range res.Open {
		if ticker == "" || l.Ticker == ticker {
			out = append(out, wire.OpenLot{LotID: l.ID, Ticker: l.Ticker, Acquired: l.Acquired.Format(time.DateOnly),
				Quantity: l.Quantity / f, CostPerShare: l.CostPerShare * f, Currency: l.Currency})
		}
	}
	httpx.JSON(w, r, http.StatusOK, out)
	return nil
}
