package ui

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// errNoPasskeys is the error of a browser without WebAuthn.
var errNoPasskeys = errors.New("This browser does not support passkeys.")

// registerPasskey runs a whole registration: the server's options, the
// browser's authenticator, the server's check.
func registerPasskey(ctx context.Context, name string) (wire.Passkey, error) {
	var opts wire.PasskeyOptions
	if err := fetchInto(ctx, "POST", wire.RoutePasskeyRegBegin, none{}, &opts); err != nil {
		return wire.Passkey{}, err
	}
	cred, err := passkeyCreate(ctx, opts.Options)
	if err != nil {
		return wire.Passkey{}, err
	}
	var pk wire.Passkey
	err = fetchInto(ctx, "POST", wire.RoutePasskeyRegFinish,
		wire.PasskeyFinish{Ceremony: opts.Ceremony, Name: name, Credential: json.RawMessage(cred)}, &pk)
	return pk, err
}

// passkeyLogin signs in with a discoverable passkey and answers the usual
// login response.
func passkeyLogin(ctx context.Context) (wire.LoginResponse, error) {
	var opts wire.PasskeyOptions
	if err := fetchInto(ctx, "POST", wire.RoutePasskeyLoginBegin, none{}, &opts); err != nil {
		return wire.LoginResponse{}, err
	}
	cred, err := passkeyGet(ctx, opts.Options)
	if err != nil {
		return wire.LoginResponse{}, err
	}
	var res wire.LoginResponse
	err = fetchInto(ctx, "POST", wire.RoutePasskeyLogin,
		wire.PasskeyFinish{Ceremony: opts.Ceremony, Credential: json.RawMessage(cred)}, &res)
	return res, err
}

// passkeySecondStep answers a login's second step with a passkey.
func passkeySecondStep(ctx context.Context, mfaToken string) (wire.LoginResponse, error) {
	var opts wire.PasskeyOptions
	if err := fetchInto(ctx, "POST", wire.RouteMFAPasskeyBegin, wire.MFABegin{MFAToken: mfaToken}, &opts); err != nil {
		return wire.LoginResponse{}, err
	}
	cred, err := passkeyGet(ctx, opts.Options)
	if err != nil {
		return wire.LoginResponse{}, err
	}
	var res wire.LoginResponse
	err = fetchInto(ctx, "POST", wire.RouteMFA,
		wire.MFAVerify{MFAToken: mfaToken, Ceremony: opts.Ceremony, Passkey: json.RawMessage(cred)}, &res)
	return res, err
}
