package model

import (
	"errors"
	"fmt"
)

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
	// ErrUserDataMissing: the account's portfolio database was created
	// once and is now missing or empty; it is never re-created empty.
	ErrUserDataMissing = errors.New("model: the account's portfolio database is missing or empty")
)

// ErrStressSetLimit is the ErrLimit of a user's saved stress sets.
var ErrStressSetLimit = fmt.Errorf("%w: stress sets", ErrLimit)
