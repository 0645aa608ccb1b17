//go:build js && wasm

package ui

import (
	"context"
	"errors"
	"syscall/js"
)

// maxAnswerBytes caps an answer read into memory (exports, PDF reports).
const maxAnswerBytes = 32 << 20

var errTooLarge = errors.New("The answer is too large to load.")

// roundTrip sends r through the browser's fetch. Going through syscall/js
// instead of net/http keeps Go's HTTP and TLS stacks out of app.wasm (see
// docs/performance.md, "Client size"). Cancelling ctx aborts the request.
func roundTrip(ctx context.Context, r request) (reply, error) {
	if err := ctx.Err(); err != nil {
		return reply{}, err
	}
	global := js.Global()
	abort := global.Get("AbortController").New()
	headers := global.Get("Headers").New()
	if r.contentType != "" {
		headers.Call("set", "Content-Type", r.contentType)
	}
	for k, v := range r.headers {
		headers.Call("set", k, v)
	}
	init := map[string]any{
		"method":      r.method,
		"headers":     headers,
		"signal":      abort.Get("signal"),
		"credentials": "same-origin",
	}
	if r.body != nil {
		buf := global.Get("Uint8Array").New(len(r.body))
		js.CopyBytesToJS(buf, r.body)
		init["body"] = buf
	}

	type outcome struct {
		rep reply
		err error
	}
	done := make(chan outcome, 1)
	var rep reply
	var onAnswer, onBody, onFail js.Func
	onFail = js.FuncOf(func(js.Value, []js.Value) any {
		done <- outcome{err: errUnreachable}
		return nil
	})
	onBody = js.FuncOf(func(_ js.Value, args []js.Value) any {
		buf := global.Get("Uint8Array").New(args[0])
		n := buf.Get("length").Int()
		if n > maxAnswerBytes {
			done <- outcome{err: errTooLarge}
			return nil
		}
		rep.body = make([]byte, n)
		js.CopyBytesToGo(rep.body, buf)
		done <- outcome{rep: rep}
		return nil
	})
	onAnswer = js.FuncOf(func(_ js.Value, args []js.Value) any {
		res := args[0]
		rep.status = res.Get("status").Int()
		if cd := res.Get("headers").Call("get", "Content-Disposition"); cd.Type() == js.TypeString {
			rep.disposition = cd.String()
		}
		res.Call("arrayBuffer").Call("then", onBody, onFail)
		return nil
	})
	defer func() {
		onAnswer.Release()
		onBody.Release()
		onFail.Release()
	}()
	global.Call("fetch", r.path, init).Call("then", onAnswer, onFail)

	select {
	case o := <-done:
		return o.rep, o.err
	case <-ctx.Done():
		abort.Call("abort")
		<-done // the aborted promise settles before its callbacks are released
		return reply{}, ctx.Err()
	}
}
