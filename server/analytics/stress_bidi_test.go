package analytics

import (
	"errors"
	"testing"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// TestStressSetRefusesBidiControls: a stress set's name and shock keys
// cannot carry text-direction controls.
func TestStressSetRefusesBidiControls(t *testing.T) {
	for _, s := range []wire.StressSet{
		{Name: "Crash\u202E%03-", MarketShock: -0.3},
		{Name: "Sector", SectorShocks: map[string]float64{"Tech\u2066": -0.2}},
	} {
		if err := ValidateStressSet(s); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("ValidateStressSet(%q) = %v", s.Name, err)
		}
	}
	if err := ValidateStressSet(wire.StressSet{Name: "ירידה חדה", MarketShock: -0.3}); err != nil {
		t.Errorf("a right-to-left name was refused: %v", err)
	}
}
