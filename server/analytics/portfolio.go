package analytics

import (
	"math"
	"slices"
)

// book is the day-by-day state of a portfolio on a panel calendar.
type book struct {
	p     *panel
	value []float64 // V_t: sum of quantity x close after the day's trades
	gross []float64 // G_t: sum of |quantity x close|
	flow  []float64 // CF_t: external flows of trades (quantity x price + fee)
	div   []float64 // cash dividends received on day t
	// income is every dividend, interest, tax and fee entry of day t,
	// paid out (div) or kept as cash: the income a report shows.
	income []float64
	qty    [][]float64 // [t][k] end-of-day quantity
	pnl    [][]float64 // [t][k] profit and loss of holding k on day t
}

// event is a trade or dividend mapped to a calendar index.
type event struct {
	t, k     int
	qty      float64
	price    float64
	fee      float64
	cash     float64
	isTrade  bool
	internal bool // a trade without external flow, or income kept as cash
}

// buildBook replays trades and dividends over the panel calendar. A trade or
// dividend dated on a non-calendar day is booked on the next calendar day;
// events after the last calendar day are ignored. A trade dated before its
// ticker's first close is booked at that first close, at that close.
func buildBook(p *panel, trades []Trade, divs []Dividend) (*book, error) {
	events, err := mapEvents(p, trades, divs)
	if err != nil {
		return nil, err
	}
	n, m := len(p.days), len(p.tickers)
	b := &book{p: p, value: make([]float64, n), gross: make([]float64, n), flow: make([]float64, n),
		div: make([]float64, n), income: make([]float64, n), qty: make([][]float64, n), pnl: make([][]float64, n)}
	cur := make([]float64, m)
	e := 0
	for t := range n {
		b.pnl[t] = make([]float64, m)
		if t > 0 {
			for k, q := range cur {
				if q != 0 {
					b.pnl[t][k] = q * (p.px[k][t] - p.px[k][t-1])
				}
			}
		}
		for ; e < len(events) && events[e].t == t; e++ {
			b.apply(events[e], cur)
		}
		b.qty[t] = slices.Clone(cur)
		b.value[t], b.gross[t] = valuation(p, t, cur)
	}
	return b, nil
}

// apply books one event on its day, updating quantities in cur.
func (b *book) apply(ev event, cur []float64) {
	t, k := ev.t, ev.k
	if !ev.isTrade {
		b.income[t] += ev.cash
		if !ev.internal {
			b.div[t] += ev.cash
		}
		b.pnl[t][k] += ev.cash
		return
	}
	if !ev.internal {
		b.flow[t] += ev.qty*ev.price + ev.fee
	}
	b.pnl[t][k] += ev.qty*(b.p.px[k][t]-ev.price) - ev.fee
	cur[k] += ev.qty
	if math.Abs(cur[k]) < 1e-9*math.Abs(ev.qty) {
		cur[k] = 0 // closing a position exactly despite rounding
	}
}

// valuation returns net and gross market value at calendar index t.
func valuation(p *panel, t int, q []float64) (net, gross float64) {
	for k, x := range q {
		v := x * p.px[k][t]
		net += v
		gross += math.Abs(v)
	}
	return net, gross
}

// mapEvents validates trades and dividends and maps them onto the calendar,
// sorted by day (input order kept within a day).
func mapEvents(p *panel, trades []Trade, divs []Dividend) ([]event, error) {
	events := make([]event, 0, len(trades)+len(divs))
	for _, tr := range trades {
		if err := tr.Validate(); err != nil {
			return nil, err
		}
		k, ok := p.index[tr.Ticker]
		if !ok {
			return nil, fail(ErrInvalidInput, "no price series for %s", tr.Ticker)
		}
		t := p.indexOnOrAfter(dayNum(tr.Date))
		price := tr.Price
		if t < p.start[k] {
			t, price = p.start[k], p.px[k][p.start[k]]
		}
		if t < len(p.days) {
			events = append(events, event{t: t, k: k, qty: tr.Quantity, price: price, fee: tr.Fee, isTrade: true, internal: tr.Internal})
		}
	}
	for _, d := range divs {
		if err := d.Validate(); err != nil {
			return nil, err
		}
		k, ok := p.index[d.Ticker]
		t := p.indexOnOrAfter(dayNum(d.Date))
		if ok && t < len(p.days) {
			events = append(events, event{t: t, k: k, cash: d.Amount, internal: d.Settled})
		}
	}
	slices.SortStableFunc(events, func(a, b event) int { return a.t - b.t })
	return events, nil
}

// denominator is the capital base of day t's return: V_{t-1} when it is
// positive, otherwise the gross exposure G_{t-1} (net-zero or net-short
// books). It is 0 when the book was empty.
func (b *book) denominator(t int) float64 { return b.base(t - 1) }

// base is the capital base at calendar index t: V_t when positive,
// otherwise G_t.
func (b *book) base(t int) float64 {
	if b.value[t] > 0 {
		return b.value[t]
	}
	return b.gross[t]
}

// dailyReturns returns the flows-adjusted daily returns for calendar indices
// a+1..z, skipping days whose previous day had an empty book. idx holds the
// calendar index of each return.
func (b *book) dailyReturns(a, z int) (idx []int, r []float64) {
	for t := a + 1; t <= z; t++ {
		d := b.denominator(t)
		if d <= 0 {
			continue
		}
		idx = append(idx, t)
		r = append(r, (b.value[t]-b.value[t-1]-b.flow[t]+b.div[t])/d)
	}
	return idx, r
}
