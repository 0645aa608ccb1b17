package ui

import (
	"context"
	"net/url"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// How components load data (go-app's rules: blocking work in ctx.Async,
// UI changes in ctx.Dispatch):
//
//	var pf wire.Portfolio
//	call(p.ctx, "GET", wire.Path(wire.RoutePortfolio, id), none{}, &pf,
//		func(ctx app.Context, err error) { ... })
//
// ctx must be the component's own context, the one go-app passes to its
// OnMount or OnNav (components keep it in a field). go-app drops a
// dispatch whose source element is no longer mounted, and an event
// handler's element (a button, a form) is often re-created while a call
// runs, for example when an alert appears above it: the answer would then
// be lost and the page would stay "Loading…" or busy forever. The
// component's own context lives as long as the component.
//
// The component embeds compo instead of app.Compo; when go-app dismounts
// it, its calls still in flight are cancelled (the browser aborts them).

// none is the request body of calls that send none, and the answer of
// calls whose body is not needed.
type none struct{}

// csvBody is a request body sent as text/csv.
type csvBody []byte

// download is an answer kept as a file (CSV, JSON export, PDF): its bytes
// and the name the server suggests. It is never kept in the offline cache.
type download struct {
	Name string
	Data []byte
}

// loadStatus is where a component's data stands.
type loadStatus int

const (
	statusIdle    loadStatus = iota // nothing asked for yet
	statusLoading                   // the answer is awaited
	statusLoaded                    // the data is shown
	statusFailed                    // the load failed; the error is shown
)

// compo is app.Compo for components that call the API: it ends their
// calls when they leave the page.
type compo struct {
	app.Compo
	life *lifetime
}

// ValueTo is app.Compo's ValueTo, called rather than inlined: inlined, it
// adds a copy of its event handler at every input that stores its value.
//
//go:noinline
func (c *compo) ValueTo(v any) app.EventHandler { return c.Compo.ValueTo(v) }

// OnDismount cancels the component's calls still in flight.
func (c *compo) OnDismount() {
	if c.life != nil {
		c.life.end(context.Canceled)
	}
	c.life = nil
}

// callsLifetime is a context cancelled when the component is dismounted.
// It runs on the UI goroutine, like OnDismount.
func (c *compo) callsLifetime() context.Context {
	if c.life == nil {
		c.life = newLifetime()
	}
	return c.life
}

// owner is a component whose calls end with it (it embeds compo).
type owner interface{ callsLifetime() context.Context }

// sessionCheck says what a 401 or a must-change 403 means for a call.
type sessionCheck bool

const (
	signedInCall sessionCheck = true  // the session ended: back to the login page
	publicCall   sessionCheck = false // the answer goes to the component as is
)

// call sends one request for the component whose context is ctx, decodes
// the answer into out and then calls then on the UI goroutine, with the
// error to show if any. An ended session (401) or a demanded password
// change is handled here, as everywhere: then is not called for them.
//
// out is written on another goroutine before then runs, so it must be a
// variable of the caller's own that nothing reads until then (declared
// just before the call, never a component's field):
//
//	var pf wire.Portfolio
//	call(p.ctx, "GET", path, none{}, &pf, func(ctx app.Context, err error) { ... p.pf = pf ... })
//
// call has no type parameters: a generic call is compiled again for every
// answer type, about fifty copies with their closures and long names in
// app.wasm (docs/performance.md, Client size).
func call(ctx app.Context, method, path string, in, out any, then func(app.Context, error)) {
	work(ctx, signedInCall, func(c context.Context) error { return fetchInto(c, method, path, in, out) }, then)
}

// callPublic is call for the endpoints where a 401 means wrong
// credentials, not an ended session (login, register, password change),
// and for the public pages, which a stale token must not send to the
// login page.
func callPublic(ctx app.Context, method, path string, in, out any, then func(app.Context, error)) {
	work(ctx, publicCall, func(c context.Context) error { return fetchInto(c, method, path, in, out) }, then)
}

// work runs fn (one or more requests, which write their answers into
// variables of the caller's own, as call's out) on a goroutine tied to the
// component of ctx and calls then on the UI goroutine, after the session
// check. then runs after fn's writes (ctx.Dispatch orders them), and
// nothing reaches a component that is gone.
func work(ctx app.Context, check sessionCheck, fn func(context.Context) error, then func(app.Context, error)) {
	life := context.Background()
	if o, ok := ctx.Src().(owner); ok {
		life = o.callsLifetime()
	}
	ctx.Async(func() {
		err := fn(life)
		if life.Err() != nil {
			return // the component is gone
		}
		ctx.Dispatch(func(ctx app.Context) {
			if check == signedInCall && sessionEnded(ctx, err) {
				return
			}
			then(ctx, err)
		})
	})
}

// errText is the message of err, "" for none.
func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// sessionEnded returns to the login page when the session died, and to
// the account page when the server demands a password change first. It
// reports whether it handled err.
func sessionEnded(ctx app.Context, err error) bool {
	if isMustChange(err) {
		if s := loadSession(); !s.MustChange {
			s.MustChange = true
			saveSession(ctx, s)
		}
		if ctx.Page().URL().Path != "/account" {
			ctx.Navigate(accountMustChange)
		}
		return true
	}
	if !isUnauthorized(err) {
		return false
	}
	clearSession(ctx)
	ctx.Navigate("/login?expired=1&next=" + url.QueryEscape(ctx.Page().URL().Path))
	return true
}
