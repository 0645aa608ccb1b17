//go:build !(js && wasm)

package ui

import "context"

// Outside the browser there is no authenticator and no key storage.

func passkeyCreate(context.Context, []byte) ([]byte, error) { return nil, errNoPasskeys }

func passkeyGet(context.Context, []byte) ([]byte, error) { return nil, errNoPasskeys }

// deviceKey stands for the browser's key; there is none here.
type deviceKey struct{}

func (deviceKey) valid() bool { return false }

func newDeviceKey(context.Context) (deviceKey, string, error) { return deviceKey{}, "", errNoPasskeys }

func signWithDevice(context.Context, deviceKey, string) (string, error) { return "", errNoPasskeys }

func saveRemembered(context.Context, remembered) error { return nil }

func loadRemembered(context.Context) (remembered, bool, error) { return remembered{}, false, nil }

func forgetRemembered(context.Context) error { return nil }
