package store

// accountMigrations is the versioned schema of DATA/fortfolio.db. Times are
// Unix milliseconds (UTC).
var accountMigrations = []string{
	`CREATE TABLE users (
		id TEXT PRIMARY KEY,
		username TEXT NOT NULL,
		username_key TEXT NOT NULL UNIQUE,
		password_hash TEXT NOT NULL,
		role TEXT NOT NULL CHECK (role IN ('user','admin')),
		created_at INTEGER NOT NULL,
		last_login_at INTEGER,
		tokens_valid_after INTEGER NOT NULL DEFAULT 0,
		must_change_password INTEGER NOT NULL DEFAULT 0,
		locked_until INTEGER NOT NULL DEFAULT 0,
		lock_level INTEGER NOT NULL DEFAULT 0,
		admin_locked INTEGER NOT NULL DEFAULT 0
	);
	CREATE TABLE login_failures (
		user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
		at INTEGER NOT NULL
	);
	CREATE INDEX login_failures_user ON login_failures(user_id, at);
	CREATE TABLE revoked_tokens (
		jti TEXT PRIMARY KEY,
		expires_at INTEGER NOT NULL
	);
	CREATE TABLE notifications (
		id TEXT PRIMARY KEY,
		user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
		kind TEXT NOT NULL,
		message TEXT NOT NULL,
		created_at INTEGER NOT NULL,
		delivered INTEGER NOT NULL DEFAULT 0
	);
	CREATE INDEX notifications_user ON notifications(user_id, delivered);
	CREATE TABLE settings (
		key TEXT PRIMARY KEY,
		value TEXT NOT NULL
	);`,
	`CREATE TABLE security_events (
		id INTEGER PRIMARY KEY AUTOINCREMENT,
		at INTEGER NOT NULL,
		kind TEXT NOT NULL,
		user_id TEXT NOT NULL DEFAULT '',
		ip TEXT NOT NULL DEFAULT '',
		detail TEXT NOT NULL DEFAULT '',
		request_id TEXT NOT NULL DEFAULT ''
	);
	CREATE INDEX security_events_at ON security_events(at);`,
	// Usage statistics: aggregates only (see server/stats). No IP address,
	// User-Agent or visitor hash is ever stored.
	`CREATE TABLE stats_days (
		day TEXT PRIMARY KEY,
		views INTEGER NOT NULL DEFAULT 0,
		visitors INTEGER NOT NULL DEFAULT 0
	);
	CREATE TABLE stats_pages (
		day TEXT NOT NULL,
		path TEXT NOT NULL,
		views INTEGER NOT NULL DEFAULT 0,
		uniques INTEGER NOT NULL DEFAULT 0,
		PRIMARY KEY (day, path)
	);
	CREATE TABLE stats_dims (
		day TEXT NOT NULL,
		dim TEXT NOT NULL CHECK (dim IN ('browser','os','device','referrer','screen')),
		value TEXT NOT NULL,
		count INTEGER NOT NULL DEFAULT 0,
		PRIMARY KEY (day, dim, value)
	);`,
	// Optional e-mail address for security notices (validated by
	// shared/validate.Email; empty means none).
	`ALTER TABLE users ADD COLUMN email TEXT NOT NULL DEFAULT '';`,
	// Audit checkpoints (signed chain heads, see server/audit) and whether
	// each account's portfolio database was ever created, so a missing one
	// is reported instead of silently re-created empty.
	`CREATE TABLE audit_checkpoints (
		source TEXT PRIMARY KEY,
		entries INTEGER NOT NULL,
		head TEXT NOT NULL,
		at TEXT NOT NULL,
		sig TEXT NOT NULL DEFAULT ''
	);
	ALTER TABLE users ADD COLUMN data_created INTEGER NOT NULL DEFAULT 0;`,
	// Login protection (device tokens): failures are counted per known
	// device ('' = every untrusted client of the account); devices holds
	// the SHA-256 of each device token with its own lock; users counts the
	// failed and refused attempts since the last successful login, and its
	// locked_until/lock_level now lock untrusted clients only. Security
	// events carry a count (refusals are written aggregated) and refusal
	// rows are trimmed separately from the others.
	`ALTER TABLE login_failures ADD COLUMN device TEXT NOT NULL DEFAULT '';
	CREATE INDEX login_failures_device ON login_failures(user_id, device, at);
	CREATE TABLE devices (
		id TEXT PRIMARY KEY,
		user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
		created_at INTEGER NOT NULL,
		last_used_at INTEGER NOT NULL,
		locked_until INTEGER NOT NULL DEFAULT 0,
		lock_level INTEGER NOT NULL DEFAULT 0
	);
	CREATE INDEX devices_user ON devices(user_id, last_used_at);
	ALTER TABLE users ADD COLUMN failed_since_login INTEGER NOT NULL DEFAULT 0;
	ALTER TABLE security_events ADD COLUMN count INTEGER NOT NULL DEFAULT 1;
	ALTER TABLE security_events ADD COLUMN refusal INTEGER NOT NULL DEFAULT 0;
	CREATE INDEX security_events_refusal ON security_events(refusal, id);`,
	// Alerts: the inbox keeps read state and a link; Telegram chats linked
	// through one-time codes (stored hashed); Web Push subscriptions.
	`ALTER TABLE notifications ADD COLUMN read_at INTEGER NOT NULL DEFAULT 0;
	ALTER TABLE notifications ADD COLUMN link TEXT NOT NULL DEFAULT '';
	CREATE INDEX notifications_inbox ON notifications(user_id, created_at);
	CREATE TABLE telegram_codes (
		code_hash TEXT PRIMARY KEY,
		user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
		expires_at INTEGER NOT NULL
	);
	CREATE TABLE telegram_links (
		user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
		chat_id INTEGER NOT NULL,
		linked_at INTEGER NOT NULL
	);
	CREATE TABLE push_subscriptions (
		id TEXT PRIMARY KEY,
		user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
		endpoint TEXT NOT NULL UNIQUE,
		p256dh TEXT NOT NULL,
		auth TEXT NOT NULL,
		created_at INTEGER NOT NULL
	);
	CREATE INDEX push_subscriptions_user ON push_subscriptions(user_id);`,
	// Sessions and second factors (docs/security.md, "Sessions" and
	// "Second factors"): one row per login; tokens carry its id (sid) and
	// die with it. A remembered session holds the public key (SPKI) of its
	// browser's non-extractable key. The TOTP secret is sealed (AES-GCM,
	// key derived from the pepper); recovery codes are stored as keyed
	// hashes; passkeys keep the WebAuthn credential as JSON.
	`CREATE TABLE sessions (
		id TEXT PRIMARY KEY,
		user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
		created_at INTEGER NOT NULL,
		last_seen_at INTEGER NOT NULL,
		expires_at INTEGER NOT NULL,
		ended_at INTEGER NOT NULL DEFAULT 0,
		end_reason TEXT NOT NULL DEFAULT '',
		ip TEXT NOT NULL DEFAULT '',
		agent TEXT NOT NULL DEFAULT '',
		device TEXT NOT NULL DEFAULT '',
		device_key BLOB
	);
	CREATE INDEX sessions_user ON sessions(user_id, ended_at);
	CREATE TABLE mfa_totp (
		user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
		secret BLOB NOT NULL,
		confirmed INTEGER NOT NULL DEFAULT 0,
		created_at INTEGER NOT NULL,
		last_step INTEGER NOT NULL DEFAULT 0
	);
	CREATE TABLE recovery_codes (
		user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
		hash TEXT NOT NULL,
		used_at INTEGER NOT NULL DEFAULT 0,
		PRIMARY KEY (user_id, hash)
	);
	CREATE TABLE passkeys (
		id TEXT PRIMARY KEY,
		user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
		name TEXT NOT NULL,
		credential TEXT NOT NULL,
		created_at INTEGER NOT NULL,
		last_used_at INTEGER NOT NULL DEFAULT 0
	);
	CREATE INDEX passkeys_user ON passkeys(user_id);`,
}
