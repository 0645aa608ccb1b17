package portfolioanalytics

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"time"

	"github.com/fortfolio/fortfolio/server/fx"
	"github.com/fortfolio/fortfolio/server/market"
	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/server/portfolio"
	"github.com/fortfolio/fortfolio/shared/validate"
)

// Rates returns the exchange rates to convert between currencies: the
// embedded ECB reference rates, with the market data provider's own
// daily series of each of currencies (up to yesterday) laid over them
// when it has one (the provider's rate on the days it has, ECB's on the
// others). Only the
// currencies asked for are fetched. A provider that fails is logged and
// its currency keeps ECB's rates, so a provider outage never fails a
// conversion ECB covers.
func (s Source) Rates(ctx context.Context, currencies ...string) (*fx.Table, error) {
	t, err := fx.Embedded()
	if err != nil {
		return nil, err
	}
	p, ok := s.Market.(market.FXer)
	if !ok {
		return t, nil
	}
	// Settled days only: once fetched they are served from the provider's
	// cache, so an outage later does not change the rates already used;
	// today is converted at the last rate carried forward.
	first, _ := t.Range()
	settled := time.Now().UTC().AddDate(0, 0, -1)
	seen := map[string]bool{fx.Base: true, "": true}
	for _, c := range currencies {
		if seen[c] {
			continue
		}
		seen[c] = true
		bars, err := p.FX(ctx, c, first, settled)
		if err != nil {
			if !errors.Is(err, market.ErrNoFX) {
				s.logger().LogAttrs(ctx, slog.LevelWarn, "provider exchange rates unavailable, using the ECB reference rates",
					slog.String("provider", s.Market.Name()), slog.String("currency", c), slog.Any("error", err))
			}
			continue
		}
		days, rates := make([]time.Time, len(bars)), make([]float64, len(bars))
		for i, b := range bars {
			days[i], rates[i] = b.Date, b.Close
		}
		t = t.With(c, days, rates)
	}
	return t, nil
}

// logger is the source's logger (slog's default when unset).
func (s Source) logger() *slog.Logger {
	if s.Logger != nil {
		return s.Logger
	}
	return slog.Default()
}

// currenciesOf lists the currencies a book converts: its base, its
// series' currencies, every entry's settlement currency and, for a base
// other than USD, USD (the benchmarks are quoted in it).
func currenciesOf(base string, series map[string]string, txs []model.Transaction) []string {
	out := []string{base}
	if base != validate.DefaultCurrency {
		out = append(out, validate.DefaultCurrency)
	}
	for _, c := range series {
		out = append(out, c)
	}
	for _, t := range txs {
		if c, _ := portfolio.Settlement(t); c != "" {
			out = append(out, c)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// ratesSpan is the first and last day every conversion between base and
// the given currencies has a rate: the latest of their own first dates,
// and the earliest of their own last dates plus the carry-forward limit
// (the table's range when none has rates).
func ratesSpan(rates *fx.Table, base string, currencies []string) (time.Time, time.Time) {
	start, end := rates.Range()
	found := false
	for _, c := range append([]string{base}, currencies...) {
		first, last, ok := rates.RangeOf(c)
		if !ok {
			continue
		}
		if !found || first.After(start) {
			start = first
		}
		if !found || last.Before(end) {
			end = last
		}
		found = true
	}
	return start, end.AddDate(0, 0, fx.MaxCarryDays)
}
