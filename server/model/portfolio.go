package model

import "time"

// Limits on a user's portfolio data.
const (
	MaxPortfolios           = 200
	MaxTransactionsPerFolio = 20000
)

// Portfolio is one of a user's portfolios. It lives in the user's own
// database, so it carries no owner id.
type Portfolio struct {
	ID, Name, Note, Currency string
	CreatedAt, UpdatedAt     time.Time
	// Transactions is the number of transactions (filled by ListPortfolios).
	Transactions int
}
