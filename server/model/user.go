package model

import "time"

// User is an account. PasswordHash never leaves the server.
type User struct {
	ID                 string
	Username           string
	Role               string
	PasswordHash       string
	CreatedAt          time.Time
	LastLoginAt        time.Time
	TokensValidAfter   time.Time
	MustChangePassword bool
	LockedUntil        time.Time
	LockLevel          int
	AdminLocked        bool
	FailedAttempts     int
	// Email is the optional address for security notices ("" when none).
	Email string
}

// Lockout policy: LockThreshold failures within LockWindow lock the account
// for BaseLockDelay doubled at each successive lock, capped at MaxLockDelay.
const (
	LockThreshold = 5
	LockWindow    = 15 * time.Minute
	BaseLockDelay = time.Minute
	MaxLockDelay  = time.Hour
)

// LockDelay is the lock duration at a lock level (0 for the first lock).
func LockDelay(level int) time.Duration {
	d := BaseLockDelay
	for i := 0; i < level && d < MaxLockDelay; i++ {
		d *= 2
	}
	return min(d, MaxLockDelay)
}
