package wire

import "time"

// AdminUser is one account as the admin panel shows it. It never holds a
// password hash.
type AdminUser struct {
	ID             string     `json:"id"`
	Username       string     `json:"username"`
	Role           string     `json:"role"`
	CreatedAt      time.Time  `json:"created_at"`
	LastLoginAt    *time.Time `json:"last_login_at,omitempty"`
	Locked         bool       `json:"locked"`
	AdminLocked    bool       `json:"admin_locked"`
	LockedUntil    *time.Time `json:"locked_until,omitempty"`
	FailedAttempts int        `json:"failed_attempts"`
	MustChange     bool       `json:"must_change_password"`
}

// AdminUserList answers GET /api/admin/users.
type AdminUserList struct {
	Users  []AdminUser `json:"users"`
	Total  int         `json:"total"`
	Limit  int         `json:"limit"`
	Offset int         `json:"offset"`
}

// RoleChange is the body of PUT /api/admin/users/{id}/role.
type RoleChange struct {
	Role string `json:"role"`
}

// TemporaryPassword answers an admin password reset. It is shown once and
// never stored or logged in clear.
type TemporaryPassword struct {
	Username string `json:"username"`
	Password string `json:"temporary_password"`
}

// AuditEntry is one line of the hash-chained audit log.
type AuditEntry struct {
	TS    time.Time `json:"ts"`
	Actor string    `json:"actor"`
	// ActorName and TargetName are the current usernames of account ids
	// (looked up when the page is served; absent for deleted accounts).
	ActorName  string            `json:"actor_name,omitempty"`
	TargetName string            `json:"target_name,omitempty"`
	IP         string            `json:"ip"`
	Action     string            `json:"action"`
	Target     string            `json:"target"`
	Details    map[string]string `json:"details,omitempty"`
	Hash       string            `json:"hash"`
}

// AuditPage answers GET /api/admin/audit.
type AuditPage struct {
	Entries []AuditEntry `json:"entries"`
	HasMore bool         `json:"has_more"`
	Limit   int          `json:"limit"`
	Offset  int          `json:"offset"`
}

// AuditVerify answers GET /api/admin/audit/verify.
type AuditVerify struct {
	OK          bool   `json:"ok"`
	Entries     int    `json:"entries"`
	LastHash    string `json:"last_hash"`
	BrokenFile  string `json:"broken_file,omitempty"`
	BrokenLine  int    `json:"broken_line,omitempty"`
	BrokenError string `json:"broken_reason,omitempty"`
	// BrokenPosition and BrokenNode locate a broken row of the shared
	// audit table (PostgreSQL); BrokenLine is then the entry's seq.
	BrokenPosition int64  `json:"broken_position,omitempty"`
	BrokenNode     string `json:"broken_node,omitempty"`
	// Authenticated is true when every entry's MAC was checked with the
	// audit key; false means the chain was checked for breaks only.
	Authenticated bool `json:"authenticated"`
	// Unauthenticated counts entries without a checked MAC.
	Unauthenticated int `json:"unauthenticated"`
	// Checkpoint names the newest checkpoint the log was compared with.
	Checkpoint string `json:"checkpoint,omitempty"`
}

// SecurityEvent is a security or operations event shown to admins.
type SecurityEvent struct {
	ID     int64     `json:"id"`
	At     time.Time `json:"at"`
	Kind   string    `json:"kind"`
	UserID string    `json:"user_id,omitempty"`
	// UserName is the account's current username ("" when it is gone).
	UserName  string `json:"user_name,omitempty"`
	IP        string `json:"ip,omitempty"`
	Detail    string `json:"detail,omitempty"`
	RequestID string `json:"request_id,omitempty"`
	// Count is how many occurrences the row stands for (refusals are
	// counted per client, kind and minute).
	Count int `json:"count"`
}

// SecurityEvents answers GET /api/admin/security-events: the newest events
// and counts by kind over the last 24 hours and 7 days.
type SecurityEvents struct {
	Events   []SecurityEvent `json:"events"`
	Counts24 map[string]int  `json:"counts_24h"`
	Counts7d map[string]int  `json:"counts_7d"`
}

// Backup describes one backup archive.
type Backup struct {
	Name       string    `json:"name"`
	Size       int64     `json:"size"`
	CreatedAt  time.Time `json:"created_at"`
	AgeSeconds int64     `json:"age_seconds"`
	Files      int       `json:"files"`
}

// BackupList answers GET /api/admin/backups.
type BackupList struct {
	Backups     []Backup   `json:"backups"`
	LastSuccess *time.Time `json:"last_success,omitempty"`
	LastFailure *time.Time `json:"last_failure,omitempty"`
}

// ClientLog is the body of POST /api/log: an error seen in the browser.
type ClientLog struct {
	Level   string `json:"level"`
	Message string `json:"message"`
	URL     string `json:"url"`
	Stack   string `json:"stack,omitempty"`
}
