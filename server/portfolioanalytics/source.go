package portfolioanalytics

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/fortfolio/fortfolio/server/analytics"
	"github.com/fortfolio/fortfolio/server/market"
)

// EqualWeight is the benchmark name of the equal-weight index.
const EqualWeight = "EQW"

// ErrUnavailable is returned when the market data provider fails.
var ErrUnavailable = errors.New("portfolioanalytics: market data unavailable")

// closer is the fast close-only access of *market.Embedded.
type closer interface {
	Closes(ticker string, from, to time.Time) ([]time.Time, []float64, error)
}

// historyFrom and historyTo bound the price history fetched per ticker.
var historyFrom = time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)

// Source reads prices and metadata from a market provider.
type Source struct {
	Market market.Provider
}

// Series returns ticker's whole daily close series. A ticker the provider
// does not know gives market.ErrUnknownTicker.
func (s Source) Series(ctx context.Context, ticker string) (analytics.PriceSeries, error) {
	to := time.Now().UTC()
	if c, ok := s.Market.(closer); ok {
		d, cl, err := c.Closes(ticker, historyFrom, to)
		if err != nil {
			return analytics.PriceSeries{}, fmt.Errorf("portfolioanalytics: closes of %s: %w", ticker, err)
		}
		return analytics.PriceSeries{Ticker: ticker, Dates: d, Close: cl}, nil
	}
	bars, err := s.Market.History(ctx, ticker, historyFrom, to)
	if err != nil {
		return analytics.PriceSeries{}, fmt.Errorf("portfolioanalytics: history of %s: %w", ticker, err)
	}
	out := analytics.PriceSeries{Ticker: ticker, Dates: make([]time.Time, len(bars)), Close: make([]float64, len(bars))}
	for i, b := range bars {
		out.Dates[i], out.Close[i] = b.Date, b.Close
	}
	return out, nil
}

// Meta returns the sector and country of ticker ("Unknown" when the
// provider has none).
func (s Source) Meta(ctx context.Context, ticker string) analytics.Meta {
	sym, err := s.Market.Symbol(ctx, ticker)
	if err != nil {
		return analytics.Meta{Sector: market.Unknown, Country: market.Unknown}
	}
	return analytics.Meta{Sector: sym.Sector, Country: sym.Country}
}

// universe is the embedded data set's series, read once per process.
var universe = sync.OnceValues(func() ([]analytics.PriceSeries, error) {
	e, err := market.NewEmbedded()
	if err != nil {
		return nil, fmt.Errorf("portfolioanalytics: embedded data: %w", err)
	}
	var out []analytics.PriceSeries
	for _, tk := range e.Tickers() {
		d, c, err := e.Closes(tk, historyFrom, time.Now().UTC())
		if err != nil {
			return nil, fmt.Errorf("portfolioanalytics: embedded closes: %w", err)
		}
		if len(d) > 0 {
			out = append(out, analytics.PriceSeries{Ticker: tk, Dates: d, Close: c})
		}
	}
	return out, nil
})

// equalWeight is the equal-weight index of the embedded set, built once.
var equalWeight = sync.OnceValues(func() (analytics.PriceSeries, error) {
	u, err := universe()
	if err != nil {
		return analytics.PriceSeries{}, err
	}
	return analytics.EqualWeightIndex(u)
})

// Universe returns the series of the whole embedded data set.
func Universe() ([]analytics.PriceSeries, error) { return universe() }

// EqualWeightIndex returns the "EQW" index of the whole embedded data set.
func EqualWeightIndex() (analytics.PriceSeries, error) { return equalWeight() }

// DataRange returns the first and last date of the embedded data set.
func DataRange() (time.Time, time.Time, error) {
	e, err := market.NewEmbedded()
	if err != nil {
		return time.Time{}, time.Time{}, fmt.Errorf("portfolioanalytics: embedded data: %w", err)
	}
	first, last := e.Range()
	return first, last, nil
}

// Benchmark returns the benchmark series: the equal-weight index for
// "EQW", otherwise the ticker's closes.
func (s Source) Benchmark(ctx context.Context, name string) (analytics.PriceSeries, error) {
	if name == EqualWeight {
		return EqualWeightIndex()
	}
	return s.Series(ctx, name)
}
