//go:build !(js && wasm)

package ui

import "context"

// Outside the browser there is no authenticator and no key storage.

func passkeyCreate(context.Context, []byte) ([]byte, error) { return nil, errNoPasskeys }

func passkeyGet(context.Context, []byte) ([]byte, error) { return nil, errNoPasskeys }
