package ui

import (
	"encoding/json"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Tabs of one browser share one session without cookies or localStorage
// tokens (docs/security.md, Sessions across tabs): a new tab asks the open
// tabs over a same-origin BroadcastChannel and takes the session one of
// them answers; every change of the session (login, refresh, logout) is
// sent to the others, so all tabs keep the same, live token and a logout
// in one tab signs every tab out. Only the hint that some tab is signed in
// is kept in localStorage, so that a browser with none does not wait.
const (
	sessionChannel = "fortfolio.session"
	signedInHint   = "fortfolio.signed-in"
	// askTimeout is how long a new tab waits for an open tab to answer.
	askTimeout = 400 * time.Millisecond
)

// tabMessage is what tabs send each other.
type tabMessage struct {
	Kind    string   `json:"kind"` // "ask", "session" (an answer or a change), "logout"
	Session *session `json:"session,omitempty"`
}

// tabLink is this tab's end of the channel; nil outside the browser or
// where BroadcastChannel is missing.
type tabLink struct {
	ch      app.Value
	answers chan session
	// onLogout runs on the UI goroutine when another tab logs out.
	onLogout func(ctx app.Context)
}

var tabs *tabLink

// JoinOpenTabs connects this tab to the browser's other Fortfolio tabs
// and, when it has no session of its own and one may be open elsewhere,
// waits up to askTimeout for one of them to share it. It runs in the
// browser before the app starts, so that a new tab opens signed in.
func JoinOpenTabs() {
	if !app.IsClient || !app.Window().Get("BroadcastChannel").Truthy() {
		return
	}
	t := &tabLink{ch: app.Window().Get("BroadcastChannel").New(sessionChannel), answers: make(chan session, 1)}
	t.ch.Set("onmessage", app.FuncOf(func(this app.Value, args []app.Value) any {
		if len(args) > 0 {
			t.receive(args[0].Get("data").String())
		}
		return nil
	}))
	tabs = t
	if sessions.current().signedIn() || !hintSet() {
		return
	}
	t.send(tabMessage{Kind: "ask"})
	select {
	case s := <-t.answers:
		sessions.adopt(s)
	case <-time.After(askTimeout):
		// No open tab is signed in (all were closed): forget the hint.
		app.Window().Get("localStorage").Call("removeItem", signedInHint)
	}
}

func hintSet() bool {
	v := app.Window().Get("localStorage").Call("getItem", signedInHint)
	return v.Truthy() && v.String() == "1"
}

func (t *tabLink) send(m tabMessage) {
	b, err := json.Marshal(m)
	if err == nil {
		t.ch.Call("postMessage", string(b))
	}
}

// receive handles a message of another tab.
func (t *tabLink) receive(data string) {
	var m tabMessage
	if json.Unmarshal([]byte(data), &m) != nil {
		return
	}
	cur := sessions.current()
	switch {
	case m.Kind == "ask" && cur.signedIn():
		t.send(tabMessage{Kind: "session", Session: &cur})
	case m.Kind == "session" && m.Session != nil && m.Session.signedIn():
		if !cur.signedIn() {
			select {
			case t.answers <- *m.Session: // a new tab waiting in JoinOpenTabs
			default:
			}
		}
		// A refreshed token of the same account replaces ours, which the
		// refresh revoked.
		if cur.signedIn() && cur.User.ID == m.Session.User.ID && cur.Token != m.Session.Token {
			sessions.adopt(*m.Session)
		}
	case m.Kind == "logout" && cur.signedIn():
		if m.Session != nil && m.Session.User.ID != cur.User.ID {
			return
		}
		sessions.adopt(session{})
		if t.onLogout != nil && uiCtxSet {
			uiCtx.Dispatch(t.onLogout)
		}
	}
}

// shareSession tells the other tabs of a change of this tab's session.
func shareSession(before, after session) {
	if tabs == nil || before.Token == after.Token {
		return
	}
	store := app.Window().Get("localStorage")
	if after.signedIn() {
		store.Call("setItem", signedInHint, "1")
		tabs.send(tabMessage{Kind: "session", Session: &after})
		return
	}
	store.Call("removeItem", signedInHint)
	who := session{User: before.User}
	tabs.send(tabMessage{Kind: "logout", Session: &who})
}

// uiCtx is the context of the mounted page frame, through which another
// tab's logout reaches the UI.
var (
	uiCtx    app.Context
	uiCtxSet bool
)

// watchOtherTabs makes a logout in another tab return this one to the
// home page; the layout calls it when it mounts.
func watchOtherTabs(ctx app.Context) {
	uiCtx, uiCtxSet = ctx, true
	if tabs != nil && tabs.onLogout == nil {
		tabs.onLogout = func(ctx app.Context) {
			forgetAnswers()
			ctx.SetState(stateSession, session{})
			ctx.Navigate("/")
		}
	}
}
