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

// Lockout policy: LockThreshold failed logins of one scope (a known device
// of an account, or every untrusted client of it) within LockWindow lock
// that scope for BaseLockDelay, doubled at each successive lock and capped
// at MaxLockDelay: no lock lasts longer than a quarter of an hour, and none
// ends an open session.
const (
	LockThreshold = 5
	LockWindow    = 15 * time.Minute
	BaseLockDelay = time.Minute
	MaxLockDelay  = 15 * time.Minute
)

// LockDelay is the lock duration at a lock level (0 for the first lock).
func LockDelay(level int) time.Duration {
	d := BaseLockDelay
	for i := 0; i < level && d < MaxLockDelay; i++ {
		d *= 2
	}
	return min(d, MaxLockDelay)
}
