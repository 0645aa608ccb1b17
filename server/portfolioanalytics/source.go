package portfolioanalytics

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/fortfolio/fortfolio/server/analytics"
	"github.com/fortfolio/fortfolio/server/market"
)

// KindStock is the asset kind of every security the market providers
// list (they serve listed shares).
const KindStock = "Stock"

// EqualWeight is the benchmark name of the equal-weight index.
const EqualWeight = "EQW"

// ErrUnavailable is returned when the market data provider fails.
var ErrUnavailable = errors.New("portfolioanalytics: market data unavailable")

// closer is the fast close-only access of *market.Embedded.
type closer interface {
	Closes(ticker string, from, to time.Time) ([]time.Time, []float64, error)
}

// ctxCloser is the close-only access of a provider that needs the
// request's context (the user's own assets over the market data).
type ctxCloser interface {
	ClosesCtx(ctx context.Context, ticker string, from, to time.Time) ([]time.Time, []float64, error)
}

// historyFrom and historyTo bound the price history fetched per ticker.
var historyFrom = time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)

// Source reads prices and metadata from a market provider.
type Source struct {
	Market market.Provider
	// Splits is the market data's split book (nil: no splits known).
	Splits *market.SplitBook
	// Logger receives the warnings of a provider's failed exchange rates
	// (slog's default when nil).
	Logger *slog.Logger
}

// Series returns ticker's whole daily close series. A ticker the provider
// does not know gives market.ErrUnknownTicker.
func (s Source) Series(ctx context.Context, ticker string) (analytics.PriceSeries, error) {
	to := time.Now().UTC()
	if c, ok := s.Market.(ctxCloser); ok {
		d, cl, err := c.ClosesCtx(ctx, ticker, historyFrom, to)
		if err != nil {
			return analytics.PriceSeries{}, fmt.Errorf("portfolioanalytics: closes of %s: %w", ticker, err)
		}
		return analytics.PriceSeries{Ticker: ticker, Dates: d, Close: cl}, nil
	}
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

// Meta returns the sector, country, quote currency and asset kind of
// ticker ("Unknown" when the provider does not know the ticker).
func (s Source) Meta(ctx context.Context, ticker string) analytics.Meta {
	sym, err := s.Market.Symbol(ctx, ticker)
	if err != nil {
		return analytics.Meta{Sector: market.Unknown, Country: market.Unknown, Currency: market.Unknown, Kind: market.Unknown}
	}
	return analytics.Meta{Sector: sym.Sector, Country: sym.Country, Currency: sym.QuoteCurrency(), Kind: KindStock}
}

// reference returns the provider's reference data set.
func (s Source) reference() (market.Reference, error) {
	rp, ok := s.Market.(market.Referenced)
	if !ok {
		return nil, fmt.Errorf("%w: provider %s has no reference data set", ErrUnavailable, s.Market.Name())
	}
	ref, err := rp.Reference()
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	return ref, nil
}

// derived holds what is computed once per reference data set: the series
// of its constituents and their equal-weight index.
type derived struct {
	universe []analytics.PriceSeries
	index    analytics.PriceSeries
}

// derivedOf memoises derive per market.Reference (immutable, so a result
// never goes stale); the index takes tens of milliseconds to build.
var derivedOf sync.Map

// derived returns the memoised series and index of the provider's reference.
func (s Source) derived() (*derived, error) {
	ref, err := s.reference()
	if err != nil {
		return nil, err
	}
	f, _ := derivedOf.LoadOrStore(ref, sync.OnceValues(func() (*derived, error) { return derive(ref) }))
	return f.(func() (*derived, error))()
}

// derive reads every constituent's closes and builds the index.
func derive(ref market.Reference) (*derived, error) {
	d := &derived{}
	for _, tk := range ref.Tickers() {
		dates, closes, err := ref.Closes(tk, historyFrom, time.Now().UTC())
		if err != nil {
			return nil, fmt.Errorf("portfolioanalytics: reference closes: %w", err)
		}
		if len(dates) > 0 {
			d.universe = append(d.universe, analytics.PriceSeries{Ticker: tk, Dates: dates, Close: closes})
		}
	}
	idx, err := analytics.EqualWeightIndex(d.universe)
	if err != nil {
		return nil, fmt.Errorf("portfolioanalytics: equal-weight index: %w", err)
	}
	d.index = idx
	return d, nil
}

// Universe returns the series of the provider's whole reference data set.
func (s Source) Universe() ([]analytics.PriceSeries, error) {
	d, err := s.derived()
	if err != nil {
		return nil, err
	}
	return d.universe, nil
}

// EqualWeightIndex returns the "EQW" index of the provider's reference set.
func (s Source) EqualWeightIndex() (analytics.PriceSeries, error) {
	d, err := s.derived()
	if err != nil {
		return analytics.PriceSeries{}, err
	}
	return d.index, nil
}

// DataRange returns the first and last date of the provider's reference set.
func (s Source) DataRange() (time.Time, time.Time, error) {
	ref, err := s.reference()
	if err != nil {
		return time.Time{}, time.Time{}, err
	}
	first, last := ref.Range()
	return first, last, nil
}

// Benchmark returns the benchmark series: the equal-weight index for
// "EQW", otherwise the ticker's closes.
func (s Source) Benchmark(ctx context.Context, name string) (analytics.PriceSeries, error) {
	if name == EqualWeight {
		return s.EqualWeightIndex()
	}
	return s.Series(ctx, name)
}
