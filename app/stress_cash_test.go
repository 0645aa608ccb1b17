//go:build !js

package ui

import (
	"strings"
	"testing"

	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// TestStressCashNote: the stress results of a portfolio that holds cash
// say that their returns are on the securities only (the cash is held
// unchanged, docs/methodology.md); without cash, or before a run, there is
// no note.
func TestStressCashNote(t *testing.T) {
	t.Parallel()
	ret := -0.2
	results := []wire.StressResult{{Name: "Market -20%", AsOf: "2017-12-29", Value: 1000, PnL: -200, Return: &ret}}
	tests := []struct {
		name    string
		cash    bool
		results []wire.StressResult
		note    bool
	}{
		{"cash, results", true, results, true},
		{"no cash, results", false, results, false},
		{"cash, not run yet", true, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newStressTable().Currency("USD").Cash(tt.cash)
			s.results = tt.results
			html := app.HTMLString(load(t, s))
			if got := strings.Contains(html, `id="stress-cash"`) && strings.Contains(html, "securities only"); got != tt.note {
				t.Errorf("cash note shown %v, want %v: %s", got, tt.note, html)
			}
		})
	}
}
