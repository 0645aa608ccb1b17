package forecast

import (
	"context"
	"fmt"
	"time"

	"github.com/fortfolio/fortfolio/server/market"
)

// barViewer is the read-only bar access of the embedded data set.
type barViewer interface {
	View(ticker string, from, to time.Time) ([]market.Bar, error)
}

// symbolizer gives a ticker's metadata (its sector).
type symbolizer interface {
	Symbol(ctx context.Context, ticker string) (market.Symbol, error)
}

// historyFrom bounds the history read per ticker.
var historyFrom = time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)

// LoadUniverse builds the universe of the provider's reference data set
// (the embedded set for every provider): the tickers predictions cover.
func LoadUniverse(ctx context.Context, prov market.Provider) (*Universe, error) {
	rp, ok := prov.(market.Referenced)
	if !ok {
		return nil, fmt.Errorf("forecast: provider %s has no reference data set", prov.Name())
	}
	ref, err := rp.Reference()
	if err != nil {
		return nil, fmt.Errorf("forecast: reference: %w", err)
	}
	_, last := ref.Range()
	var series []Series
	for _, tk := range ref.Tickers() {
		s, err := loadSeries(ctx, ref, tk, last)
		if err != nil {
			return nil, err
		}
		if len(s.Dates) > 0 {
			series = append(series, s)
		}
	}
	return NewUniverse(series)
}

// loadSeries reads one ticker's closes, volumes and sector.
func loadSeries(ctx context.Context, ref market.Reference, tk string, last time.Time) (Series, error) {
	s := Series{Ticker: tk, Sector: market.Unknown}
	if sy, ok := ref.(symbolizer); ok {
		if sym, err := sy.Symbol(ctx, tk); err == nil {
			s.Sector = sym.Sector
		}
	}
	if bv, ok := ref.(barViewer); ok {
		bars, err := bv.View(tk, historyFrom, last)
		if err != nil {
			return Series{}, fmt.Errorf("forecast: bars of %s: %w", tk, err)
		}
		for _, b := range bars {
			s.Dates, s.Close, s.Volume = append(s.Dates, b.Date), append(s.Close, b.Close), append(s.Volume, float64(b.Volume))
		}
		return s, nil
	}
	dates, closes, err := ref.Closes(tk, historyFrom, last)
	if err != nil {
		return Series{}, fmt.Errorf("forecast: closes of %s: %w", tk, err)
	}
	s.Dates, s.Close, s.Volume = dates, closes, make([]float64, len(closes))
	return s, nil
}
