package ui

import (
	"encoding/json"
	"sync"
	"time"

	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// stateSession is the go-app state holding the current session, for the
// components that show it (navigation, home page).
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
	// Remembered: the session is kept with this browser's device key,
	// and its tokens are renewed by resumeSession, never by refresh.
	Remembered bool `json:"remembered,omitempty"`
}

func (s session) signedIn() bool { return s.Token != "" }
func (s session) isAdmin() bool  { return s.signedIn() && s.User.Role == wire.RoleAdmin }

// sessionHolder is the one home of the session: memory (read by the API
// client on every request) backed by sessionStorage (so a reload keeps it).
// update is its only writer; it is safe from any goroutine. Components
// learn of changes through stateSession, which saveSession and
// clearSession publish on the UI goroutine.
type sessionHolder struct {
	mu     sync.Mutex
	loaded bool
	cur    session
}

// sessions is the tab's session.
var sessions sessionHolder

// current returns the session, read from sessionStorage on first use.
func (st *sessionHolder) current() session {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.load()
	return st.cur
}

// update changes the session with fn and writes it through to
// sessionStorage (removing the key when signed out).
func (st *sessionHolder) update(fn func(*session)) session {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.load()
	fn(&st.cur)
	if app.IsClient {
		store := app.Window().Get("sessionStorage")
		if st.cur.signedIn() {
			b, _ := json.Marshal(st.cur)
			store.Call("setItem", sessionKey, string(b))
		} else {
			store.Call("removeItem", sessionKey)
		}
	}
	return st.cur
}

func (st *sessionHolder) load() {
	if st.loaded {
		return
	}
	st.loaded = true
	if !app.IsClient {
		return
	}
	v := app.Window().Get("sessionStorage").Call("getItem", sessionKey)
	if v.IsNull() || v.IsUndefined() || json.Unmarshal([]byte(v.String()), &st.cur) != nil {
		st.cur = session{}
	}
}

// token returns the session token, "" when signed out.
func (st *sessionHolder) token() string { return st.current().Token }

// loadSession returns the current session.
func loadSession() session { return sessions.current() }

// saveSession replaces the session and publishes it to the components.
func saveSession(ctx app.Context, s session) {
	sessions.update(func(cur *session) { *cur = s })
	ctx.SetState(stateSession, s)
}

// clearSession forgets the token and the offline cache, and publishes the
// signed-out session.
func clearSession(ctx app.Context) {
	forgetAnswers()
	sessions.update(func(cur *session) { *cur = session{} })
	ctx.SetState(stateSession, session{})
}

// signOutHere forgets this browser's session after the server ended it
// and returns to the home page.
func signOutHere(ctx app.Context) {
	forgetDevice()
	clearSession(ctx)
	ctx.Navigate("/")
}
