package ui

import (
	"context"

	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// remembered is this browser's "keep me signed in" record, kept in
// IndexedDB: the non-extractable device key and the session it proves
// (docs/security.md, "Remembered browsers").
type remembered struct {
	key      deviceKey
	session  string
	username string
}

// resumeSession signs the remembered session back in: a fresh server
// nonce signed with the device key. A refusal forgets the record (the
// session ended, or the key is not the session's).
func resumeSession(ctx context.Context) (wire.LoginResponse, error) {
	rec, ok, err := loadRemembered(ctx)
	if err != nil || !ok {
		return wire.LoginResponse{}, errNotRemembered
	}
	res, err := resumeWith(ctx, rec)
	if isUnauthorized(err) {
		_ = forgetRemembered(ctx)
	}
	return res, err
}

func resumeWith(ctx context.Context, rec remembered) (wire.LoginResponse, error) {
	var n wire.ResumeNonce
	if err := fetchInto(ctx, "POST", wire.RouteResumeNonce, wire.ResumeNonceRequest{Session: rec.session}, &n); err != nil {
		return wire.LoginResponse{}, err
	}
	sig, err := signWithDevice(ctx, rec.key, wire.ResumeMessage(rec.session, n.Nonce))
	if err != nil {
		return wire.LoginResponse{}, err
	}
	var res wire.LoginResponse
	err = fetchInto(ctx, "POST", wire.RouteResume, wire.ResumeRequest{Session: rec.session, Nonce: n.Nonce, Signature: sig}, &res)
	return res, err
}

// errNotRemembered: this browser keeps no session.
var errNotRemembered = errorString("This browser is not kept signed in.")

type errorString string

func (e errorString) Error() string { return string(e) }

// forgetDevice deletes the remembered record (logout, ending this
// browser's session).
func forgetDevice() {
	go func() { _ = forgetRemembered(context.Background()) }()
}

// resumeQuietly signs a remembered browser back in on a public page (a
// new tab opened at the home page); nothing changes when it cannot.
func resumeQuietly(ctx app.Context) {
	var res wire.LoginResponse
	work(ctx, publicCall, func(c context.Context) (err error) { res, err = resumeSession(c); return err }, func(ctx app.Context, err error) {
		if err == nil && !loadSession().signedIn() {
			saveSession(ctx, session{Token: res.Token.Token, ExpiresAt: res.ExpiresAt, User: res.User, Remembered: true})
		}
	})
}
