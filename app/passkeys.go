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
	opts, err := fetchAnswer[wire.PasskeyOptions](ctx, "POST", wire.RoutePasskeyRegBegin, none{})
	if err != nil {
		return wire.Passkey{}, err
	}
	cred, err := passkeyCreate(ctx, opts.Options)
	if err != nil {
		return wire.Passkey{}, err
	}
	return fetchAnswer[wire.Passkey](ctx, "POST", wire.RoutePasskeyRegFinish,
		wire.PasskeyFinish{Ceremony: opts.Ceremony, Name: name, Credential: json.RawMessage(cred)})
}

// passkeyLogin signs in with a discoverable passkey and answers the usual
// login response.
func passkeyLogin(ctx context.Context) (wire.LoginResponse, error) {
	opts, err := fetchAnswer[wire.PasskeyOptions](ctx, "POST", wire.RoutePasskeyLoginBegin, none{})
	if err != nil {
		return wire.LoginResponse{}, err
	}
	cred, err := passkeyGet(ctx, opts.Options)
	if err != nil {
		return wire.LoginResponse{}, err
	}
	return fetchAnswer[wire.LoginResponse](ctx, "POST", wire.RoutePasskeyLogin,
		wire.PasskeyFinish{Ceremony: opts.Ceremony, Credential: json.RawMessage(cred)})
}

// passkeySecondStep answers a login's second step with a passkey.
func passkeySecondStep(ctx context.Context, mfaToken string) (wire.LoginResponse, error) {
	opts, err := fetchAnswer[wire.PasskeyOptions](ctx, "POST", wire.RouteMFAPasskeyBegin, wire.MFABegin{MFAToken: mfaToken})
	if err != nil {
		return wire.LoginResponse{}, err
	}
	cred, err := passkeyGet(ctx, opts.Options)
	if err != nil {
		return wire.LoginResponse{}, err
	}
	return fetchAnswer[wire.LoginResponse](ctx, "POST", wire.RouteMFA,
		wire.MFAVerify{MFAToken: mfaToken, Ceremony: opts.Ceremony, Passkey: json.RawMessage(cred)})
}
