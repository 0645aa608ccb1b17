package ui

import (
	"encoding/json"
	"time"

	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// stateSession is the go-app state holding the current session.
const stateSession = "session"

// sessionKey is the sessionStorage key of the token: it dies with the tab
// and is cleared on logout; no cookie is ever used.
const sessionKey = "fortfolio.session"

// session is the signed-in user's token and profile.
type session struct {
	Token      string    `json:"token"`
	ExpiresAt  time.Time `json:"expires_at"`
	User       wire.User `json:"user"`
	MustChange bool      `json:"must_change"`
}

func (s session) signedIn() bool { return s.Token != "" }
func (s session) isAdmin() bool  { return s.signedIn() && s.User.Role == wire.RoleAdmin }

// loadSession reads the session from sessionStorage.
func loadSession() session {
	var s session
	if !app.IsClient {
		return s
	}
	v := app.Window().Get("sessionStorage").Call("getItem", sessionKey)
	if v.IsNull() || v.IsUndefined() {
		return s
	}
	if json.Unmarshal([]byte(v.String()), &s) != nil {
		return session{}
	}
	return s
}

// saveSession writes the session to sessionStorage and publishes it.
func saveSession(ctx app.Context, s session) {
	if app.IsClient {
		b, _ := json.Marshal(s)
		app.Window().Get("sessionStorage").Call("setItem", sessionKey, string(b))
	}
	currentToken.set(s.Token, s.ExpiresAt)
	ctx.SetState(stateSession, s)
}

// clearSession forgets the token everywhere.
func clearSession(ctx app.Context) {
	if app.IsClient {
		app.Window().Get("sessionStorage").Call("removeItem", sessionKey)
	}
	forgetAnswers()
	currentToken.set("", time.Time{})
	ctx.SetState(stateSession, session{})
}
