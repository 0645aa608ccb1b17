package api

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/fortfolio/fortfolio/server/analytics"
	"github.com/fortfolio/fortfolio/server/httpx"
	"github.com/fortfolio/fortfolio/server/portfolioanalytics"
)

// defaultTaxRate is the rate used when the request gives none.
const defaultTaxRate = 0.25

// taxCountries answers GET /api/tax/countries.
func (h *Handlers) taxCountries(w http.ResponseWriter, r *http.Request) error {
	c, err := analytics.TaxCountries()
	if err != nil {
		return err
	}
	httpx.JSON(w, r, http.StatusOK, c)
	return nil
}

// parseTaxQuery validates country (a supported code, default US) and
// rate (0..1, default 0.25).
func parseTaxQuery(r *http.Request) (string, float64, error) {
	q := r.URL.Query()
	country, err := parseCountry(q.Get("country"))
	if err != nil {
		return "", 0, err
	}
	rate := defaultTaxRate
	if raw := q.Get("rate"); raw != "" {
		v, err := strconv.ParseFloat(raw, 64)
		if err != nil || !finiteIn(v, 0, 1) {
			return "", 0, httpx.BadRequest("Parameter rate must be a tax rate between 0 and 1 (e.g. 0.25).")
		}
		rate = v
	}
	return country, rate, nil
}

// parseCountry validates a country code (case-insensitive, default US).
func parseCountry(raw string) (string, error) {
	country := strings.ToUpper(raw)
	if country == "" {
		country = "US"
	}
	countries, err := analytics.TaxCountries()
	if err != nil {
		return "", httpx.BadRequest("Tax rules are unavailable.")
	}
	codes := make([]string, len(countries))
	for i, c := range countries {
		codes[i] = c.Code
		if c.Code == country {
			return country, nil
		}
	}
	return "", httpx.BadRequest("Parameter country must be one of " + strings.Join(codes, ", ") + ".")
}

// taxHarvest answers GET /api/portfolios/{id}/tax-harvest.
func (h *Handlers) taxHarvest(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	country, rate, err := parseTaxQuery(r)
	if err != nil {
		return err
	}
	_, b, err := h.loadBook(r, id)
	if err != nil {
		return err
	}
	prices, asOf := b.LastPrices(time.Time{})
	if asOf.IsZero() {
		_, asOf, _ = h.source().DataRange()
	}
	var lots []analytics.Lot
	for _, l := range portfolioanalytics.Lots(b.BaseTxs) { // lots in the base currency, like the prices
		if !l.Acquired.After(asOf) { // trades after the last price date are ignored
			lots = append(lots, l)
		}
	}
	elsewhere, err := h.otherPortfolioBuys(r, id)
	if err != nil {
		return err
	}
	rep, err := analytics.TaxLossHarvest(analytics.HarvestInput{Lots: lots, Prices: prices,
		Trades: b.Trades, Elsewhere: elsewhere, Rate: rate, Country: country, AsOf: asOf})
	if err != nil {
		return err
	}
	httpx.JSON(w, r, http.StatusOK, rep)
	return nil
}

// otherPortfolioBuys returns the buys of the user's portfolios other than
// id, for wash-sale warnings across accounts.
func (h *Handlers) otherPortfolioBuys(r *http.Request, id string) ([]analytics.PortfolioTrade, error) {
	buys, err := h.userBuys(r)
	if err != nil {
		return nil, err
	}
	var out []analytics.PortfolioTrade
	for _, b := range buys {
		if b.PortfolioID != id {
			out = append(out, analytics.PortfolioTrade{PortfolioID: b.PortfolioID, Portfolio: b.Portfolio,
				Trade: analytics.Trade{Date: b.Date, Ticker: b.Ticker, Quantity: b.Quantity}})
		}
	}
	return out, nil
}
