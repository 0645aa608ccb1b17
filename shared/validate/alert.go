package validate

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// Alert rule limits.
const (
	MaxAlertNameLen  = 80
	MaxCooldownHours = 24 * 365
)

// AlertError is a rule validation failure; Field names the input field.
type AlertError struct {
	Field string
	Msg   string
}

// Error returns the public message.
func (e *AlertError) Error() string { return e.Msg }

func alertErr(field, format string, args ...any) error {
	return &AlertError{Field: field, Msg: fmt.Sprintf(format, args...)}
}

// AlertRule checks a rule and returns it normalised: name trimmed (a
// default from the kind when empty), ticker upper-cased, channels
// deduplicated and sorted with the in-app inbox always included. It does
// not check that the ticker or portfolio exist (the server does).
func AlertRule(in wire.AlertRuleInput) (wire.AlertRuleInput, error) {
	if !slices.Contains(wire.AlertKinds, in.Kind) {
		return in, alertErr("kind", "kind must be one of %s.", strings.Join(wire.AlertKinds, ", "))
	}
	name, err := Text("Name", in.Name, 0, MaxAlertNameLen, false)
	if err != nil {
		return in, &AlertError{Field: "name", Msg: err.Error()}
	}
	in.Name = name
	if in.Name == "" {
		in.Name = defaultAlertName(in.Kind)
	}
	if err := alertFieldsUsed(in); err != nil {
		return in, err
	}
	if err := alertTarget(&in); err != nil {
		return in, err
	}
	if err := alertThreshold(in.Kind, in.Threshold); err != nil {
		return in, err
	}
	if err := alertForecast(&in); err != nil {
		return in, err
	}
	if in.CooldownHours < 0 || in.CooldownHours > MaxCooldownHours {
		return in, alertErr("cooldown_hours", "cooldown_hours must be between 0 and %d.", MaxCooldownHours)
	}
	in.Channels, err = alertChannels(in.Channels)
	return in, err
}

// AlertFields says which fields a kind of rule uses: a ticker, a
// portfolio, a threshold, a country. A surge rule names a ticker, a
// portfolio or neither (the watchlist); every other kind needs each field
// it uses. The forecast kind also uses probability and horizon.
func AlertFields(kind string) (ticker, portfolio, threshold, country bool) {
	switch kind {
	case wire.AlertPriceAbove, wire.AlertPriceBelow, wire.AlertDailyMove, wire.AlertForecast:
		return true, false, true, false
	case wire.AlertDrawdown, wire.AlertVaR, wire.AlertWeight:
		return false, true, true, false
	case wire.AlertWashSale:
		return false, true, false, true
	}
	return true, true, false, false // surge
}

// alertFieldsUsed refuses a field the rule's kind does not use (a ticker
// on a drawdown rule, a country on a price rule): the rule would not watch
// what the request says, so it is a mistake to report, not a value to
// drop. A threshold where none is used is refused by alertThreshold.
func alertFieldsUsed(in wire.AlertRuleInput) error {
	ticker, portfolio, _, country := AlertFields(in.Kind)
	forecast := in.Kind == wire.AlertForecast
	for _, f := range []struct {
		field     string
		set, used bool
	}{
		{"ticker", in.Ticker != "", ticker},
		{"portfolio_id", in.PortfolioID != "", portfolio},
		{"country", in.Country != "", country},
		{"probability", in.Probability != 0, forecast},
		{"horizon", in.Horizon != 0, forecast},
	} {
		if f.set && !f.used {
			return alertErr(f.field, "A %s rule takes no %s.", in.Kind, f.field)
		}
	}
	return nil
}

// alertTarget checks the ticker, portfolio and country the kind uses.
func alertTarget(in *wire.AlertRuleInput) error {
	ticker, portfolio, _, country := AlertFields(in.Kind)
	surge := in.Kind == wire.AlertSurge
	if ticker && (!surge || in.Ticker != "") {
		t, err := Ticker(in.Ticker)
		if err != nil {
			return &AlertError{Field: "ticker", Msg: err.Error()}
		}
		in.Ticker = t
	}
	if portfolio && (!surge || in.PortfolioID != "") && ID(in.PortfolioID) != nil {
		return alertErr("portfolio_id", "Choose a portfolio.")
	}
	if surge && in.Ticker != "" && in.PortfolioID != "" {
		return alertErr("ticker", "A surge rule watches one ticker, one portfolio's holdings or the watchlist, not several.")
	}
	if !country {
		return nil
	}
	in.Country = strings.ToUpper(strings.TrimSpace(in.Country))
	if in.Country == "" {
		in.Country = "US"
	}
	if len(in.Country) != 2 || strings.Trim(in.Country, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
		return alertErr("country", "country must be a two-letter code such as US.")
	}
	return nil
}

// alertThreshold checks the threshold of a kind: a price for the price
// kinds, a percentage for the others, none for wash_sale and surge.
func alertThreshold(kind string, x float64) error {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return alertErr("threshold", "threshold must be a number.")
	}
	switch kind {
	case wire.AlertPriceAbove, wire.AlertPriceBelow:
		if x <= 0 || x > MaxPrice {
			return alertErr("threshold", "threshold must be a price above 0.")
		}
	case wire.AlertDailyMove, wire.AlertVaR, wire.AlertForecast:
		if x <= 0 || x > 100 {
			return alertErr("threshold", "threshold must be a percentage above 0 and at most 100.")
		}
	case wire.AlertDrawdown, wire.AlertWeight:
		if x <= 0 || x >= 100 {
			return alertErr("threshold", "threshold must be a percentage above 0 and below 100.")
		}
	default:
		if x != 0 {
			return alertErr("threshold", "this kind of rule takes no threshold.")
		}
	}
	return nil
}

// alertForecast checks the probability (percent, 50 to below 100) and
// horizon (1, 5 or 21; default 5) of a forecast rule.
func alertForecast(in *wire.AlertRuleInput) error {
	if in.Kind != wire.AlertForecast {
		return nil
	}
	if math.IsNaN(in.Probability) || in.Probability < 50 || in.Probability >= 100 {
		return alertErr("probability", "probability must be a percentage from 50 to below 100.")
	}
	if in.Horizon == 0 {
		in.Horizon = 5
	}
	if in.Horizon != 1 && in.Horizon != 5 && in.Horizon != 21 {
		return alertErr("horizon", "horizon must be 1, 5 or 21 trading days.")
	}
	return nil
}

// alertChannels deduplicates and sorts the channels; the in-app inbox is
// always one of them.
func alertChannels(chs []string) ([]string, error) {
	if len(chs) > len(wire.AlertChannels) {
		return nil, alertErr("channels", "Too many channels.")
	}
	out := []string{wire.ChannelInApp}
	for _, c := range chs {
		if !slices.Contains(wire.AlertChannels, c) {
			return nil, alertErr("channels", "channels must be among %s.", strings.Join(wire.AlertChannels, ", "))
		}
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	slices.Sort(out)
	return out, nil
}

// defaultAlertName is the name of a rule saved without one.
func defaultAlertName(kind string) string {
	return map[string]string{
		wire.AlertPriceAbove: "Price above", wire.AlertPriceBelow: "Price below", wire.AlertDailyMove: "Daily move",
		wire.AlertDrawdown: "Drawdown", wire.AlertVaR: "Value at risk", wire.AlertWeight: "Holding weight",
		wire.AlertWashSale: "Wash-sale window", wire.AlertSurge: "Surge",
	}[kind]
}

// ErrWatchlist is matched (errors.Is) by watchlist validation errors.
var ErrWatchlist = errors.New("invalid watchlist")

// watchlistError is a watchlist validation error whose text is meant for
// people: it names the ticker at fault.
type watchlistError string

func (e watchlistError) Error() string        { return string(e) }
func (e watchlistError) Is(target error) bool { return target == ErrWatchlist }

// badWatchTicker says which entry of a watchlist is not a ticker and why;
// an entry too long to be one is named by its position, not quoted.
func badWatchTicker(i int, t string, err error) error {
	why := strings.TrimPrefix(err.Error(), ErrInvalidTicker.Error()+": ")
	if len(t) > MaxTickerLen {
		return watchlistError(fmt.Sprintf("Ticker %d of the watchlist: %s.", i+1, why))
	}
	return watchlistError(fmt.Sprintf("Ticker %q: %s.", t, why))
}

// MaxWatchlist is the most tickers a watchlist holds.
const MaxWatchlist = 100

// Watchlist normalises a list of tickers (deduplicated, sorted).
func Watchlist(tickers []string) ([]string, error) {
	if len(tickers) > MaxWatchlist {
		return nil, watchlistError(fmt.Sprintf("A watchlist holds at most %d tickers.", MaxWatchlist))
	}
	out := make([]string, 0, len(tickers))
	for i, t := range tickers {
		n, err := Ticker(t)
		if err != nil {
			return nil, badWatchTicker(i, t, err)
		}
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out, nil
}
