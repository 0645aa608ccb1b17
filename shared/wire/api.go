// Package wire holds the JSON request and response types of the Fortfolio
// HTTP API (the wire format). It is compiled into both the server and the WebAssembly client,
// so both sides agree on every field.
package wire

import "time"

// TokenHeader is the request header that carries the session token.
const TokenHeader = "x-token"

// Error is the body of every error response.
type Error struct {
	Error string `json:"error"`
	Code  string `json:"code"`
}

// Credentials is the body of register.
type Credentials struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

// LoginRequest is the body of POST /api/auth/login. Device is the device
// token a previous successful login in this browser returned ("" when
// none): failed attempts from elsewhere never lock a known device out.
type LoginRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
	Device   string `json:"device,omitempty"`
	// DeviceKey, when set, keeps this browser signed in ("keep me signed
	// in on this device"): the SPKI public key (base64url) of its
	// non-extractable key; resuming the session needs its signature.
	DeviceKey string `json:"device_key,omitempty"`
}

// User is the public view of an account.
type User struct {
	ID          string     `json:"id"`
	Username    string     `json:"username"`
	Role        string     `json:"role"`
	CreatedAt   time.Time  `json:"created_at"`
	LastLoginAt *time.Time `json:"last_login_at,omitempty"`
	// Email is the optional address for security notices (own account only).
	Email string `json:"email,omitempty"`
}

// EmailChange is PUT /api/me/email; an empty Email removes the address.
// CurrentPassword confirms the change: the address receives the account's
// security notices, so a borrowed session alone must not redirect them.
type EmailChange struct {
	Email           string `json:"email"`
	CurrentPassword string `json:"current_password"`
}

// Roles.
const (
	RoleUser  = "user"
	RoleAdmin = "admin"
)

// RegisterResponse answers a successful registration.
type RegisterResponse struct {
	User User `json:"user"`
	// FirstAdmin is true when this account became the administrator
	// because it was the first one created in loopback development mode.
	FirstAdmin bool `json:"first_admin,omitempty"`
}

// Token is a freshly issued session token.
type Token struct {
	Token     string    `json:"token"`
	ExpiresAt time.Time `json:"expires_at"`
}

// LoginResponse answers a successful login.
type LoginResponse struct {
	Token
	User               User           `json:"user"`
	MustChangePassword bool           `json:"must_change_password"`
	Notifications      []Notification `json:"notifications,omitempty"`
	// Device is the device token to keep (localStorage) and send with the
	// next logins from this browser.
	Device string `json:"device"`
	// FailedAttempts counts the failed or refused logins on the account
	// since its previous successful login.
	FailedAttempts int `json:"failed_attempts"`
	// Session is the id of the session the login started.
	Session string `json:"session"`
}

// ChangePassword is the body of POST /api/auth/change-password.
type ChangePassword struct {
	CurrentPassword string `json:"current_password"`
	NewPassword     string `json:"new_password"`
}

// Notification is an in-app notice for a user (lockout, reset, role change).
type Notification struct {
	ID        string    `json:"id"`
	Kind      string    `json:"kind"`
	Message   string    `json:"message"`
	CreatedAt time.Time `json:"created_at"`
}
