package portfolioanalytics

import (
	"context"
	"time"

	"github.com/fortfolio/fortfolio/server/analytics"
	"github.com/fortfolio/fortfolio/server/fx"
	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/server/portfolio"
	"github.com/fortfolio/fortfolio/shared/validate"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// Holdings values a portfolio in its base currency as of the last price
// date: positions from the split-adjusted history with costs, proceeds
// and income converted at each entry's date, closes at the as-of date's
// rate, and the cash of each currency. Entries after the last price date
// are counted in Pending only (the one rule, see Book.setAside).
func (s Source) Holdings(ctx context.Context, base string, txs []model.Transaction) (wire.Holdings, error) {
	b, err := s.LoadIn(ctx, base, txs)
	if err != nil {
		return wire.Holdings{}, err
	}
	book, err := portfolio.ReplayPositions(b.BaseTxs)
	if err != nil {
		return wire.Holdings{}, err
	}
	asOf := b.LastPriceDate()
	out := portfolio.Holdings(book, b.quotes(ctx, book.Order, asOf))
	out.Currency, out.Pending = b.Base, len(b.Pending)
	for i := range out.Positions {
		b.localValue(&out.Positions[i], asOf)
	}
	b.income(&out)
	if b.HoldsCash {
		if err := b.cash(&out, txs, asOf); err != nil {
			return wire.Holdings{}, err
		}
	}
	return out, nil
}

// quotes returns each ticker's close in the base currency as of asOf.
func (b *Book) quotes(ctx context.Context, tickers []string, asOf time.Time) map[string]portfolio.Quote {
	closes, _ := b.LastPrices(asOf)
	out := map[string]portfolio.Quote{}
	for _, tk := range tickers {
		q := portfolio.Quote{Close: closes[tk], Date: lastDateOf(b.SeriesOf([]string{tk}), asOf)}
		if sym, err := b.src.Market.Symbol(ctx, tk); err == nil {
			q.Name, q.Sector = sym.Name, sym.Sector
		}
		out[tk] = q
	}
	return out
}

func lastDateOf(series []analytics.PriceSeries, asOf time.Time) time.Time {
	for _, s := range series {
		for i := len(s.Dates) - 1; i >= 0; i-- {
			if !s.Dates[i].After(asOf) {
				return s.Dates[i]
			}
		}
	}
	return time.Time{}
}

// localValue adds the close and value in the instrument's own currency.
func (b *Book) localValue(p *wire.Position, asOf time.Time) {
	cur := b.Currency[p.Ticker]
	if cur == "" || cur == b.Base {
		return
	}
	if c, ok := closeOnOrBefore(b.Local[p.Ticker], asOf); ok {
		p.Currency, p.LastCloseLocal, p.MarketValueLocal = cur, c, p.Quantity*c
	}
}

// income adds interest, taxes and account fees (in the base currency).
func (b *Book) income(out *wire.Holdings) {
	for _, t := range b.BaseTxs {
		_, delta := portfolio.Settlement(t)
		switch {
		case t.Kind == validate.KindInterest:
			out.Interest += delta
		case t.Kind == validate.KindTax || t.Kind == validate.KindFee && t.Amount != 0:
			out.Taxes -= delta
		}
	}
	out.TotalPL += out.Interest - out.Taxes
}

// cash lists the balance of each currency (from the history as entered,
// up to the last price date) valued at the as-of date.
func (b *Book) cash(out *wire.Holdings, txs []model.Transaction, asOf time.Time) error {
	var local []model.Transaction
	for _, t := range txs {
		if !t.Date.After(asOf) || asOf.IsZero() {
			local = append(local, t)
		}
	}
	book, err := portfolio.ReplayPositions(portfolio.Adjust(local, b.src.Splits.Of))
	if err != nil {
		return err
	}
	out.HoldsCash = true
	cv, err := b.converter()
	if err != nil {
		return err
	}
	day := asOf
	if day.IsZero() && len(local) > 0 {
		day = local[len(local)-1].Date
	}
	for _, cur := range sortedBalances(book.Cash.Balance) {
		amt := book.Cash.Balance[cur]
		v, err := cv.to(amt, day, cur)
		if err != nil {
			return err
		}
		out.Cash = append(out.Cash, wire.CashBalance{Currency: cur, Amount: amt, Value: v})
		out.CashValue += v
	}
	out.TotalValue = out.NetExposure + out.CashValue
	return nil
}

// converter converts to the book's base currency at the rates loaded
// with the book (ECB's for a book loaded without them).
func (b *Book) converter() (converter, error) {
	if b.cv.rates != nil {
		return b.cv, nil
	}
	rates, err := fx.Embedded()
	if err != nil {
		return converter{}, err
	}
	return converter{base: b.Base, rates: rates}, nil
}

// sortedBalances lists the currencies with a non-zero balance, sorted.
func sortedBalances(m map[string]float64) []string {
	keep := map[string]bool{}
	for k, v := range m {
		if v != 0 && k != "" {
			keep[k] = true
		}
	}
	return sortedKeys(keep)
}
