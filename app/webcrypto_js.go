//go:build js && wasm

package ui

import (
	"context"
	"errors"
	"syscall/js"
)

// The browser's credential and key APIs (WebAuthn, WebCrypto, IndexedDB)
// through syscall/js. Every call returns a promise; awaitPromise waits
// for it off the UI goroutine.

// errBrowserRefused is the error of a browser API that failed (the user
// cancelled, no authenticator, storage blocked).
var errBrowserRefused = errors.New("The browser did not complete the request.")

// awaitPromise waits for p to settle; a rejection becomes an error with
// the rejection's message.
func awaitPromise(ctx context.Context, p js.Value) (js.Value, error) {
	type outcome struct {
		v   js.Value
		err error
	}
	done := make(chan outcome, 1)
	onOK := js.FuncOf(func(_ js.Value, args []js.Value) any {
		v := js.Undefined()
		if len(args) > 0 {
			v = args[0]
		}
		done <- outcome{v: v}
		return nil
	})
	onErr := js.FuncOf(func(_ js.Value, args []js.Value) any {
		err := errBrowserRefused
		if len(args) > 0 && args[0].Type() == js.TypeObject && args[0].Get("message").Type() == js.TypeString {
			err = errors.New(args[0].Get("message").String())
		}
		done <- outcome{err: err}
		return nil
	})
	defer onOK.Release()
	defer onErr.Release()
	p.Call("then", onOK, onErr)
	select {
	case o := <-done:
		return o.v, o.err
	case <-ctx.Done():
		<-done
		return js.Undefined(), ctx.Err()
	}
}

// passkeyCreate runs navigator.credentials.create with the server's
// options ({"publicKey": ...} as JSON) and returns the credential as JSON.
func passkeyCreate(ctx context.Context, options []byte) ([]byte, error) {
	return passkeyCall(ctx, "create", "parseCreationOptionsFromJSON", options)
}

// passkeyGet runs navigator.credentials.get likewise.
func passkeyGet(ctx context.Context, options []byte) ([]byte, error) {
	return passkeyCall(ctx, "get", "parseRequestOptionsFromJSON", options)
}

func passkeyCall(ctx context.Context, method, parse string, options []byte) ([]byte, error) {
	pkc := js.Global().Get("PublicKeyCredential")
	if pkc.IsUndefined() || pkc.Get(parse).IsUndefined() {
		return nil, errNoPasskeys
	}
	opts := js.Global().Get("JSON").Call("parse", string(options))
	public := pkc.Call(parse, opts.Get("publicKey"))
	cred, err := awaitPromise(ctx, js.Global().Get("navigator").Get("credentials").Call(method, map[string]any{"publicKey": public}))
	if err != nil {
		return nil, err
	}
	if cred.IsNull() || cred.IsUndefined() {
		return nil, errBrowserRefused
	}
	return []byte(js.Global().Get("JSON").Call("stringify", cred.Call("toJSON")).String()), nil
}
