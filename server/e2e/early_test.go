package e2e

import (
	"context"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/chromedp"
)

// TestLoginBeforeAppStarts holds back app.wasm, fills in the login form
// the server rendered and presses Enter: the browser does not send the
// form itself (no password in the URL), the page says the sign-in waits
// for the app, and once the app runs the typed credentials sign in.
func TestLoginBeforeAppStarts(t *testing.T) {
	s := newSite(t)
	const pw = "typed before the app 1"
	s.seedAdmin(pw, "early")
	var mu sync.Mutex
	var held []fetch.RequestID
	chromedp.ListenTarget(s.ctx, func(ev any) {
		if e, ok := ev.(*fetch.EventRequestPaused); ok {
			mu.Lock()
			held = append(held, e.RequestID)
			mu.Unlock()
		}
	})
	var search, note string
	var loader bool
	s.run(
		fetch.Enable().WithPatterns([]*fetch.RequestPattern{{URLPattern: "*app.wasm*"}}),
		chromedp.Navigate(s.URL+"/login?next=/account"),
		chromedp.WaitVisible("#login-form", chromedp.ByQuery),
		chromedp.Evaluate(`!!document.querySelector("#app-wasm-loader") && !document.querySelector("#app-ready")`, &loader),
		chromedp.SendKeys("#username", "early", chromedp.ByQuery),
		chromedp.SendKeys("#password", pw+"\r", chromedp.ByQuery),
		chromedp.WaitVisible("#early-note", chromedp.ByQuery),
		chromedp.Text("#early-note", &note, chromedp.ByQuery),
		chromedp.Evaluate(`location.search`, &search),
	)
	if !loader {
		t.Fatal("the app was running already: the test did not hold app.wasm back")
	}
	if search != "?next=/account" || note == "" {
		t.Fatalf("before the app ran: URL query %q (the form must not be sent by the browser), note %q", search, note)
	}
	s.run(
		chromedp.ActionFunc(func(ctx context.Context) error {
			mu.Lock()
			ids := held
			held = nil
			mu.Unlock()
			for _, id := range ids {
				if err := fetch.ContinueRequest(id).Do(ctx); err != nil {
					return err
				}
			}
			return fetch.Disable().Do(ctx)
		}),
		s.waitFor("#me-username"),
	)
	var who string
	s.run(
		pollPage(`(document.querySelector("#me-username") || {}).textContent === "early"`),
		chromedp.Text("#me-username", &who, chromedp.ByQuery),
	)
	if who != "early" {
		t.Fatalf("signed in as %q", who)
	}
}
