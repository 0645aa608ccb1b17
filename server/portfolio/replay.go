package portfolio

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/shared/validate"
)

// PositionError says why a history is impossible: Index is the offending
// transaction in the replayed slice.
type PositionError struct {
	Index int
	Tx    model.Transaction
	Msg   string
}

func (e *PositionError) Error() string { return e.Msg }

// lot is a FIFO lot: qty shares at unit cost (long) or unit net proceeds
// (short); id is the id of the buy that opened a long lot, the name a
// sale uses to close it specifically.
type lot struct {
	qty, unit float64
	id        string
}

// Position is the replayed state of one ticker.
type Position struct {
	Ticker    string
	long      []lot
	short     []lot
	longQty   float64
	shortQty  float64
	Realised  float64
	Dividends float64
	Fees      float64
	// lotsShared is set on a copy for an append (Book.copyFor): long and
	// short still share their arrays with the book it was copied from.
	// A new lot is appended past the original's length, which the
	// original never reads, so buys copy nothing; a sale or cover, which
	// changes lots in place, copies them first (ownLots).
	lotsShared bool
}

// ownLots gives p its own copy of its lots before they are changed in
// place.
func (p *Position) ownLots() {
	if p.lotsShared {
		p.long, p.short = slices.Clone(p.long), slices.Clone(p.short)
		p.lotsShared = false
	}
}

// Quantity is the signed number of shares held (negative when short).
func (p *Position) Quantity() float64 { return p.longQty - p.shortQty }

// Basis is the cost of the open long lots, or minus the net proceeds of the
// open short lots.
func (p *Position) Basis() float64 { return sumValue(p.long) - sumValue(p.short) }

func sumValue(lots []lot) float64 {
	s := 0.0
	for _, l := range lots {
		s += l.qty * l.unit
	}
	return s
}

// Book is the replayed state of a whole portfolio: positions in the
// split-adjusted terms of the price series, and cash.
type Book struct {
	Positions map[string]*Position
	Order     []string // tickers in order of first appearance
	Cash      Cash
	// Plain is true while every entry is an adjusted-basis trade, dividend
	// or fee in USD: a history as it could be recorded before cash,
	// currencies and splits, whose numbers are computed exactly as then.
	Plain bool
	// LastDate is the date of the latest entry.
	LastDate time.Time
	// splits are the history's split transactions by ticker.
	splits        map[string][]model.Split
	uncheckedCash bool
}

func newBook() *Book {
	return &Book{Positions: map[string]*Position{}, Cash: Cash{Balance: map[string]float64{}}, Plain: true,
		splits: map[string][]model.Split{}}
}

func (b *Book) position(ticker string) *Position {
	p, ok := b.Positions[ticker]
	if !ok {
		p = &Position{Ticker: ticker}
		b.Positions[ticker] = p
		b.Order = append(b.Order, ticker)
	}
	return p
}

// Replay applies a history (oldest first) and fails with *PositionError at
// the first transaction that sells, covers or switches side impossibly.
// Replay uses no split data: see ReplayWith.
func Replay(txs []model.Transaction) (*Book, error) { return ReplayWith(txs, nil) }

// ReplayWith is Replay with the market data's splits: as-traded trades are
// restated in adjusted terms first (see Adjust), and every entry settles
// against cash, where a withdrawal beyond the cash held fails.
func ReplayWith(txs []model.Transaction, data SplitData) (*Book, error) {
	b := newBook()
	for _, t := range txs {
		if t.Kind == validate.KindSplit {
			b.splits[t.Ticker] = append(b.splits[t.Ticker], model.Split{Ticker: t.Ticker, Date: t.Date, Ratio: t.Ratio, Source: "transaction"})
		}
	}
	for i, t := range txs {
		if msg := b.apply(t, data); msg != "" {
			return nil, &PositionError{Index: i, Tx: t, Msg: msg}
		}
	}
	return b, nil
}

// ReplayPositions replays a history already in adjusted terms without
// checking cash: for histories whose amounts were converted to another
// currency at each entry's date, where balances of one currency no longer
// add up.
func ReplayPositions(txs []model.Transaction) (*Book, error) {
	b := newBook()
	b.uncheckedCash = true
	for i, t := range txs {
		if msg := b.apply(t, nil); msg != "" {
			return nil, &PositionError{Index: i, Tx: t, Msg: msg}
		}
	}
	return b, nil
}

// apply books one entry (as entered) on the book.
func (b *Book) apply(t model.Transaction, data SplitData) string {
	if !isPlain(t) {
		b.Plain = false
	}
	if t.Date.After(b.LastDate) {
		b.LastDate = t.Date
	}
	if b.uncheckedCash {
		_, delta := Settlement(t)
		b.Cash.Balance[TradeCurrency(t)] += delta
	} else if msg := b.Cash.apply(t); msg != "" {
		return msg
	}
	if !movesShares(t) {
		return ""
	}
	if isAsTradedTrade(t) {
		if f := factorAfter(t.Ticker, t.Date, b.splits[t.Ticker], data); f != 1 {
			r := restate(t, f)
			if !restatable(t, r) {
				return fmt.Sprintf("On %s the splits after this %s of %s %s restate it beyond %g shares or a price of %g, more than Fortfolio computes with: check the split ratios.",
					dateText(t.Date), t.Kind, num(t.Quantity), t.Ticker, MaxRestated, MaxRestated)
			}
			t = r
		}
	}
	return b.position(t.Ticker).apply(t)
}

// MaxRestated bounds the quantity and the price of an as-traded trade
// restated in split-adjusted terms: the bound the analytics compute with.
// Splits that restate a trade past it (or its quantity or price to
// nothing) make a history Replay refuses, so a run of large ratios can
// never turn a holding into an infinite or vanished one.
const MaxRestated = 1e12

// restatable reports whether r, the trade t restated by its splits, is
// still within bounds; every comparison is false for NaN.
func restatable(t, r model.Transaction) bool {
	return r.Quantity > 0 && r.Quantity <= MaxRestated && r.Price <= MaxRestated && (t.Price == 0 || r.Price > 0)
}

// isPlain reports whether t is an entry of the first ledger: an
// adjusted-basis trade, dividend or fee in USD.
func isPlain(t model.Transaction) bool {
	return movesShares(t) && t.Basis != validate.BasisAsTraded && TradeCurrency(t) == validate.DefaultCurrency
}

// movesShares reports whether t is booked on a position: trades,
// dividends and security fees, not cash entries or splits.
func movesShares(t model.Transaction) bool {
	return !validate.IsCashEntry(t.Kind, t.Amount) && t.Kind != validate.KindSplit
}

// Check is a model.CheckFunc: it refuses histories Replay refuses.
func Check(all []model.Transaction) error {
	_, err := Replay(all)
	return err
}

// tolerance absorbs float rounding when comparing share quantities.
func tolerance(q float64) float64 { return 1e-9 * math.Max(1, math.Abs(q)) }

func (p *Position) apply(t model.Transaction) string {
	q := t.Quantity
	date := dateText(t.Date)
	switch t.Kind {
	case validate.KindBuy:
		if s := p.shortQty; s > 0 {
			return fmt.Sprintf("On %s you buy %s %s while short %s: use cover to close a short position.", date, num(q), t.Ticker, num(s))
		}
		p.long = append(p.long, lot{q, (q*t.Price + t.Fee) / q, t.ID})
		p.longQty += q
	case validate.KindSell:
		held := p.longQty
		if q > held+tolerance(q) {
			return fmt.Sprintf("On %s you sell %s %s but hold only %s. To sell shares you do not own, record a short.", date, num(q), t.Ticker, num(held))
		}
		cost := 0.0
		if len(t.Lots) > 0 {
			var msg string
			if cost, msg = consumeNamed(&p.long, t); msg != "" {
				return msg
			}
		} else {
			p.ownLots()
			cost = consume(&p.long, q)
		}
		p.longQty = settle(p.longQty - q)
		p.Realised += q*t.Price - t.Fee - cost
	case validate.KindShort:
		if l := p.longQty; l > 0 {
			return fmt.Sprintf("On %s you short %s %s while holding %s: sell the long position first.", date, num(q), t.Ticker, num(l))
		}
		p.short = append(p.short, lot{q, (q*t.Price - t.Fee) / q, ""})
		p.shortQty += q
	case validate.KindCover:
		short := p.shortQty
		if q > short+tolerance(q) {
			return fmt.Sprintf("On %s you cover %s %s but are short only %s.", date, num(q), t.Ticker, num(short))
		}
		p.ownLots()
		proceeds := consume(&p.short, q)
		p.shortQty = settle(p.shortQty - q)
		p.Realised += proceeds - q*t.Price - t.Fee
	case validate.KindDividend:
		p.Dividends += q*t.Price - t.Fee
	case validate.KindFee:
		p.Fees += q*t.Price + t.Fee
	default:
		return fmt.Sprintf("On %s the kind %q is unknown.", date, t.Kind)
	}
	return ""
}

// consume takes q shares from the oldest lots and returns their value.
func consume(lots *[]lot, q float64) float64 {
	value := 0.0
	ls := *lots
	i := 0
	for ; i < len(ls) && q > tolerance(q); i++ {
		take := math.Min(q, ls[i].qty)
		value += take * ls[i].unit
		q -= take
		ls[i].qty -= take
		if ls[i].qty > tolerance(ls[i].qty) {
			break
		}
	}
	for i < len(ls) && ls[i].qty <= tolerance(ls[i].qty) {
		i++
	}
	*lots = ls[i:]
	return value
}

// dateText formats a date lazily: %s calls String only on the error path.
type dateText time.Time

func (d dateText) String() string { return time.Time(d).Format(time.DateOnly) }

// settle turns a rounding residue of a closed position into exactly zero.
func settle(q float64) float64 {
	if q <= tolerance(q) {
		return 0
	}
	return q
}

// num formats a quantity without trailing zeros.
func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
