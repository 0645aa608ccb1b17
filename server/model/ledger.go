package model

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

// Replay makes a CheckFunc a Ledger without an end state: every change
// it checks replays the whole history.
func (f CheckFunc) Replay(all []Transaction) (LedgerState, error) { return nil, f(all) }
