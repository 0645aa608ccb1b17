package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"time"
)

// Device tokens (the OWASP "device cookie", kept by the client in
// localStorage instead of a cookie): a browser that signed in successfully
// gets a random token; the server stores only its SHA-256. A later login
// sending it is from a known device, counted and locked on its own, so an
// attack on the account from elsewhere never locks its owner out.
const (
	// DeviceTTL is how long a device stays known without a successful login.
	DeviceTTL = 180 * 24 * time.Hour
	// MaxDevices is how many devices an account remembers (newest first).
	MaxDevices = 20
	// deviceTokenLen is the length of a token: 32 random bytes, base64url.
	deviceTokenLen = 43
)

// newDeviceToken returns a fresh device token and its stored id.
func newDeviceToken() (token, id string) {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, deviceID(token)
}

// deviceID is the stored id of a token: hex SHA-256.
func deviceID(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// wellFormedDevice reports whether a client-sent token can be one of ours;
// anything else is treated as no token (an untrusted client).
func wellFormedDevice(token string) bool {
	if len(token) != deviceTokenLen {
		return false
	}
	_, err := base64.RawURLEncoding.DecodeString(token)
	return err == nil
}
