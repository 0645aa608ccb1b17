package model

import (
	"cmp"
	"slices"
	"time"
)

// Transaction is one entry of a portfolio's ledger. Quantity, Price and Fee
// are stored positive; Kind gives the direction (see shared/validate).
type Transaction struct {
	ID, PortfolioID, Kind, Ticker, Note string
	Date                                time.Time // midnight UTC
	Quantity, Price, Fee                float64
	// Amount and Currency are a cash entry's money (deposit, withdrawal,
	// interest, tax, account fee); for trades Currency is empty or the
	// instrument's. Basis is validate.BasisAsTraded or BasisAdjusted
	// (empty for entries without shares); Ratio is a split's multiplier.
	Amount   float64
	Currency string
	Basis    string
	Ratio    float64
	// Lots are the purchase lots a sell names (specific identification);
	// empty for every other entry and for sells matched by method.
	Lots      []LotPick
	CreatedAt time.Time
	// Seq is the insertion order the store assigns; it breaks ties between
	// transactions of the same date and creation time.
	Seq int64
	// ImportID and ImportHash are the re-import keys of a transaction read
	// from a file (broker id, content hash); the store writes them with
	// the transaction and never reads them back into a history.
	ImportID, ImportHash string
}

// LotPick names a purchase lot by the id of the buy that opened it and
// the number of its shares a sell closes.
type LotPick struct {
	Lot      string
	Quantity float64
}

// CheckFunc validates a proposed full transaction history of a portfolio,
// oldest first, before a change is written. A non-nil error aborts the
// change and is returned unchanged to the caller.
type CheckFunc func(all []Transaction) error

// SortTransactions orders a history by date, then creation time, then
// insertion order: the ledger order every history is read in.
func SortTransactions(txs []Transaction) {
	slices.SortStableFunc(txs, func(a, b Transaction) int {
		if c := a.Date.Compare(b.Date); c != 0 {
			return c
		}
		if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
			return c
		}
		return cmp.Compare(a.Seq, b.Seq)
	})
}
