package validate

import (
	"errors"
	"math"
	"testing"

	"github.com/fortfolio/fortfolio/shared/wire"
)

func TestAlertRuleForecast(t *testing.T) {
	t.Parallel()
	base := wire.AlertRuleInput{Kind: wire.AlertForecast, Ticker: "aapl", Threshold: 2, Probability: 60, Horizon: 21}
	for _, c := range []struct {
		name  string
		mod   func(*wire.AlertRuleInput)
		field string
	}{
		{"valid", func(*wire.AlertRuleInput) {}, ""},
		{"horizon default", func(in *wire.AlertRuleInput) { in.Horizon = 0 }, ""},
		{"horizon 7", func(in *wire.AlertRuleInput) { in.Horizon = 7 }, "horizon"},
		{"horizon huge", func(in *wire.AlertRuleInput) { in.Horizon = 1 << 30 }, "horizon"},
		{"probability 49", func(in *wire.AlertRuleInput) { in.Probability = 49 }, "probability"},
		{"probability 100", func(in *wire.AlertRuleInput) { in.Probability = 100 }, "probability"},
		{"probability NaN", func(in *wire.AlertRuleInput) { in.Probability = math.NaN() }, "probability"},
		{"threshold 0", func(in *wire.AlertRuleInput) { in.Threshold = 0 }, "threshold"},
		{"threshold 101", func(in *wire.AlertRuleInput) { in.Threshold = 101 }, "threshold"},
		{"no ticker", func(in *wire.AlertRuleInput) { in.Ticker = "" }, "ticker"},
	} {
		in := base
		c.mod(&in)
		out, err := AlertRule(in)
		var ae *AlertError
		switch {
		case c.field == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.field != "" && (!errors.As(err, &ae) || ae.Field != c.field):
			t.Errorf("%s: err %v, want field %s", c.name, err, c.field)
		case c.field == "" && (out.Ticker != "AAPL" || out.Horizon == 0):
			t.Errorf("%s: normalised %+v", c.name, out)
		}
	}
	// Other kinds refuse the forecast fields, naming them.
	for field, in := range map[string]wire.AlertRuleInput{
		"probability": {Kind: wire.AlertDailyMove, Ticker: "AAPL", Threshold: 5, Probability: 70},
		"horizon":     {Kind: wire.AlertDailyMove, Ticker: "AAPL", Threshold: 5, Horizon: 5},
	} {
		var ae *AlertError
		if _, err := AlertRule(in); !errors.As(err, &ae) || ae.Field != field {
			t.Errorf("daily move with a %s: err %v, want one naming it", field, err)
		}
	}
}
