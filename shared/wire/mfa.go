package wire

import (
	"encoding/json"
	"time"
)

// Routes of sessions, second factors and remembered devices
// (docs/security.md, "Sessions" and "Second factors").
const (
	RouteSessions          = "/api/me/sessions"
	RouteSession           = "/api/me/sessions/{id}"
	RouteLogoutAll         = "/api/auth/logout-all"
	RouteMFA               = "/api/auth/mfa"
	RouteResumeNonce       = "/api/auth/resume/nonce"
	RouteResume            = "/api/auth/resume"
	RouteMeMFA             = "/api/me/mfa"
	RouteTOTPSetup         = "/api/me/mfa/totp/setup"
	RouteTOTPConfirm       = "/api/me/mfa/totp/confirm"
	RouteTOTPDisable       = "/api/me/mfa/totp/disable"
	RoutePasskeys          = "/api/me/passkeys"
	RoutePasskey           = "/api/me/passkeys/{id}"
	RoutePasskeyRegBegin   = "/api/me/passkeys/register/begin"
	RoutePasskeyRegFinish  = "/api/me/passkeys/register/finish"
	RoutePasskeyLoginBegin = "/api/auth/passkey/begin"     // #nosec G101 -- a route, not a credential
	RoutePasskeyLogin      = "/api/auth/passkey/finish"    // #nosec G101 -- a route, not a credential
	RouteMFAPasskeyBegin   = "/api/auth/mfa/passkey/begin" // #nosec G101 -- a route, not a credential
	RouteAdminUserSessions = "/api/admin/users/{id}/sessions"
	RouteAdminUserSession  = "/api/admin/users/{id}/sessions/{sid}"
	RouteAdminUserResetMFA = "/api/admin/users/{id}/reset-mfa"
)

// Session is one signed-in browser of an account.
type Session struct {
	ID         string    `json:"id"`
	Agent      string    `json:"agent"`
	IP         string    `json:"ip"`
	CreatedAt  time.Time `json:"created_at"`
	LastSeenAt time.Time `json:"last_seen_at"`
	ExpiresAt  time.Time `json:"expires_at"`
	// Current marks the session of the token that asked.
	Current bool `json:"current"`
	// Remembered marks a browser kept signed in with its device key.
	Remembered bool `json:"remembered"`
}

// SessionList answers GET /api/me/sessions.
type SessionList struct {
	Sessions []Session `json:"sessions"`
}

// SessionsEnded answers POST /api/auth/logout-all.
type SessionsEnded struct {
	Ended int `json:"ended"`
}

// MFAChallenge answers a login whose password was right when a second
// factor is needed: no token yet, only the short-lived MFAToken for
// POST /api/auth/mfa. Methods lists the factors the account has ("totp",
// "passkey").
type MFAChallenge struct {
	MFARequired bool     `json:"mfa_required"`
	MFAToken    string   `json:"mfa_token"`
	Methods     []string `json:"methods"`
}

// MFAVerify is the body of POST /api/auth/mfa: a TOTP code or a recovery
// code in Code, or a passkey assertion (navigator.credentials.get's
// answer as JSON) in Passkey.
type MFAVerify struct {
	MFAToken string          `json:"mfa_token"`
	Code     string          `json:"code,omitempty"`
	Passkey  json.RawMessage `json:"passkey,omitempty"`
	// Ceremony is the id POST /api/auth/mfa/passkey/begin answered.
	Ceremony string `json:"ceremony,omitempty"`
}

// MFABegin is the body of POST /api/auth/mfa/passkey/begin.
type MFABegin struct {
	MFAToken string `json:"mfa_token"`
}

// MFAStatus answers GET /api/me/mfa.
type MFAStatus struct {
	TOTP bool `json:"totp"`
	// RecoveryCodesLeft counts the unused recovery codes.
	RecoveryCodesLeft int       `json:"recovery_codes_left"`
	Passkeys          []Passkey `json:"passkeys"`
	// RequiredForAdmins is the --require-mfa-for-admins policy.
	RequiredForAdmins bool `json:"required_for_admins"`
	// PasskeysAvailable is false when the server's host cannot be a
	// WebAuthn relying party (an IP address: use localhost instead).
	PasskeysAvailable bool `json:"passkeys_available"`
}

// PasswordConfirm is a body that only confirms the current password.
type PasswordConfirm struct {
	CurrentPassword string `json:"current_password"`
}

// TOTPSetup answers POST /api/me/mfa/totp/setup: the secret to type in
// (or scan as QR, a PNG data: URL made on the server) before confirming.
type TOTPSetup struct {
	Secret     string `json:"secret"`
	OTPAuthURL string `json:"otpauth_url"`
	QRCode     string `json:"qr_code"`
}

// TOTPCode is the body of POST /api/me/mfa/totp/confirm.
type TOTPCode struct {
	Code string `json:"code"`
}

// RecoveryCodes answers a confirmed enrolment: shown once, stored hashed.
type RecoveryCodes struct {
	Codes []string `json:"recovery_codes"`
}

// TOTPDisable is the body of POST /api/me/mfa/totp/disable.
type TOTPDisable struct {
	CurrentPassword string `json:"current_password"`
	Code            string `json:"code"`
}

// Passkey is a registered WebAuthn credential.
type Passkey struct {
	ID         string     `json:"id"`
	Name       string     `json:"name"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
}

// PasskeyName is the body of PUT /api/me/passkeys/{id}.
type PasskeyName struct {
	Name string `json:"name"`
}

// PasskeyOptions answers a begin call: the WebAuthn options for
// navigator.credentials.create or .get (publicKey member included), and
// the id of the ceremony to send back with the answer.
type PasskeyOptions struct {
	Ceremony string          `json:"ceremony"`
	Options  json.RawMessage `json:"options"`
}

// PasskeyFinish is the body of a finish call: the ceremony id, the
// browser's credential as JSON and, for a registration, its name.
type PasskeyFinish struct {
	Ceremony   string          `json:"ceremony"`
	Name       string          `json:"name,omitempty"`
	Credential json.RawMessage `json:"credential"`
}

// ResumeNonceRequest asks for a nonce to sign for a remembered session.
type ResumeNonceRequest struct {
	Session string `json:"session"`
}

// ResumeNonce is the server nonce a remembered browser signs.
type ResumeNonce struct {
	Nonce string `json:"nonce"`
}

// ResumeRequest is the body of POST /api/auth/resume: the session, the
// nonce and the device key's ECDSA P-256 signature (IEEE P1363, r||s,
// base64url) over ResumeMessage(session, nonce).
type ResumeRequest struct {
	Session   string `json:"session"`
	Nonce     string `json:"nonce"`
	Signature string `json:"signature"`
}

// ResumeMessage is the text a remembered browser signs.
func ResumeMessage(session, nonce string) string {
	return "fortfolio-resume\n" + session + "\n" + nonce
}
