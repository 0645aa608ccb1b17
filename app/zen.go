package ui

import (
	"sync"
	"sync/atomic"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// hideAmountsKey is the localStorage key of the hide-amounts mode: it is
// a choice of this device (a shared screen, a café), not of the account.
const hideAmountsKey = "fortfolio.hide-amounts"

var (
	hideAmounts     atomic.Bool
	hideAmountsOnce sync.Once
)

// amountsHidden reports whether hide-amounts mode is on: money and
// quantities then show as hiddenAmount and only percentages remain.
func amountsHidden() bool {
	hideAmountsOnce.Do(func() {
		if app.IsClient {
			v := app.Window().Get("localStorage").Call("getItem", hideAmountsKey)
			hideAmounts.Store(v.Truthy() && v.String() == "1")
		}
	})
	return hideAmounts.Load()
}

// setAmountsHidden switches hide-amounts mode and remembers it on this
// device. Every number on the page is text rendered by its own component,
// so the page is reloaded to redraw them all in the new mode (the client
// is cached: this takes a moment, and the session lives in the tab).
func setAmountsHidden(ctx app.Context, on bool) {
	amountsHidden()
	hideAmounts.Store(on)
	if !app.IsClient {
		return
	}
	store := app.Window().Get("localStorage")
	if on {
		store.Call("setItem", hideAmountsKey, "1")
	} else {
		store.Call("removeItem", hideAmountsKey)
	}
	ctx.Reload()
}
