package audit

// Action names follow "<area>.<object>[.<verb>]": lower-case ASCII letters,
// digits and underscores in dot-separated segments, at most MaxActionBytes
// bytes. Prefer the constants below; new actions follow the same convention.
const (
	ActionLoginSuccess    = "auth.login.success"
	ActionLoginFailure    = "auth.login.failure"
	ActionLoginLocked     = "auth.login.locked"
	ActionLogout          = "auth.logout"
	ActionRegister        = "auth.register"
	ActionPasswordChange  = "auth.password.change"
	ActionEmailChange     = "account.email.change"
	ActionTokenRefresh    = "auth.token.refresh" // #nosec G101 -- an audit action name, not a credential
	ActionSessionStart    = "auth.session.start"
	ActionSessionEnd      = "auth.session.end"
	ActionSessionResume   = "auth.session.resume"
	ActionPasskeyAdd      = "auth.mfa.passkey.add"    // #nosec G101 -- an audit action name, not a credential
	ActionPasskeyRename   = "auth.mfa.passkey.rename" // #nosec G101 -- an audit action name, not a credential
	ActionPasskeyDelete   = "auth.mfa.passkey.delete" // #nosec G101 -- an audit action name, not a credential
	ActionTOTPSetupCancel = "auth.mfa.totp.setup_cancel"
	// ActionTOTPSetupExpired discards an unconfirmed authenticator key
	// older than auth.TOTPSetupLifetime.
	ActionTOTPSetupExpired = "auth.mfa.totp.setup_expired"
	ActionAdminUserLock    = "admin.user.lock"
	ActionAdminUserUnlock  = "admin.user.unlock"
	ActionAdminUserReset   = "admin.user.reset_password"
	ActionAdminUserRole    = "admin.user.role"
	ActionAdminUserDelete  = "admin.user.delete"
	ActionAdminUserCreate  = "admin.user.create"
	ActionAdminUserExport  = "admin.user.export"
	// ActionAdminUserResetMFA removes a user's second factors.
	ActionAdminUserResetMFA = "admin.user.reset_mfa"
	ActionPortfolioCreate   = "portfolio.create"
	ActionPortfolioUpdate   = "portfolio.update"
	ActionPortfolioDelete   = "portfolio.delete"
	ActionPortfolioImport   = "portfolio.import"
	ActionPortfolioExport   = "portfolio.export"
	ActionDataExport        = "data.export"
	ActionBackupRun         = "backup.run"
	ActionBackupFailure     = "backup.failure"
	ActionBackupPrune       = "backup.prune"
	ActionBackupRestore     = "backup.restore"
	ActionRateLimitHit      = "ratelimit.hit"
)

// Transaction actions (the target is the portfolio id).
const (
	ActionTransactionCreate = "portfolio.transaction.create"
	ActionTransactionUpdate = "portfolio.transaction.update"
	ActionTransactionDelete = "portfolio.transaction.delete"
)

// Custom asset actions (the target is the asset id).
const (
	ActionAssetCreate = "asset.create"
	ActionAssetUpdate = "asset.update"
	ActionAssetDelete = "asset.delete"
	ActionAssetPrices = "asset.prices"
)

// ValidAction reports whether name follows the action naming convention.
func ValidAction(name string) bool {
	if name == "" || len(name) > MaxActionBytes {
		return false
	}
	segStart := true
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c == '.':
			if segStart {
				return false
			}
			segStart = true
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '_':
			segStart = false
		default:
			return false
		}
	}
	return !segStart
}

// Actions the log writes itself (actor "system").
const (
	// ActionAuditFormat marks a format upgrade point: from this entry on,
	// entries carry seq, and a MAC when details["mac"] is hmac-sha256.
	ActionAuditFormat = "audit.format"
	// ActionAuditCheckpoint closes a day file with the signed chain head.
	ActionAuditCheckpoint = "audit.checkpoint"
	// ActionAuditRepair records a torn last line moved into quarantine.
	ActionAuditRepair = "audit.repair"
)
