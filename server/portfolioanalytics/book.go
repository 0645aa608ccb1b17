package portfolioanalytics

import (
	"context"
	"errors"
	"fmt"
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
	Txs     []model.Transaction
	Series  []analytics.PriceSeries
	Meta    map[string]analytics.Meta
	Missing []string
	src     Source
}

// Load converts the transactions and fetches each ticker's closes once.
func (s Source) Load(ctx context.Context, txs []model.Transaction) (*Book, error) {
	l := Convert(txs)
	b := &Book{Txs: txs, Meta: map[string]analytics.Meta{}, src: s}
	for _, tk := range l.Tickers {
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
	b.Ledger = l.without(b.Missing)
	return b, nil
}

// Input builds the analytics input of the window [from, to] (zero =
// unbounded) with an optional benchmark and the annual risk-free rate.
func (b *Book) Input(from, to time.Time, bench *analytics.PriceSeries, rf float64) analytics.Input {
	return analytics.Input{Series: b.Series, Trades: b.Trades, Dividends: b.Dividends, Meta: b.Meta,
		Benchmark: bench, From: from, To: to, RiskFree: rf}
}

// Positions returns the signed quantities after every trade up to asOf
// (zero = all trades).
func (b *Book) Positions(asOf time.Time) map[string]float64 {
	return analytics.PositionsAt(b.Trades, asOf)
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
	known := map[string]bool{}
	for _, s := range u {
		known[s.Ticker] = true
	}
	for _, s := range b.Series {
		if !known[s.Ticker] {
			series = append(series, s)
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
