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

// TestStressMissingColumn: the Missing column (holdings without prices in
// a scenario's window) is there only when some scenario has such holdings;
// an always-empty column took a phone's width from the scenario names.
func TestStressMissingColumn(t *testing.T) {
	t.Parallel()
	ret := -0.2
	for _, tt := range []struct {
		name    string
		missing []string
		want    bool
	}{
		{"every holding priced", nil, false},
		{"a holding without prices", []string{"META"}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newStressTable().Currency("USD")
			s.results = []wire.StressResult{
				{Name: "Market -20%", AsOf: "2017-12-29", Value: 1000, PnL: -200, Return: &ret},
				{Name: "Lehman collapse", AsOf: "2008-09-15", Value: 900, PnL: -300, Return: &ret, Missing: tt.missing},
			}
			html := app.HTMLString(load(t, s))
			if got := strings.Contains(html, "<th>Missing</th>"); got != tt.want {
				t.Errorf("Missing column shown %v, want %v: %s", got, tt.want, html)
			}
			if tt.want && !strings.Contains(html, "META") {
				t.Errorf("the missing holding is not named: %s", html)
			}
		})
	}
}
