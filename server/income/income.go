// Package income sums a portfolio's dividends, interest and taxes by month
// or year and computes its trailing-twelve-month yield and yield on cost,
// per holding and for the portfolio. Amounts arrive in the portfolio's
// base currency.
package income

import (
	"errors"
	"slices"
	"time"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// Entry kinds.
const (
	Dividend = "dividend"
	Interest = "interest"
	Tax      = "tax"
)

// Period granularities.
const (
	ByMonth = "month"
	ByYear  = "year"
)

// ErrBy is returned by ParseBy for an unknown granularity.
var ErrBy = errors.New("income: by must be month or year")

// ParseBy reads the by parameter; "" is month.
func ParseBy(s string) (string, error) {
	switch s {
	case "", ByMonth:
		return ByMonth, nil
	case ByYear:
		return ByYear, nil
	}
	return "", ErrBy
}

// Entry is one income or tax booking in base currency: a dividend (net of
// its fee), an interest payment or a tax (positive = paid). Ticker is ""
// for entries not tied to a holding.
type Entry struct {
	Date   time.Time
	Kind   string
	Ticker string
	Amount float64
}

// Holding is an open long holding at the as-of date, in base currency.
type Holding struct {
	Ticker                 string
	Quantity               float64
	MarketValue, CostBasis float64
}

// Input is what an income report needs.
type Input struct {
	PortfolioID, Currency, By string
	AsOf                      time.Time
	Entries                   []Entry
	Holdings                  []Holding
}

// Report sums the entries by period and computes the yields at in.AsOf.
func Report(in Input) wire.IncomeReport {
	rep := wire.IncomeReport{PortfolioID: in.PortfolioID, Currency: in.Currency, By: in.By, AsOf: in.AsOf.Format(time.DateOnly),
		Periods: periods(in.Entries, in.By), Holdings: []wire.IncomeHolding{}}
	rep.Totals.Period = "total"
	for _, p := range rep.Periods {
		addPeriod(&rep.Totals, p)
	}
	perTicker, taxPerTicker := map[string]float64{}, map[string]float64{}
	for _, e := range in.Entries {
		if !inTrailingYear(e.Date, in.AsOf) {
			continue
		}
		switch e.Kind {
		case Dividend:
			perTicker[e.Ticker] += e.Amount
			rep.Income12m += e.Amount
		case Interest:
			rep.Income12m += e.Amount
		case Tax:
			rep.Tax12m += e.Amount
			taxPerTicker[e.Ticker] += e.Amount
		}
	}
	for _, h := range in.Holdings {
		inc := perTicker[h.Ticker]
		rep.Holdings = append(rep.Holdings, wire.IncomeHolding{Ticker: h.Ticker, Quantity: h.Quantity, MarketValue: h.MarketValue,
			CostBasis: h.CostBasis, Income12m: inc, Tax12m: taxPerTicker[h.Ticker], Yield: ratio(inc, h.MarketValue), YieldOnCost: ratio(inc, h.CostBasis)})
		rep.MarketValue += h.MarketValue
		rep.CostBasis += h.CostBasis
	}
	rep.Yield, rep.YieldOnCost = ratio(rep.Income12m, rep.MarketValue), ratio(rep.Income12m, rep.CostBasis)
	return rep
}

// inTrailingYear reports whether d lies in (asOf - 1 year, asOf].
func inTrailingYear(d, asOf time.Time) bool {
	return d.After(asOf.AddDate(-1, 0, 0)) && !d.After(asOf)
}

// ratio is a/b, or nil when b is not positive.
func ratio(a, b float64) *float64 {
	if b <= 0 {
		return nil
	}
	v := a / b
	return &v
}

// addPeriod adds p's amounts to sum.
func addPeriod(sum *wire.IncomePeriod, p wire.IncomePeriod) {
	sum.Dividends += p.Dividends
	sum.Interest += p.Interest
	sum.Tax += p.Tax
	sum.Net += p.Net
}

// key names the period of a date.
func key(d time.Time, by string) string {
	if by == ByYear {
		return d.Format("2006")
	}
	return d.Format("2006-01")
}

// periods sums the entries per period, from the first to the last period
// with an entry, gaps filled with zeros.
func periods(entries []Entry, by string) []wire.IncomePeriod {
	out := []wire.IncomePeriod{}
	if len(entries) == 0 {
		return out
	}
	sums := map[string]*wire.IncomePeriod{}
	first, last := entries[0].Date, entries[0].Date
	for _, e := range entries {
		k := key(e.Date, by)
		p := sums[k]
		if p == nil {
			p = &wire.IncomePeriod{Period: k}
			sums[k] = p
		}
		switch e.Kind {
		case Dividend:
			p.Dividends += e.Amount
		case Interest:
			p.Interest += e.Amount
		case Tax:
			p.Tax += e.Amount
		}
		first, last = minTime(first, e.Date), maxTime(last, e.Date)
	}
	for d := start(first, by); !d.After(last); d = step(d, by) {
		p := wire.IncomePeriod{Period: key(d, by)}
		if s := sums[p.Period]; s != nil {
			p = *s
		}
		p.Net = p.Dividends + p.Interest - p.Tax
		out = append(out, p)
	}
	return out
}

// start is the first day of d's period.
func start(d time.Time, by string) time.Time {
	if by == ByYear {
		return time.Date(d.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC)
}

// step is the first day of the next period.
func step(d time.Time, by string) time.Time {
	if by == ByYear {
		return d.AddDate(1, 0, 0)
	}
	return d.AddDate(0, 1, 0)
}

func minTime(a, b time.Time) time.Time { return slices.MinFunc([]time.Time{a, b}, time.Time.Compare) }
func maxTime(a, b time.Time) time.Time { return slices.MaxFunc([]time.Time{a, b}, time.Time.Compare) }
