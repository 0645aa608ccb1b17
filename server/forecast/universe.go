package forecast

import (
	"fmt"
	"slices"
	"time"
)

// Series is one ticker's daily closes and volumes, oldest first, with its
// sector. Dates are strictly increasing UTC days.
type Series struct {
	Ticker string
	Sector string
	Dates  []time.Time
	Close  []float64
	Volume []float64
}

// Universe is a set of series aligned on the union of their dates with
// last-close carry-forward. It is immutable after NewUniverse.
type Universe struct {
	Dates   []time.Time
	Tickers []string
	Sectors []string
	// px[k][t] is ticker k's close on union day t (carried forward); 0
	// before its first close. vol[k][t] is its volume that day (carried
	// forward likewise) and own[k][t] whether it has its own bar.
	px    [][]float64
	vol   [][]float64
	own   [][]bool
	index map[string]int
	// mkt[t] is the equal-weight index level of the universe at t.
	mkt []float64
}

// NewUniverse aligns series (at least one, distinct tickers).
func NewUniverse(series []Series) (*Universe, error) {
	if len(series) == 0 {
		return nil, fmt.Errorf("forecast: universe: no series")
	}
	u := &Universe{index: map[string]int{}}
	for _, s := range series {
		if err := s.validate(); err != nil {
			return nil, err
		}
		if _, dup := u.index[s.Ticker]; dup {
			return nil, fmt.Errorf("forecast: universe: duplicate ticker %s", s.Ticker)
		}
		u.index[s.Ticker] = len(u.Tickers)
		u.Tickers = append(u.Tickers, s.Ticker)
		u.Sectors = append(u.Sectors, s.Sector)
	}
	u.Dates = unionDates(series)
	for _, s := range series {
		px, vol, own := u.carry(s)
		u.px, u.vol, u.own = append(u.px, px), append(u.vol, vol), append(u.own, own)
	}
	u.mkt = u.equalWeight()
	return u, nil
}

// validate checks lengths, order and positive closes.
func (s Series) validate() error {
	if s.Ticker == "" || len(s.Dates) == 0 || len(s.Dates) != len(s.Close) || len(s.Volume) != len(s.Close) {
		return fmt.Errorf("forecast: universe: series %q empty or of mismatched lengths", s.Ticker)
	}
	for i, c := range s.Close {
		if !(c > 0) || c > 1e12 {
			return fmt.Errorf("forecast: universe: series %s: bad close at %d", s.Ticker, i)
		}
		if i > 0 && !s.Dates[i].After(s.Dates[i-1]) {
			return fmt.Errorf("forecast: universe: series %s: dates not increasing at %d", s.Ticker, i)
		}
	}
	return nil
}

// unionDates merges every series' dates into one sorted calendar.
func unionDates(series []Series) []time.Time {
	seen := map[time.Time]bool{}
	var out []time.Time
	for _, s := range series {
		for _, d := range s.Dates {
			if !seen[d] {
				seen[d] = true
				out = append(out, d)
			}
		}
	}
	slices.SortFunc(out, time.Time.Compare)
	return out
}

// carry places s on the union calendar with carry-forward.
func (u *Universe) carry(s Series) (px, vol []float64, own []bool) {
	n := len(u.Dates)
	px, vol, own = make([]float64, n), make([]float64, n), make([]bool, n)
	j := 0
	for t, d := range u.Dates {
		if j < len(s.Dates) && s.Dates[j].Equal(d) {
			px[t], vol[t], own[t] = s.Close[j], s.Volume[j], true
			j++
			continue
		}
		if t > 0 {
			px[t], vol[t] = px[t-1], vol[t-1]
		}
	}
	return px, vol, own
}

// equalWeight builds the daily-rebalanced equal-weight index of the
// universe: each day's return is the mean return of the tickers priced the
// day before (the analytics "EQW" rule).
func (u *Universe) equalWeight() []float64 {
	out := make([]float64, len(u.Dates))
	level := 1.0
	for t := range u.Dates {
		if t > 0 {
			sum, n := 0.0, 0
			for k := range u.px {
				if u.px[k][t-1] > 0 {
					sum += u.px[k][t]/u.px[k][t-1] - 1
					n++
				}
			}
			if n > 0 {
				level *= 1 + sum/float64(n)
			}
		}
		out[t] = level
	}
	return out
}

// Index returns the position of ticker in the universe.
func (u *Universe) Index(ticker string) (int, bool) {
	k, ok := u.index[ticker]
	return k, ok
}

// Days is the length of the union calendar.
func (u *Universe) Days() int { return len(u.Dates) }

// Subset is the universe of tickers only, in that order, on u's calendar
// (the equal-weight index is recomputed over them).
func (u *Universe) Subset(tickers []string) (*Universe, error) {
	out := &Universe{Dates: u.Dates, index: map[string]int{}}
	for _, tk := range tickers {
		k, ok := u.index[tk]
		if !ok {
			return nil, fmt.Errorf("forecast: universe: no ticker %s", tk)
		}
		if _, dup := out.index[tk]; dup {
			return nil, fmt.Errorf("forecast: universe: duplicate ticker %s", tk)
		}
		out.index[tk] = len(out.Tickers)
		out.Tickers, out.Sectors = append(out.Tickers, tk), append(out.Sectors, u.Sectors[k])
		out.px, out.vol, out.own = append(out.px, u.px[k]), append(out.vol, u.vol[k]), append(out.own, u.own[k])
	}
	if len(out.Tickers) == 0 {
		return nil, fmt.Errorf("forecast: universe: no series")
	}
	out.mkt = out.equalWeight()
	return out, nil
}
