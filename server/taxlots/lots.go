package taxlots

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"
)

// Method is a lot method: which open lots a sale closes first.
type Method string

// The lot methods.
const (
	FIFO Method = "fifo"
	LIFO Method = "lifo"
	HIFO Method = "hifo"
)

// Methods lists every method, the default first.
var Methods = []Method{FIFO, LIFO, HIFO}

// ErrMethod is returned by ParseMethod for an unknown method.
var ErrMethod = errors.New("taxlots: unknown lot method")

// ParseMethod reads a method name; "" is FIFO.
func ParseMethod(s string) (Method, error) {
	if s == "" {
		return FIFO, nil
	}
	for _, m := range Methods {
		if string(m) == s {
			return m, nil
		}
	}
	return "", ErrMethod
}

// Event kinds the matcher reads; every other kind is ignored.
const (
	Buy   = "buy"
	Sell  = "sell"
	Split = "split"
)

// Pick names a lot (by the id of its buy) and how many of its shares a
// sale closes.
type Pick struct {
	Lot      string
	Quantity float64
}

// Event is one ledger entry in the matcher's terms: a buy opens a lot of
// Quantity shares at (Quantity x Price + Fee) / Quantity per share, a sell
// closes Quantity shares (the named Picks first, the rest by the method),
// a split multiplies the open lots of its ticker by Ratio.
type Event struct {
	ID, Kind, Ticker string
	Currency         string // the instrument's currency the price is in
	Date             time.Time
	Quantity, Price  float64
	Fee, Ratio       float64
	Picks            []Pick
}

// Lot is an open (or partly closed) purchase lot.
type Lot struct {
	ID, Ticker   string
	Currency     string
	Acquired     time.Time
	Quantity     float64
	CostPerShare float64 // purchase price plus the buy fee, per share
	seq          int     // opening order, the fifo/lifo order and hifo tie-break
}

// Match is the part of one sale closed against one lot. Proceeds is
// quantity x sale price, Fees the sale fee's share of this part, Cost the
// lot's cost (buy fee included) of the quantity, Gain = Proceeds - Fees - Cost.
type Match struct {
	SaleID, LotID, Ticker string
	Currency              string // of the amounts (the instrument's)
	Acquired, Disposed    time.Time
	Quantity              float64
	Proceeds, Fees, Cost  float64
	Gain                  float64
	Specific              bool // the sale named this lot
}

// PickError says why a sale's named lots cannot be honoured.
type PickError struct {
	SaleID, Lot string
	Msg         string
}

func (e *PickError) Error() string { return e.Msg }

// Result is the outcome of matching a history.
type Result struct {
	Matches []Match
	Open    []Lot // open lots per ticker in order of first buy, oldest first
}

// tolerance absorbs float rounding when comparing share quantities.
func tolerance(q float64) float64 { return 1e-9 * math.Max(1, math.Abs(q)) }

// book holds the open lots of every ticker.
type book struct {
	method Method
	lots   map[string][]Lot
	order  []string
	seq    int
	out    []Match
}

// Run matches a history (ledger order) with the method. A sale of more
// shares than its ticker's open lots hold closes what is there (the ledger
// refuses such histories before they are stored); a named lot that is not
// open, of another ticker, or holds fewer shares than named fails with a
// *PickError.
func Run(events []Event, m Method) (Result, error) {
	b := &book{method: m, lots: map[string][]Lot{}}
	for _, e := range events {
		if err := b.apply(e); err != nil {
			return Result{}, err
		}
	}
	res := Result{Matches: b.out, Open: []Lot{}}
	for _, tk := range b.order {
		res.Open = append(res.Open, b.lots[tk]...)
	}
	return res, nil
}

func (b *book) apply(e Event) error {
	switch e.Kind {
	case Buy:
		if e.Quantity <= 0 {
			return nil
		}
		if _, ok := b.lots[e.Ticker]; !ok {
			b.order = append(b.order, e.Ticker)
		}
		b.seq++
		b.lots[e.Ticker] = append(b.lots[e.Ticker], Lot{ID: e.ID, Ticker: e.Ticker, Currency: e.Currency, Acquired: e.Date, Quantity: e.Quantity,
			CostPerShare: (e.Quantity*e.Price + e.Fee) / e.Quantity, seq: b.seq})
	case Sell:
		return b.sell(e)
	case Split:
		if e.Ratio > 0 {
			for i := range b.lots[e.Ticker] {
				l := &b.lots[e.Ticker][i]
				l.Quantity *= e.Ratio
				l.CostPerShare /= e.Ratio
			}
		}
	}
	return nil
}

// sell closes the sale's named lots, then the rest by the method.
func (b *book) sell(e Event) error {
	left := e.Quantity
	for _, p := range e.Picks {
		i := slices.IndexFunc(b.lots[e.Ticker], func(l Lot) bool { return l.ID == p.Lot })
		if i < 0 {
			return &PickError{SaleID: e.ID, Lot: p.Lot, Msg: fmt.Sprintf("On %s the sale of %s names lot %s, which is not an open %s lot of this portfolio.",
				e.Date.Format(time.DateOnly), e.Ticker, p.Lot, e.Ticker)}
		}
		if held := b.lots[e.Ticker][i].Quantity; p.Quantity > held+tolerance(p.Quantity) {
			return &PickError{SaleID: e.ID, Lot: p.Lot, Msg: fmt.Sprintf("On %s the sale of %s takes %s shares from lot %s, which holds only %s.",
				e.Date.Format(time.DateOnly), e.Ticker, num(p.Quantity), p.Lot, num(held))}
		}
		b.close(e, i, math.Min(p.Quantity, b.lots[e.Ticker][i].Quantity), true)
		left -= p.Quantity
	}
	for left > tolerance(e.Quantity) && len(b.lots[e.Ticker]) > 0 {
		i := b.next(e.Ticker)
		take := math.Min(left, b.lots[e.Ticker][i].Quantity)
		b.close(e, i, take, false)
		left -= take
	}
	return nil
}

// next returns the index of the lot the method closes next.
func (b *book) next(ticker string) int {
	ls := b.lots[ticker]
	switch b.method {
	case LIFO:
		return len(ls) - 1
	case HIFO:
		best := 0
		for i, l := range ls {
			if c := cmp.Compare(l.CostPerShare, ls[best].CostPerShare); c > 0 {
				best = i
			}
		}
		return best
	}
	return 0
}

// close takes q shares of lot i for the sale and records the match; an
// emptied lot is removed.
func (b *book) close(e Event, i int, q float64, specific bool) {
	ls := b.lots[e.Ticker]
	l := &ls[i]
	fees := 0.0
	if e.Quantity > 0 {
		fees = e.Fee * q / e.Quantity
	}
	m := Match{SaleID: e.ID, LotID: l.ID, Ticker: e.Ticker, Currency: l.Currency, Acquired: l.Acquired, Disposed: e.Date, Quantity: q,
		Proceeds: q * e.Price, Fees: fees, Cost: q * l.CostPerShare, Specific: specific}
	m.Gain = m.Proceeds - m.Fees - m.Cost
	b.out = append(b.out, m)
	l.Quantity -= q
	if l.Quantity <= tolerance(l.Quantity) {
		if i == 0 {
			b.lots[e.Ticker] = ls[1:] // fifo's usual case, without moving the rest
			return
		}
		b.lots[e.Ticker] = slices.Delete(ls, i, i+1)
	}
}

// num formats a quantity without trailing zeros.
func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
