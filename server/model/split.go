package model

import "time"

// Split is a share split of a ticker: from Date on, each share held before
// is Ratio shares (7 for a 7-for-1 split, 0.1 for a 1-for-10 reverse
// split). Source says where the event comes from (a data set, a provider,
// or the user's split transaction).
type Split struct {
	Ticker string
	Date   time.Time
	Ratio  float64
	Source string
}

// KindSplit is the transaction kind of a user-entered split (see
// shared/validate for the list of kinds).
const KindSplit = "split"

// RewritesHistory reports whether t changes how earlier transactions are
// read: a split rescales every earlier as-traded trade of its ticker, so a
// history gaining one is checked whole, never by appending to a cached
// end state.
func (t Transaction) RewritesHistory() bool { return t.Kind == KindSplit }
