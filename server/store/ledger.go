package store

import (
	"reflect"
	"sync"
	"time"

	"github.com/fortfolio/fortfolio/server/model"
)

// ledgerTail is the cached end of a portfolio's checked history: the
// ledger that checked it, its state, its last transaction's sort key and
// its length.
type ledgerTail struct {
	ledger  model.Ledger
	state   model.LedgerState
	date    time.Time
	created time.Time
	n       int
}

// ledgerTails caches the tails of one user database's portfolios. Writers
// change it under the database's write turn, after their commit; readers
// may fill a missing tail, unless a write finished meanwhile (gen).
type ledgerTails struct {
	mu  sync.Mutex
	gen uint64 // bumped by every change of a writer
	m   map[string]ledgerTail
	// off disables the cache (PostgreSQL: another node may have written).
	off bool
}

func newLedgerTails() *ledgerTails { return &ledgerTails{m: map[string]ledgerTail{}} }

// appendable returns the cached tail when ledger checked it and every one
// of txs (created at created) sorts after the history's last transaction.
func (lt *ledgerTails) appendable(portfolioID string, ledger model.Ledger, txs []model.Transaction, created time.Time) (ledgerTail, bool) {
	tail, ok := lt.get(portfolioID, ledger)
	if !ok || !tailAccepts(tail, txs, created) {
		return ledgerTail{}, false
	}
	return tail, true
}

// tailAccepts reports whether every one of txs (created at created) sorts
// after tail's last transaction and leaves the history before it alone.
func tailAccepts(tail ledgerTail, txs []model.Transaction, created time.Time) bool {
	for _, t := range txs {
		if t.RewritesHistory() {
			return false
		}
		if c := t.Date.Compare(tail.date); c < 0 || c == 0 && created.Before(tail.created) {
			return false
		}
	}
	return true
}

// get returns the portfolio's tail when ledger checked it.
func (lt *ledgerTails) get(portfolioID string, ledger model.Ledger) (ledgerTail, bool) {
	lt.mu.Lock()
	defer lt.mu.Unlock()
	tail, ok := lt.m[portfolioID]
	if !ok || lt.off || tail.state == nil || !sameLedger(tail.ledger, ledger) {
		return ledgerTail{}, false
	}
	return tail, true
}

// newTail is the tail of a checked sorted history.
func newTail(ledger model.Ledger, state model.LedgerState, sorted []model.Transaction) ledgerTail {
	tail := ledgerTail{ledger: ledger, state: state, n: len(sorted)}
	if len(sorted) > 0 {
		last := sorted[len(sorted)-1]
		tail.date, tail.created = last.Date, last.CreatedAt
	}
	return tail
}

// remember records a writer's new tail (no state: forgets the portfolio).
func (lt *ledgerTails) remember(portfolioID string, tail ledgerTail) {
	lt.mu.Lock()
	defer lt.mu.Unlock()
	lt.gen++
	if tail.state == nil {
		delete(lt.m, portfolioID)
		return
	}
	lt.m[portfolioID] = tail
}

// forget drops the portfolio's tail before a writer changes its history.
func (lt *ledgerTails) forget(portfolioID string) {
	lt.remember(portfolioID, ledgerTail{})
}

// generation returns the current write generation (for offer).
func (lt *ledgerTails) generation() uint64 {
	lt.mu.Lock()
	defer lt.mu.Unlock()
	return lt.gen
}

// offer caches a tail a reader computed from the history it read after
// generation gen, unless a writer changed anything since.
func (lt *ledgerTails) offer(portfolioID string, tail ledgerTail, gen uint64) {
	lt.mu.Lock()
	defer lt.mu.Unlock()
	if lt.gen == gen && tail.state != nil {
		lt.m[portfolioID] = tail
	}
}

// sameLedger reports whether a and b are the same comparable ledger value.
func sameLedger(a, b model.Ledger) bool {
	ta := reflect.TypeOf(a)
	return ta != nil && ta == reflect.TypeOf(b) && ta.Comparable() && a == b
}
