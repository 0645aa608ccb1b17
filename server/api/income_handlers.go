package api

import (
	"net/http"
	"time"

	"github.com/fortfolio/fortfolio/server/httpx"
	"github.com/fortfolio/fortfolio/server/income"
	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/server/portfolioanalytics"
	"github.com/fortfolio/fortfolio/server/taxlots"
	"github.com/fortfolio/fortfolio/shared/validate"
)

// income answers GET /api/portfolios/{id}/income?by=month|year.
func (h *Handlers) income(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	by, err := income.ParseBy(r.URL.Query().Get("by"))
	if err != nil {
		return httpx.BadRequest("Parameter by must be month or year.")
	}
	p, b, err := h.loadBook(r, id)
	if err != nil {
		return err
	}
	_, asOf := b.LastPrices(time.Time{})
	prices := b.LocalLastPrices(time.Time{}) // converted below at asOf's rate
	if asOf.IsZero() {
		_, asOf, _ = h.source().DataRange()
	}
	toBase := h.toBase(r.Context(), p)
	txs := h.withCurrencies(r.Context(), b.Txs)
	entries, err := incomeEntries(txs, toBase)
	if err != nil {
		return err
	}
	holdings, err := incomeHoldings(txs, prices, asOf, toBase)
	if err != nil {
		return err
	}
	rep := income.Report(income.Input{PortfolioID: p.ID, Currency: baseCurrency(p), By: by, AsOf: asOf,
		Entries: entries, Holdings: holdings})
	rep.Pending = len(b.Pending)
	httpx.JSON(w, r, http.StatusOK, rep)
	return nil
}

// incomeEntries converts dividends (quantity x price - fee, as the
// analytics book them), interest and taxes to base-currency entries, each
// at its date's rate.
func incomeEntries(txs []model.Transaction, toBase taxlots.Converter) ([]income.Entry, error) {
	var out []income.Entry
	for _, t := range txs {
		e := income.Entry{Date: t.Date, Ticker: t.Ticker}
		amount := t.Amount
		switch t.Kind {
		case validate.KindDividend:
			e.Kind, amount = income.Dividend, t.Quantity*t.Price-t.Fee
		case validate.KindInterest:
			e.Kind = income.Interest
		case validate.KindTax:
			e.Kind = income.Tax
		default:
			continue
		}
		v, err := toBase(amount, t.Currency, t.Date)
		if err != nil {
			return nil, err
		}
		e.Amount = v
		out = append(out, e)
	}
	return out, nil
}

// incomeHoldings returns the open long holdings at asOf (trades after it
// are ignored, as in every analysis) that have a price: their market value
// at the last close (at asOf's rate) and their cost basis (the open lots,
// fifo or as the sales named them, each at its purchase date's rate).
func incomeHoldings(txs []model.Transaction, prices map[string]float64, asOf time.Time, toBase taxlots.Converter) ([]income.Holding, error) {
	var upTo []model.Transaction
	for _, t := range txs {
		if !t.Date.After(asOf) {
			upTo = append(upTo, t)
		}
	}
	res, err := portfolioanalytics.MatchLots(upTo, taxlots.FIFO)
	if err != nil {
		return nil, err
	}
	idx := map[string]int{}
	var out []income.Holding
	var curs []string
	for _, l := range res.Open {
		if _, ok := prices[l.Ticker]; !ok {
			continue
		}
		cost, err := toBase(l.Quantity*l.CostPerShare, l.Currency, l.Acquired)
		if err != nil {
			return nil, err
		}
		i, seen := idx[l.Ticker]
		if !seen {
			i = len(out)
			idx[l.Ticker] = i
			out = append(out, income.Holding{Ticker: l.Ticker})
			curs = append(curs, l.Currency)
		}
		out[i].Quantity += l.Quantity
		out[i].CostBasis += cost
	}
	for i := range out {
		v, err := toBase(out[i].Quantity*prices[out[i].Ticker], curs[i], asOf)
		if err != nil {
			return nil, err
		}
		out[i].MarketValue = v
	}
	return out, nil
}
