package analytics

import (
	"errors"
	"testing"

	"github.com/fortfolio/fortfolio/shared/wire"
)

func TestErrorsKeepKindLogTextAndPublicReason(t *testing.T) {
	err := ValidateStressSet(wire.StressSet{Name: "ok", MarketShock: 0.1, TickerShocks: map[string]float64{"AAPL": 3}})
	if !errors.Is(err, ErrInvalidInput) {
		t.Fatalf("kind lost: %v", err)
	}
	if got, want := err.Error(), `analytics: shock "AAPL": must be within -100%..+100%: invalid input`; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if got, want := PublicReason(err), `shock "AAPL": must be within -100%..+100%: invalid input.`; got != want {
		t.Errorf("PublicReason = %q, want %q", got, want)
	}
	if got := PublicReason(&TargetAboveMaxError{Max: 0.1234}); got != "the target return is above the highest attainable, 12.3%." {
		t.Errorf("target above max reason = %q", got)
	}
	if got := PublicReason(errors.New("internal detail")); got != "" {
		t.Errorf("a foreign error has a public reason: %q", got)
	}
}
