package portfolioanalytics

import (
	"time"

	"github.com/fortfolio/fortfolio/server/analytics"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// Report runs the analytics over [from, to] in the book's base currency:
// the benchmark is converted to it at each day's rate, and each holding
// in another currency has its return split into the local price return
// and the currency return.
func (b *Book) Report(from, to time.Time, bench *analytics.PriceSeries, rf float64) (wire.AnalyticsReport, error) {
	if bench != nil && b.Base != "" && b.Base != "USD" {
		conv, err := b.ToBase(*bench, "USD")
		if err != nil {
			return wire.AnalyticsReport{}, err
		}
		bench = &conv
	}
	rep, err := analytics.Analyze(b.Input(from, to, bench, rf))
	if err != nil {
		return rep, err
	}
	rep.Currency = b.Base
	rep.FlowsAre = "trades"
	if b.HoldsCash {
		rep.FlowsAre = "deposits"
	}
	for i := range rep.Holdings {
		b.splitReturn(&rep.Holdings[i], rep.From, rep.To)
	}
	return rep, nil
}

// ToBase converts a series quoted in cur to the base currency.
func (b *Book) ToBase(s analytics.PriceSeries, cur string) (analytics.PriceSeries, error) {
	cv, err := b.converter()
	if err != nil {
		return s, err
	}
	out := analytics.PriceSeries{Ticker: s.Ticker, Dates: s.Dates, Close: make([]float64, len(s.Close))}
	for i, c := range s.Close {
		v, err := cv.to(c, s.Dates[i], cur)
		if err != nil {
			return s, err
		}
		out.Close[i] = v
	}
	return out, nil
}

// splitReturn fills the local and currency returns of a holding quoted in
// another currency than the base.
func (b *Book) splitReturn(h *wire.Holding, fromS, toS string) {
	cur := b.Currency[h.Ticker]
	if cur == "" || cur == b.Base || h.PriceReturn == nil {
		return
	}
	h.Currency = cur
	local := b.Local[h.Ticker]
	from, _ := time.Parse(time.DateOnly, fromS)
	to, _ := time.Parse(time.DateOnly, toS)
	if len(local.Dates) > 0 && local.Dates[0].After(from) {
		from = local.Dates[0]
	}
	a, okA := closeOnOrBefore(local, from)
	z, okZ := closeOnOrBefore(local, to)
	if !okA || !okZ {
		return
	}
	l := z/a - 1
	c := (1+*h.PriceReturn)/(1+l) - 1
	h.LocalReturn, h.CurrencyReturn = &l, &c
}

// closeOnOrBefore is the last close of s on or before day.
func closeOnOrBefore(s analytics.PriceSeries, day time.Time) (float64, bool) {
	for i := len(s.Dates) - 1; i >= 0; i-- {
		if !s.Dates[i].After(day) {
			return s.Close[i], true
		}
	}
	return 0, false
}
