package ui

import (
	"context"
	"sync"

	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

var errorReporterOnce sync.Once

// maxReportedErrors bounds what one page load sends to POST /api/log; the
// server rate-limits it too.
const maxReportedErrors = 5

// installErrorReporter sends uncaught browser errors and unhandled promise
// rejections to POST /api/log, so admins see client failures. Reporting
// never throws and never logs to the console itself.
func installErrorReporter() {
	if !app.IsClient {
		return
	}
	errorReporterOnce.Do(func() {
		var mu sync.Mutex
		sent := 0
		report := func(message, stack string) {
			mu.Lock()
			if sent >= maxReportedErrors {
				mu.Unlock()
				return
			}
			sent++
			mu.Unlock()
			entry := wire.ClientLog{Level: "error", Message: clipText(message, 500), Stack: clipText(stack, 2000),
				URL: clipText(app.Window().Get("location").Get("pathname").String(), 200)}
			go func() { _ = fetchInto(context.Background(), "POST", wire.RouteClientLog, entry, new(none)) }()
		}
		app.Window().Call("addEventListener", "error", app.FuncOf(func(this app.Value, args []app.Value) any {
			if len(args) > 0 {
				stack := ""
				if e := args[0].Get("error"); e != nil && !e.IsUndefined() && !e.IsNull() {
					stack = jsString(e.Get("stack"))
				}
				report(jsString(args[0].Get("message")), stack)
			}
			return nil
		}))
		app.Window().Call("addEventListener", "unhandledrejection", app.FuncOf(func(this app.Value, args []app.Value) any {
			if len(args) > 0 {
				report("unhandled rejection: "+jsString(args[0].Get("reason")), "")
			}
			return nil
		}))
	})
}

// jsString reads a JS value as text, empty for undefined or null.
func jsString(v app.Value) string {
	if v == nil || v.IsUndefined() || v.IsNull() {
		return ""
	}
	return v.Call("toString").String()
}

func clipText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
