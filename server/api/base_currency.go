package api

import (
	"context"
	"errors"
	"maps"
	"net/http"
	"slices"
	"time"

	"github.com/fortfolio/fortfolio/server/fx"
	"github.com/fortfolio/fortfolio/server/httpx"
	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/server/taxlots"
	"github.com/fortfolio/fortfolio/shared/validate"
)

// baseCurrency is the portfolio's base currency (USD when unset).
func baseCurrency(p model.Portfolio) string {
	if p.Currency == "" {
		return validate.DefaultCurrency
	}
	return p.Currency
}

// toBase returns the converter of amounts into the portfolio's base
// currency at the rates of each amount's date (the market data's rates
// source: the embedded ECB reference rates with the provider's own series
// laid over them, last rate carried forward). Rates are loaded on the
// first amount that needs them, for the currencies met so far. Amounts
// already in the base currency are used as they are, so a portfolio
// trading in its own currency keeps its exact numbers.
func (h *Handlers) toBase(ctx context.Context, p model.Portfolio) taxlots.Converter {
	base := baseCurrency(p)
	var table *fx.Table
	loaded := map[string]bool{}
	return func(amount float64, cur string, day time.Time) (float64, error) {
		if cur == "" || cur == base {
			return amount, nil
		}
		if !loaded[cur] {
			loaded[base], loaded[cur] = true, true
			t, err := h.source().Rates(ctx, slices.Sorted(maps.Keys(loaded))...)
			if err != nil {
				return 0, err
			}
			table = t
		}
		v, err := table.Convert(amount, day, cur, base)
		if err != nil {
			return 0, fxUnavailable(cur, base, day, err)
		}
		return v, nil
	}
}

// fxUnavailable is the answer when a rate is missing for a date.
func fxUnavailable(from, to string, day time.Time, err error) error {
	msg := "No exchange rate from " + from + " to " + to + " for " + day.Format(time.DateOnly) + ": the report cannot be shown in " + to + "."
	if errors.Is(err, fx.ErrUnknownCurrency) {
		msg = "The exchange rates do not cover " + from + " to " + to + "."
	}
	return httpx.NewError(http.StatusUnprocessableEntity, "no_exchange_rate", msg)
}

// withCurrencies returns txs with every trade and dividend that gives no
// currency marked with its instrument's quote currency (the market
// data's; USD for every embedded ticker).
func (h *Handlers) withCurrencies(ctx context.Context, txs []model.Transaction) []model.Transaction {
	out := make([]model.Transaction, len(txs))
	known := map[string]string{}
	for i, t := range txs {
		if t.Currency == "" && t.Ticker != "" && !validate.IsCashEntry(t.Kind, t.Amount) {
			cur, ok := known[t.Ticker]
			if !ok {
				cur = validate.DefaultCurrency
				if sym, err := h.Market.Symbol(ctx, t.Ticker); err == nil {
					cur = sym.QuoteCurrency()
				}
				known[t.Ticker] = cur
			}
			t.Currency = cur
		}
		out[i] = t
	}
	return out
}
