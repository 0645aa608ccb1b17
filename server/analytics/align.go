package analytics

import (
	"slices"
	"time"
)

// panel is a set of price series aligned on the union of their dates with
// last-close carry-forward. px[k][t] is 0 before ticker k's first close.
type panel struct {
	days    []int64
	tickers []string
	index   map[string]int
	px      [][]float64
	start   []int
}

// newPanel aligns the given series on the union of their dates. Duplicate
// tickers are an error.
func newPanel(series []PriceSeries) (*panel, error) {
	p := &panel{index: make(map[string]int, len(series))}
	for _, s := range series {
		if err := s.Validate(); err != nil {
			return nil, err
		}
		if _, dup := p.index[s.Ticker]; dup {
			return nil, fail(ErrInvalidInput, "duplicate series %s", s.Ticker)
		}
		p.index[s.Ticker] = len(p.tickers)
		p.tickers = append(p.tickers, s.Ticker)
	}
	p.days = unionDays(series)
	p.px = make([][]float64, len(series))
	p.start = make([]int, len(series))
	for k, s := range series {
		p.px[k], p.start[k] = p.carry(s)
	}
	return p, nil
}

// unionDays merges the series' dates (each strictly increasing, checked by
// Validate) into their sorted union. Series usually share one calendar, so
// a series whose days are already the union costs one comparison pass and
// no allocation.
func unionDays(series []PriceSeries) []int64 {
	var days, next []int64
	for _, s := range series {
		if sameDays(days, s.Dates) {
			continue
		}
		next = mergeDays(next[:0], days, s.Dates)
		days, next = next, days
	}
	return days
}

// sameDays reports whether dates are exactly the days of u.
func sameDays(u []int64, dates []time.Time) bool {
	if len(u) != len(dates) {
		return false
	}
	for i, d := range dates {
		if dayNum(d) != u[i] {
			return false
		}
	}
	return true
}

// mergeDays appends to dst the sorted union of u and dates.
func mergeDays(dst, u []int64, dates []time.Time) []int64 {
	dst = slices.Grow(dst, max(len(u), len(dates)))
	i, j := 0, 0
	for i < len(u) || j < len(dates) {
		switch {
		case j == len(dates):
			dst = append(dst, u[i])
			i++
		case i == len(u):
			dst = append(dst, dayNum(dates[j]))
			j++
		default:
			d := dayNum(dates[j])
			switch {
			case u[i] < d:
				dst = append(dst, u[i])
				i++
			case d < u[i]:
				dst = append(dst, d)
				j++
			default:
				dst = append(dst, d)
				i++
				j++
			}
		}
	}
	return dst
}

// carry maps one series onto the panel calendar with carry-forward and
// returns the aligned closes and the index of the first available close.
func (p *panel) carry(s PriceSeries) ([]float64, int) {
	out := make([]float64, len(p.days))
	j, last, start := 0, 0.0, len(p.days)
	for t, d := range p.days {
		for j < len(s.Dates) && dayNum(s.Dates[j]) <= d {
			last = s.Close[j]
			j++
		}
		if last > 0 && start == len(p.days) {
			start = t
		}
		out[t] = last
	}
	return out, start
}

// indexOnOrAfter returns the first calendar index whose day is >= d.
func (p *panel) indexOnOrAfter(d int64) int {
	i, _ := slices.BinarySearch(p.days, d)
	return i
}

// indexOnOrBefore returns the last calendar index whose day is <= d, or -1.
func (p *panel) indexOnOrBefore(d int64) int {
	i, found := slices.BinarySearch(p.days, d)
	if found {
		return i
	}
	return i - 1
}

// EqualWeightIndex builds a daily-rebalanced equal-weight index of the given
// series on the union of their dates, starting at 100. On each day the index
// return is the simple average of the daily returns of the constituents that
// have a close on both the previous and the current calendar day (with
// carry-forward); a day with no such constituent has return 0. The ticker of
// the result is "EQW".
func EqualWeightIndex(series []PriceSeries) (PriceSeries, error) {
	if len(series) == 0 {
		return PriceSeries{}, fail(ErrInvalidInput, "equal-weight index of no series")
	}
	p, err := newPanel(series)
	if err != nil {
		return PriceSeries{}, err
	}
	out := PriceSeries{Ticker: "EQW", Dates: make([]time.Time, len(p.days)), Close: make([]float64, len(p.days))}
	level := 100.0
	for t, d := range p.days {
		if t > 0 {
			level *= 1 + p.meanReturn(t)
		}
		out.Dates[t] = dayTime(d)
		out.Close[t] = level
	}
	return out, nil
}

// meanReturn is the average daily return at calendar index t of the
// constituents priced at t-1.
func (p *panel) meanReturn(t int) float64 {
	sum, n := 0.0, 0
	for k := range p.px {
		if p.start[k] <= t-1 {
			sum += p.px[k][t]/p.px[k][t-1] - 1
			n++
		}
	}
	if n == 0 {
		return 0
	}
	return sum / float64(n)
}
