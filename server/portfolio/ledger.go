package portfolio

import (
	"maps"
	"slices"

	"github.com/fortfolio/fortfolio/server/model"
)

// Ledger is the model.Ledger of portfolio histories: it refuses what
// Replay refuses, and checks transactions appended after a checked
// history against its replayed end state, so a new trade is checked
// without replaying the whole history. Both give the same verdicts:
// positions are replayed per ticker in history order either way.
//
// Ledger knows no split data; NewLedger makes one that does.
var Ledger = NewLedger(nil)

// NewLedger returns the model.Ledger of portfolio histories that reads the
// market data's splits from data (nil: none).
func NewLedger(data SplitData) model.Ledger { return &ledger{data: data} }

type ledger struct{ data SplitData }

func (l *ledger) Replay(all []model.Transaction) (model.LedgerState, error) {
	b, err := ReplayWith(all, l.data)
	if err != nil {
		return nil, err
	}
	return bookState{book: b, n: len(all), data: l.data}, nil
}

// bookState is the replayed book of a checked history of n transactions.
type bookState struct {
	book *Book
	n    int
	data SplitData
}

// Append applies txs to a copy of the book: positions the new transactions
// touch are copied, the others shared (they are never changed again), and
// a copied position's lots are copied only when a sale changes them, so a
// buy costs the same whatever the number of open lots (Position.ownLots).
// Appends are made one after the other under the database's write turn,
// from the newest state, so two copies never append to one array. A
// split never reaches here (model.Transaction.RewritesHistory).
func (s bookState) Append(txs []model.Transaction) (model.LedgerState, error) {
	b := s.book.copyFor(txs)
	for i, t := range txs {
		if msg := b.apply(t, s.data); msg != "" {
			return nil, &PositionError{Index: s.n + i, Tx: t, Msg: msg}
		}
	}
	return bookState{book: b, n: s.n + len(txs), data: s.data}, nil
}

// copyFor returns a book that can take txs without changing b.
func (b *Book) copyFor(txs []model.Transaction) *Book {
	c := &Book{Positions: maps.Clone(b.Positions), Order: slices.Clip(b.Order), Cash: b.Cash.clone(),
		Plain: b.Plain, LastDate: b.LastDate, splits: b.splits}
	for _, t := range txs {
		if !movesShares(t) {
			continue
		}
		if p, ok := b.Positions[t.Ticker]; ok && c.Positions[t.Ticker] == p {
			cp := *p
			cp.lotsShared = true
			c.Positions[t.Ticker] = &cp
		}
	}
	return c
}

// BookOf returns the replayed book of a state Ledger produced.
func BookOf(s model.LedgerState) (*Book, bool) {
	b, ok := s.(bookState)
	return b.book, ok
}
