package model

import "time"

// SecurityEvent is a noteworthy security or operations event shown to
// admins: failed logins, lockouts, forbidden admin attempts, rate-limit
// hits, market API failures, job failures, server errors.
type SecurityEvent struct {
	ID        int64     `json:"id"`
	At        time.Time `json:"at"`
	Kind      string    `json:"kind"`
	UserID    string    `json:"user_id,omitempty"`
	IP        string    `json:"ip,omitempty"`
	Detail    string    `json:"detail,omitempty"`
	RequestID string    `json:"request_id,omitempty"`
	// Count is how many occurrences the row stands for: 1, or more for
	// refusals written aggregated (server/refusal, store.AddSecurityEvents).
	Count int `json:"count"`
}
