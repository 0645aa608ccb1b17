package store

import (
	"reflect"
	"time"
)

// Ledger validates proposed transaction histories of a portfolio before a
// change is written. A non-nil error aborts the change and is returned
// unchanged to the caller.
type Ledger interface {
	// Replay validates a whole history, oldest first, and returns its end
	// state (nil when the ledger cannot extend it, see LedgerState).
	Replay(all []Transaction) (LedgerState, error)
}

// LedgerState is the end state of a validated history. It lets a write
// that only appends (every new transaction sorts after the last one) be
// checked without loading or replaying the history again.
type LedgerState interface {
	// Append validates txs, sorted, placed after the history, and returns
	// the state after them; the receiver is left unchanged.
	Append(txs []Transaction) (LedgerState, error)
}

// CheckFunc is a Ledger from a plain check of the whole history; it has no
// end state, so every change replays the whole history.
type CheckFunc func(all []Transaction) error

// Replay implements Ledger.
func (f CheckFunc) Replay(all []Transaction) (LedgerState, error) { return nil, f(all) }

// ledgerTail is the cached end of a portfolio's checked history: the
// ledger that checked it, its state, its last transaction's sort key and
// its length. It is read and written only under the database's write turn.
type ledgerTail struct {
	ledger  Ledger
	state   LedgerState
	date    time.Time
	created time.Time
	n       int
}

// ledgerTails caches the tails of one user database's portfolios.
type ledgerTails map[string]ledgerTail

// appendable returns the cached tail when ledger checked it and every one
// of txs (created at created) sorts after the history's last transaction.
func (lt ledgerTails) appendable(portfolioID string, ledger Ledger, txs []Transaction, created time.Time) (ledgerTail, bool) {
	tail, ok := lt[portfolioID]
	if !ok || tail.state == nil || !sameLedger(tail.ledger, ledger) {
		return ledgerTail{}, false
	}
	for _, t := range txs {
		if c := t.Date.Compare(tail.date); c < 0 || c == 0 && created.Before(tail.created) {
			return ledgerTail{}, false
		}
	}
	return tail, true
}

// remember caches the state of a checked sorted history, or forgets the
// portfolio's tail when there is no state.
func (lt ledgerTails) remember(portfolioID string, ledger Ledger, state LedgerState, sorted []Transaction) {
	if state == nil {
		delete(lt, portfolioID)
		return
	}
	tail := ledgerTail{ledger: ledger, state: state, n: len(sorted)}
	if len(sorted) > 0 {
		last := sorted[len(sorted)-1]
		tail.date, tail.created = last.Date, last.CreatedAt
	}
	lt[portfolioID] = tail
}

// sameLedger reports whether a and b are the same comparable ledger value.
func sameLedger(a, b Ledger) bool {
	ta := reflect.TypeOf(a)
	return ta != nil && ta == reflect.TypeOf(b) && ta.Comparable() && a == b
}
