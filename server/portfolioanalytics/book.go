package portfolioanalytics

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/fortfolio/fortfolio/server/analytics"
	"github.com/fortfolio/fortfolio/server/market"
	"github.com/fortfolio/fortfolio/server/model"
)

// Book is a portfolio with the market data it needs: its ledger, one
// close series and the metadata of every traded ticker. Tickers without
// price data are left out and listed in Missing.
type Book struct {
	Ledger
	// Txs are the transactions up to the last price date in the
	// split-adjusted terms of the price series, amounts in their own
	// currency (trades marked with it); BaseTxs are the same with every
	// price, fee and amount converted to the base currency at its date.
	Txs     []model.Transaction
	BaseTxs []model.Transaction
	Series  []analytics.PriceSeries
	Meta    map[string]analytics.Meta
	Missing []string
	// Pending are the entries dated after the last price date: no engine
	// counts them until prices for their date exist (see SetAside).
	Pending []model.Transaction
	// Base is the currency of every amount (LoadIn); Currency is each
	// series' own currency and Local its closes in it.
	Base      string
	Currency  map[string]string
	Local     map[string]analytics.PriceSeries
	HoldsCash bool // the portfolio has a deposit: cash series are booked
	src       Source
	cv        converter // to Base at the rates loaded with the book (LoadIn)
}

// Load converts the transactions and fetches each ticker's closes once.
// Transactions dated after the last price date of the series are set
// aside in Pending.
func (s Source) Load(ctx context.Context, txs []model.Transaction) (*Book, error) {
	b := &Book{Meta: map[string]analytics.Meta{}, src: s, Base: "USD"}
	for _, tk := range Convert(txs).Tickers {
		ps, err := s.Series(ctx, tk)
		if errors.Is(err, market.ErrUnknownTicker) || err == nil && len(ps.Dates) == 0 {
			b.Missing = append(b.Missing, tk)
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrUnavailable, err)
		}
		b.Series = append(b.Series, ps)
		b.Meta[tk] = s.Meta(ctx, tk)
	}
	b.Txs = b.setAside(txs)
	b.BaseTxs = b.Txs
	b.Ledger = Convert(b.Txs).without(b.Missing)
	b.keepSeries()
	return b, nil
}

// keepSeries drops the series of tickers the booked entries do not use
// (their entries are all pending).
func (b *Book) keepSeries() {
	used := map[string]bool{}
	for _, t := range b.Trades {
		used[t.Ticker] = true
	}
	for _, d := range b.Dividends {
		used[d.Ticker] = true
	}
	b.Series = slices.DeleteFunc(b.Series, func(s analytics.PriceSeries) bool { return !used[s.Ticker] })
	b.Tickers = slices.DeleteFunc(b.Tickers, func(tk string) bool { return !used[tk] })
}

// LastPriceDate is the latest date of the book's series (zero without any).
func (b *Book) LastPriceDate() time.Time {
	var last time.Time
	for _, s := range b.Series {
		if n := len(s.Dates); n > 0 && s.Dates[n-1].After(last) {
			last = s.Dates[n-1]
		}
	}
	return last
}

// setAside returns the entries up to the last price date and keeps the
// later ones in Pending: the one rule for entries the prices do not reach
// yet, applied by every engine that reads a Book (analytics, holdings,
// stress, optimiser, tax lots, income, reports). Without any series
// nothing is set aside.
func (b *Book) setAside(txs []model.Transaction) []model.Transaction {
	last := b.LastPriceDate()
	if last.IsZero() {
		return txs
	}
	i := len(txs)
	for i > 0 && txs[i-1].Date.After(last) {
		i--
	}
	b.Pending = txs[i:]
	return txs[:i]
}

// Input builds the analytics input of the window [from, to] (zero =
// unbounded) with an optional benchmark and the annual risk-free rate.
func (b *Book) Input(from, to time.Time, bench *analytics.PriceSeries, rf float64) analytics.Input {
	return analytics.Input{Series: b.Series, Trades: b.Trades, Dividends: b.Dividends, Meta: b.Meta,
		Benchmark: bench, From: from, To: to, RiskFree: rf}
}

// Positions returns the signed quantities after every trade up to asOf
// (zero = all trades). Cash series are not positions: stress tests and
// the optimiser work on the securities.
func (b *Book) Positions(asOf time.Time) map[string]float64 {
	pos := analytics.PositionsAt(b.Trades, asOf)
	for tk := range pos {
		if IsCash(tk) {
			delete(pos, tk)
		}
	}
	return pos
}

// StressInput returns the stress input: the provider's whole reference
// data set (it defines the equal-weight index used for betas) plus the
// portfolio's own series for tickers outside it.
func (b *Book) StressInput() (analytics.StressInput, error) {
	u, err := b.src.Universe()
	if err != nil {
		return analytics.StressInput{}, err
	}
	series := append([]analytics.PriceSeries(nil), u...)
	known := map[string]int{}
	for i, s := range u {
		known[s.Ticker] = i
	}
	for _, s := range b.Series {
		i, ok := known[s.Ticker]
		switch {
		case IsCash(s.Ticker):
		case !ok:
			series = append(series, s)
		case b.Currency[s.Ticker] != "" && b.Currency[s.Ticker] != b.Base:
			series[i] = s // the holding's closes in the base currency
		}
	}
	return analytics.StressInput{Series: series, Positions: b.Positions(time.Time{}), Meta: b.Meta}, nil
}

// LastPrices returns each ticker's last close on or before asOf (zero =
// last available) and the latest such date.
func (b *Book) LastPrices(asOf time.Time) (map[string]float64, time.Time) {
	out := map[string]float64{}
	var latest time.Time
	for _, s := range b.Series {
		for i := len(s.Dates) - 1; i >= 0; i-- {
			if asOf.IsZero() || !s.Dates[i].After(asOf) {
				out[s.Ticker] = s.Close[i]
				if s.Dates[i].After(latest) {
					latest = s.Dates[i]
				}
				break
			}
		}
	}
	return out, latest
}

// SeriesOf returns the series of the given tickers, in that order.
func (b *Book) SeriesOf(tickers []string) []analytics.PriceSeries {
	idx := map[string]int{}
	for i, s := range b.Series {
		idx[s.Ticker] = i
	}
	out := make([]analytics.PriceSeries, 0, len(tickers))
	for _, tk := range tickers {
		if i, ok := idx[tk]; ok {
			out = append(out, b.Series[i])
		}
	}
	return out
}

// LocalLastPrices is LastPrices with each close in its instrument's own
// currency.
func (b *Book) LocalLastPrices(asOf time.Time) map[string]float64 {
	prices, _ := b.LastPrices(asOf)
	for tk := range prices {
		if l, ok := b.Local[tk]; ok && b.Currency[tk] != b.Base {
			last := asOf
			if last.IsZero() {
				last = b.LastPriceDate()
			}
			if c, ok := closeOnOrBefore(l, last); ok {
				prices[tk] = c
			}
		}
	}
	return prices
}
