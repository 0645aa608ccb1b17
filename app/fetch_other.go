//go:build !(js && wasm)

package ui

import "context"

// roundTrip has no network outside the browser: the server prerenders
// pages and component tests run without one, so every call fails as if
// the server could not be reached.
func roundTrip(ctx context.Context, _ request) (reply, error) {
	if err := ctx.Err(); err != nil {
		return reply{}, err
	}
	return reply{}, errUnreachable
}
