package store

import (
	"reflect"
	"time"

	"github.com/fortfolio/fortfolio/server/model"
)

// ledgerTail is the cached end of a portfolio's checked history: the
// ledger that checked it, its state, its last transaction's sort key and
// its length. It is read and written only under the database's write turn.
type ledgerTail struct {
	ledger  model.Ledger
	state   model.LedgerState
	date    time.Time
	created time.Time
	n       int
}

// ledgerTails caches the tails of one user database's portfolios.
type ledgerTails map[string]ledgerTail

// appendable returns the cached tail when ledger checked it and every one
// of txs (created at created) sorts after the history's last transaction.
func (lt ledgerTails) appendable(portfolioID string, ledger model.Ledger, txs []model.Transaction, created time.Time) (ledgerTail, bool) {
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
func (lt ledgerTails) remember(portfolioID string, ledger model.Ledger, state model.LedgerState, sorted []model.Transaction) {
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
func sameLedger(a, b model.Ledger) bool {
	ta := reflect.TypeOf(a)
	return ta != nil && ta == reflect.TypeOf(b) && ta.Comparable() && a == b
}
