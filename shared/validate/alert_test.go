package validate

import (
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/fortfolio/fortfolio/shared/fuzzseed"
	"github.com/fortfolio/fortfolio/shared/wire"
)

func TestAlertRule(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		in    wire.AlertRuleInput
		field string // "" = valid
	}{
		{"price", wire.AlertRuleInput{Kind: wire.AlertPriceAbove, Ticker: " aapl ", Threshold: 150}, ""},
		{"price NaN", wire.AlertRuleInput{Kind: wire.AlertPriceAbove, Ticker: "AAPL", Threshold: math.NaN()}, "threshold"},
		{"price +Inf", wire.AlertRuleInput{Kind: wire.AlertPriceBelow, Ticker: "AAPL", Threshold: math.Inf(1)}, "threshold"},
		{"drawdown 99.9", wire.AlertRuleInput{Kind: wire.AlertDrawdown, PortfolioID: "p1", Threshold: 99.9}, ""},
		{"drawdown 100", wire.AlertRuleInput{Kind: wire.AlertDrawdown, PortfolioID: "p1", Threshold: 100}, "threshold"},
		{"var 100", wire.AlertRuleInput{Kind: wire.AlertVaR, PortfolioID: "p1", Threshold: 100}, ""},
		{"weight no portfolio", wire.AlertRuleInput{Kind: wire.AlertWeight, Threshold: 10}, "portfolio_id"},
		{"wash default country", wire.AlertRuleInput{Kind: wire.AlertWashSale, PortfolioID: "p1"}, ""},
		{"wash bad country", wire.AlertRuleInput{Kind: wire.AlertWashSale, PortfolioID: "p1", Country: "U1"}, "country"},
		{"surge watchlist", wire.AlertRuleInput{Kind: wire.AlertSurge}, ""},
		{"surge both", wire.AlertRuleInput{Kind: wire.AlertSurge, Ticker: "AAPL", PortfolioID: "p1"}, "ticker"},
		{"duplicate channels", wire.AlertRuleInput{Kind: wire.AlertSurge, Channels: []string{"push", "push", "inapp"}}, ""},
		{"unknown channel", wire.AlertRuleInput{Kind: wire.AlertSurge, Channels: []string{"fax"}}, "channels"},
		{"cool-down", wire.AlertRuleInput{Kind: wire.AlertSurge, CooldownHours: MaxCooldownHours + 1}, "cooldown_hours"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out, err := AlertRule(tc.in)
			var ae *AlertError
			switch {
			case tc.field == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tc.field != "" && (err == nil || !asAlert(err, &ae) || ae.Field != tc.field):
				t.Fatalf("got %v, want a %s error", err, tc.field)
			case tc.field == "":
				if out.Name == "" || !slices.Contains(out.Channels, wire.ChannelInApp) || !slices.IsSorted(out.Channels) {
					t.Errorf("not normalised: %+v", out)
				}
			}
		})
	}
	out, _ := AlertRule(wire.AlertRuleInput{Kind: wire.AlertSurge, Channels: []string{"push", "push", "inapp"}})
	if len(out.Channels) != 2 {
		t.Errorf("channels %v", out.Channels)
	}
	out, err := AlertRule(wire.AlertRuleInput{Kind: wire.AlertWashSale, PortfolioID: "p1"})
	if err != nil || out.Country != "US" {
		t.Errorf("wash sale without a country: %+v %v", out, err)
	}
}

// TestAlertFieldsOfAnotherKind: a field the rule's kind does not use is
// refused, naming it, rather than dropped; the fields each kind uses pass.
func TestAlertFieldsOfAnotherKind(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		in    wire.AlertRuleInput
		field string // "" when accepted
	}{
		{"ticker on wash sale", wire.AlertRuleInput{Kind: wire.AlertWashSale, PortfolioID: "p1", Ticker: "AAPL"}, "ticker"},
		{"ticker on drawdown", wire.AlertRuleInput{Kind: wire.AlertDrawdown, PortfolioID: "p1", Ticker: "AAPL", Threshold: 10}, "ticker"},
		{"portfolio on price", wire.AlertRuleInput{Kind: wire.AlertPriceAbove, Ticker: "AAPL", PortfolioID: "p1", Threshold: 150}, "portfolio_id"},
		{"country on VaR", wire.AlertRuleInput{Kind: wire.AlertVaR, PortfolioID: "p1", Country: "US", Threshold: 1}, "country"},
		{"country on surge", wire.AlertRuleInput{Kind: wire.AlertSurge, Country: "US"}, "country"},
		{"surge on a ticker", wire.AlertRuleInput{Kind: wire.AlertSurge, Ticker: "AAPL"}, ""},
		{"surge on a portfolio", wire.AlertRuleInput{Kind: wire.AlertSurge, PortfolioID: "p1"}, ""},
		{"wash sale with a country", wire.AlertRuleInput{Kind: wire.AlertWashSale, PortfolioID: "p1", Country: "de"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := AlertRule(tc.in)
			var ae *AlertError
			switch {
			case tc.field == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tc.field != "" && (!errors.As(err, &ae) || ae.Field != tc.field):
				t.Errorf("err %v, want one naming %s", err, tc.field)
			}
		})
	}
}

func asAlert(err error, ae **AlertError) bool {
	e, ok := err.(*AlertError)
	*ae = e
	return ok
}

// FuzzAlertRule: whatever JSON body arrives, an accepted rule is
// normalised, finite and within the bounds.
func FuzzAlertRule(f *testing.F) {
	seen := fuzzseed.Require(f)
	for _, s := range []string{
		`{"kind":"price_above","ticker":"AAPL","threshold":150,"channels":["telegram"]}`,
		`{"kind":"drawdown","portfolio_id":"p1","threshold":20,"cooldown_hours":24}`,
		`{"kind":"surge","ticker":"brk.b","channels":["push","email","push"]}`,
		`{"kind":"wash_sale","portfolio_id":"p1","country":"uk"}`,
		`{"kind":"daily_move","ticker":"-A","threshold":5}`,
		`{"kind":"var","portfolio_id":"../x","threshold":1}`,
		`{"kind":"weight","portfolio_id":"p","threshold":1e308,"name":"\u202e"}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		var in wire.AlertRuleInput
		if json.Unmarshal([]byte(body), &in) != nil {
			return
		}
		out, err := AlertRule(in)
		if err != nil {
			return
		}
		seen.Reached()
		if math.IsNaN(out.Threshold) || math.IsInf(out.Threshold, 0) || out.Threshold < 0 || out.Threshold > MaxPrice {
			t.Fatalf("threshold %v accepted", out.Threshold)
		}
		if out.Ticker != "" {
			if n, err := Ticker(out.Ticker); err != nil || n != out.Ticker {
				t.Fatalf("ticker %q accepted", out.Ticker)
			}
		}
		if out.PortfolioID != "" && ID(out.PortfolioID) != nil {
			t.Fatalf("portfolio id %q accepted", out.PortfolioID)
		}
		if _, err := Text("Name", out.Name, 1, MaxAlertNameLen, false); err != nil {
			t.Fatalf("name %q accepted: %v", out.Name, err)
		}
		if out.Channels[0] != wire.ChannelInApp && !slices.Contains(out.Channels, wire.ChannelInApp) || out.CooldownHours < 0 {
			t.Fatalf("channels %v cooldown %d", out.Channels, out.CooldownHours)
		}
		again, err := AlertRule(out)
		if err != nil || !slices.Equal(again.Channels, out.Channels) || again.Name != out.Name || again.Ticker != out.Ticker {
			t.Fatalf("not idempotent: %+v -> %+v (%v)", out, again, err)
		}
	})
}

// FuzzWatchlist: an accepted watchlist is sorted, unique, bounded and
// made of valid tickers.
func FuzzWatchlist(f *testing.F) {
	seen := fuzzseed.Require(f)
	for _, s := range []string{"AAPL,msft,AAPL", "brk.b", "..,A", "A;B", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		out, err := Watchlist(strings.Split(raw, ","))
		if err != nil {
			return
		}
		seen.Reached()
		if len(out) > MaxWatchlist || !slices.IsSorted(out) || len(slices.Compact(slices.Clone(out))) != len(out) {
			t.Fatalf("watchlist %v", out)
		}
		for _, tk := range out {
			if n, err := Ticker(tk); err != nil || n != tk {
				t.Fatalf("ticker %q accepted", tk)
			}
		}
	})
}
