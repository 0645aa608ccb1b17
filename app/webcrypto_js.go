//go:build js && wasm

package ui

import (
	"context"
	"encoding/base64"
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

// deviceKey is a remembered browser's non-extractable private key (a
// CryptoKey; IndexedDB stores it as is, never its bytes).
type deviceKey struct{ priv js.Value }

func (k deviceKey) valid() bool { return k.priv.Truthy() }

// ecdsaP256 is the WebCrypto algorithm of device keys.
func ecdsaP256() map[string]any { return map[string]any{"name": "ECDSA", "namedCurve": "P-256"} }

// newDeviceKey makes a non-extractable ECDSA P-256 key pair and returns
// the private key and the public key (SPKI, base64url).
func newDeviceKey(ctx context.Context) (deviceKey, string, error) {
	subtle := js.Global().Get("crypto").Get("subtle")
	pair, err := awaitPromise(ctx, subtle.Call("generateKey", ecdsaP256(), false, []any{"sign"}))
	if err != nil {
		return deviceKey{}, "", err
	}
	spki, err := awaitPromise(ctx, subtle.Call("exportKey", "spki", pair.Get("publicKey")))
	if err != nil {
		return deviceKey{}, "", err
	}
	return deviceKey{priv: pair.Get("privateKey")}, base64URL(spki), nil
}

// signWithDevice signs msg with ECDSA SHA-256 (r||s, base64url).
func signWithDevice(ctx context.Context, k deviceKey, msg string) (string, error) {
	data := js.Global().Get("TextEncoder").New().Call("encode", msg)
	alg := map[string]any{"name": "ECDSA", "hash": "SHA-256"}
	sig, err := awaitPromise(ctx, js.Global().Get("crypto").Get("subtle").Call("sign", alg, k.priv, data))
	if err != nil {
		return "", err
	}
	return base64URL(sig), nil
}

// base64URL encodes an ArrayBuffer without padding.
func base64URL(buf js.Value) string {
	u8 := js.Global().Get("Uint8Array").New(buf)
	b := make([]byte, u8.Get("length").Int())
	js.CopyBytesToGo(b, u8)
	return base64.RawURLEncoding.EncodeToString(b)
}

// IndexedDB holds the remembered record: database "fortfolio", store
// "device", key "remembered".
const (
	idbName   = "fortfolio"
	idbStore  = "device"
	idbRecord = "remembered"
)

// idbWait waits for an IDBRequest (or IDBOpenDBRequest) to succeed.
func idbWait(ctx context.Context, req js.Value) (js.Value, error) {
	done := make(chan error, 1)
	onOK := js.FuncOf(func(js.Value, []js.Value) any { done <- nil; return nil })
	onErr := js.FuncOf(func(js.Value, []js.Value) any { done <- errBrowserRefused; return nil })
	onUpgrade := js.FuncOf(func(js.Value, []js.Value) any {
		db := req.Get("result")
		if !db.Get("objectStoreNames").Call("contains", idbStore).Bool() {
			db.Call("createObjectStore", idbStore)
		}
		return nil
	})
	defer onOK.Release()
	defer onErr.Release()
	defer onUpgrade.Release()
	req.Set("onsuccess", onOK)
	req.Set("onerror", onErr)
	req.Set("onupgradeneeded", onUpgrade)
	select {
	case err := <-done:
		if err != nil {
			return js.Undefined(), err
		}
		return req.Get("result"), nil
	case <-ctx.Done():
		<-done
		return js.Undefined(), ctx.Err()
	}
}

// idbStoreOf opens the database and returns its object store in mode.
func idbStoreOf(ctx context.Context, mode string) (js.Value, js.Value, error) {
	idb := js.Global().Get("indexedDB")
	if !idb.Truthy() {
		return js.Undefined(), js.Undefined(), errBrowserRefused
	}
	db, err := idbWait(ctx, idb.Call("open", idbName, 1))
	if err != nil {
		return js.Undefined(), js.Undefined(), err
	}
	return db, db.Call("transaction", idbStore, mode).Call("objectStore", idbStore), nil
}

// saveRemembered stores the remembered record.
func saveRemembered(ctx context.Context, r remembered) error {
	db, st, err := idbStoreOf(ctx, "readwrite")
	if err != nil {
		return err
	}
	defer db.Call("close")
	rec := map[string]any{"key": r.key.priv, "session": r.session, "username": r.username}
	_, err = idbWait(ctx, st.Call("put", rec, idbRecord))
	return err
}

// loadRemembered reads the remembered record (ok false when none).
func loadRemembered(ctx context.Context) (remembered, bool, error) {
	db, st, err := idbStoreOf(ctx, "readonly")
	if err != nil {
		return remembered{}, false, err
	}
	defer db.Call("close")
	v, err := idbWait(ctx, st.Call("get", idbRecord))
	if err != nil || !v.Truthy() || v.Get("session").Type() != js.TypeString {
		return remembered{}, false, err
	}
	return remembered{key: deviceKey{priv: v.Get("key")}, session: v.Get("session").String(),
		username: v.Get("username").String()}, true, nil
}

// forgetRemembered deletes the remembered record and with it the key.
func forgetRemembered(ctx context.Context) error {
	db, st, err := idbStoreOf(ctx, "readwrite")
	if err != nil {
		return err
	}
	defer db.Call("close")
	_, err = idbWait(ctx, st.Call("delete", idbRecord))
	return err
}
