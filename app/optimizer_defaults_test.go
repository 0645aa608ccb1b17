//go:build !js

package ui

import (
	"testing"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// TestDefaultMaxWeight: the preset maximum weight lets the held positions
// add up to 100%, so Optimise with the presets never answers "infeasible".
func TestDefaultMaxWeight(t *testing.T) {
	pos := func(qty ...float64) []wire.Position {
		var out []wire.Position
		for _, q := range qty {
			out = append(out, wire.Position{Quantity: q})
		}
		return out
	}
	cases := []struct {
		name string
		ps   []wire.Position
		want string
	}{
		{"not loaded", nil, "0.4"},
		{"two holdings", pos(10, 5), "0.5"},
		{"two held, one closed", pos(10, 0, 5), "0.5"},
		{"three holdings", pos(1, 2, 3), "0.4"},
		{"a short and one more", pos(1, -2), "0.5"},
		{"nine holdings", pos(1, 1, 1, 1, 1, 1, 1, 1, 1), "0.4"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := defaultMaxWeight(heldCount(c.ps)); got != c.want {
				t.Errorf("default maximum weight = %s, want %s", got, c.want)
			}
		})
	}
}
