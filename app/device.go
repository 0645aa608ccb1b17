package ui

import (
	"encoding/json"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// devicesKey is the localStorage key of the device tokens this browser got
// at successful logins, one per account name. A known device still signs
// in while its account is under attack from elsewhere (docs/security.md).
// A token is no credential: the password is always checked.
const devicesKey = "fortfolio.devices"

// maxStoredDevices bounds the accounts remembered in one browser.
const maxStoredDevices = 10

// loadDevices reads the stored tokens by lower-case account name.
func loadDevices() map[string]string {
	m := map[string]string{}
	if !app.IsClient {
		return m
	}
	v := app.Window().Get("localStorage").Call("getItem", devicesKey)
	if v.IsNull() || v.IsUndefined() || json.Unmarshal([]byte(v.String()), &m) != nil {
		return map[string]string{}
	}
	return m
}

// deviceFor returns the token this browser holds for an account ("" if none).
func deviceFor(username string) string {
	return loadDevices()[strings.ToLower(username)]
}

// saveDevice remembers the token the server answered for an account.
func saveDevice(username, token string) {
	if !app.IsClient || token == "" {
		return
	}
	m := loadDevices()
	name := strings.ToLower(username)
	if _, ok := m[name]; !ok && len(m) >= maxStoredDevices {
		for k := range m {
			delete(m, k)
			break
		}
	}
	m[name] = token
	b, _ := json.Marshal(m)
	app.Window().Get("localStorage").Call("setItem", devicesKey, string(b))
}
