package wire

import "time"

// SecurityStatus is GET /api/security/status: what the running server
// does, for anyone to check. It never holds a secret. Without an admin
// token it holds the security facts only: no build or module versions,
// audit counts, last-entry or last-backup times (Detailed is false).
type SecurityStatus struct {
	// Detailed is true in the administrators' view, which adds the
	// operational details above.
	Detailed    bool           `json:"detailed"`
	GeneratedAt time.Time      `json:"generated_at"`
	TLS         TLSStatus      `json:"tls"`
	Headers     []Header       `json:"headers"`
	RateLimits  RateLimits     `json:"rate_limits"`
	Passwords   PasswordPolicy `json:"passwords"`
	Sessions    SessionPolicy  `json:"sessions"`
	Lockout     LockoutPolicy  `json:"lockout"`
	Backups     BackupStatus   `json:"backups"`
	Audit       AuditStatus    `json:"audit"`
	Build       *BuildInfo     `json:"build,omitempty"`
	Scan        ScanSummary    `json:"scan"`
	// EmailNotices reports whether account notices are also sent by
	// e-mail (SMTP configured); users add an address on their Account page.
	EmailNotices bool `json:"email_notices"`
	// SecondFactors describes the second factors and their policy.
	SecondFactors SecondFactorPolicy `json:"second_factors"`
}

// SecondFactorPolicy lists the second factors users can enrol and
// whether administrators must have one.
type SecondFactorPolicy struct {
	Methods           []string `json:"methods"`
	RecoveryCodes     int      `json:"recovery_codes"`
	RequiredForAdmins bool     `json:"required_for_admins"`
}

// TLSStatus describes transport security.
type TLSStatus struct {
	Mode       string   `json:"mode"`
	Enabled    bool     `json:"enabled"`
	MinVersion string   `json:"min_version"`
	Versions   []string `json:"versions"`
}

// Header is one response header and its exact value.
type Header struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// RateLimits are the limits in force.
type RateLimits struct {
	GeneralPerMinute int               `json:"general_per_minute"`
	APIPerMinute     int               `json:"api_per_minute"`
	PerUser          map[string]string `json:"per_user"`
}

// PasswordPolicy describes password storage and rules.
type PasswordPolicy struct {
	Algorithm              string `json:"algorithm"`
	BcryptCost             int    `json:"bcrypt_cost"`
	MinLength              int    `json:"min_length"`
	MaxLength              int    `json:"max_length"`
	CommonPasswordsRefused bool   `json:"common_passwords_refused"`
	// CommonPasswordRule says which list is refused and how it is compared.
	CommonPasswordRule string `json:"common_password_rule,omitempty"`
}

// SessionPolicy describes tokens.
type SessionPolicy struct {
	Algorithm     string   `json:"algorithm"`
	Transport     string   `json:"transport"`
	TokenLifetime string   `json:"token_lifetime"`
	AbsoluteCap   string   `json:"absolute_cap"`
	RevokedOn     []string `json:"revoked_on"`
}

// LockoutPolicy describes account lockouts.
type LockoutPolicy struct {
	Failures   int    `json:"failures"`
	Window     string `json:"window"`
	FirstDelay string `json:"first_delay"`
	MaxDelay   string `json:"max_delay"`
}

// BackupStatus describes backups.
type BackupStatus struct {
	Schedule    string     `json:"schedule"`
	Retention   string     `json:"retention"`
	LastSuccess *time.Time `json:"last_success,omitempty"`
	Count       int        `json:"count,omitempty"`
}

// AuditStatus is the audit chain verification result.
type AuditStatus struct {
	State       string     `json:"state"`
	OK          bool       `json:"ok"`
	Entries     int        `json:"entries,omitempty"`
	LastEntryAt *time.Time `json:"last_entry_at,omitempty"`
	BrokenAt    string     `json:"broken_at,omitempty"`
	// Authenticated is true when the log is checked with its HMAC key.
	Authenticated bool `json:"authenticated"`
}

// BuildInfo identifies the running build.
type BuildInfo struct {
	Version   string   `json:"version"`
	GoVersion string   `json:"go_version"`
	Modules   []Module `json:"modules"`
}

// Module is one dependency and its version.
type Module struct {
	Path    string `json:"path"`
	Version string `json:"version"`
}

// ScanSummary is the result of the last `make audit`.
type ScanSummary struct {
	Date         string         `json:"date"`
	Tools        []string       `json:"tools"`
	Findings     map[string]int `json:"findings_by_rule"`
	Suppressions []Suppression  `json:"suppressions"`
	Notes        []string       `json:"notes,omitempty"`
}

// Suppression is an annotated finding with its reason.
type Suppression struct {
	Rule   string `json:"rule"`
	File   string `json:"file"`
	Reason string `json:"reason"`
}
