package ui

import (
	"encoding/json"
	"sync/atomic"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The offline cache keeps the last successful answer of each GET API call
// in sessionStorage, so the app keeps showing what it last loaded when the
// server cannot be reached. It lives and dies with the tab, like the token,
// and logout clears it.
const (
	offlinePrefix     = "fortfolio.cache:"
	offlineIndexKey   = "fortfolio.cache.index"
	maxOfflineEntry   = 512 << 10
	maxOfflineEntries = 40
)

// offlineMode is set while answers come from the offline cache.
var offlineMode atomic.Bool

type cachedAnswer struct {
	At   time.Time       `json:"at"`
	Body json.RawMessage `json:"body"`
}

func sessionStore() app.Value {
	return app.Window().Get("sessionStorage")
}

// rememberAnswer stores a successful GET answer.
func rememberAnswer(path string, body []byte) {
	if !app.IsClient || len(body) > maxOfflineEntry || !json.Valid(body) {
		return
	}
	b, err := json.Marshal(cachedAnswer{At: time.Now().UTC(), Body: body})
	if err != nil {
		return
	}
	index := offlineIndex()
	out := []string{path}
	for _, k := range index {
		if k != path && len(out) < maxOfflineEntries {
			out = append(out, k)
		} else if k != path {
			sessionStore().Call("removeItem", offlinePrefix+k)
		}
	}
	sessionStore().Call("setItem", offlinePrefix+path, string(b))
	saveOfflineIndex(out)
}

// recallAnswer returns the last answer stored for path.
func recallAnswer(path string) (cachedAnswer, bool) {
	var a cachedAnswer
	if !app.IsClient {
		return a, false
	}
	v := sessionStore().Call("getItem", offlinePrefix+path)
	if v.IsNull() || v.IsUndefined() || json.Unmarshal([]byte(v.String()), &a) != nil {
		return a, false
	}
	return a, true
}

// forgetAnswers deletes the offline cache (at logout).
func forgetAnswers() {
	if !app.IsClient {
		return
	}
	for _, k := range offlineIndex() {
		sessionStore().Call("removeItem", offlinePrefix+k)
	}
	sessionStore().Call("removeItem", offlineIndexKey)
	offlineMode.Store(false)
}

func offlineIndex() []string {
	var keys []string
	v := sessionStore().Call("getItem", offlineIndexKey)
	if !v.IsNull() && !v.IsUndefined() {
		_ = json.Unmarshal([]byte(v.String()), &keys)
	}
	return keys
}

func saveOfflineIndex(keys []string) {
	b, _ := json.Marshal(keys)
	sessionStore().Call("setItem", offlineIndexKey, string(b))
}
