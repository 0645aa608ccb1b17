package model

import "errors"

// Errors callers map to public responses (see server/httpx).
var (
	// ErrNotFound: the account, portfolio, transaction or stress set does
	// not exist (or belongs to someone else, which looks the same).
	ErrNotFound = errors.New("model: not found")
	// ErrUsernameTaken: another account already has the username
	// (case-insensitively).
	ErrUsernameTaken = errors.New("model: username taken")
	// ErrLastAdmin: the change would leave no administrator.
	ErrLastAdmin = errors.New("model: last admin")
	// ErrSelf: an admin tried to delete or demote their own account.
	ErrSelf = errors.New("model: cannot act on yourself")
	// ErrLimit: a create would exceed MaxPortfolios,
	// MaxTransactionsPerFolio or MaxStressSets.
	ErrLimit = errors.New("model: limit reached")
)
