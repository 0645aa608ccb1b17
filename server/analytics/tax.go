package analytics

import (
	"cmp"
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/fortfolio/fortfolio/shared/wire"
)

//go:embed taxrules.json
var taxRulesJSON []byte

// taxRule is one country's harvesting rules and notes (taxrules.json).
type taxRule struct {
	Code               string `json:"code"`
	Name               string `json:"name"`
	LongTermAfterYears int    `json:"long_term_after_years"`
	WashDaysBefore     int    `json:"wash_days_before"`
	WashDaysAfter      int    `json:"wash_days_after"`
	HoldingPeriod      string `json:"holding_period"`
	WashSale           string `json:"wash_sale"`
	LossOffset         string `json:"loss_offset"`
	Summary            string `json:"summary"`
}

// taxRules parses the embedded rules once.
var taxRules = sync.OnceValues(func() ([]taxRule, error) {
	var rules []taxRule
	if err := json.Unmarshal(taxRulesJSON, &rules); err != nil {
		return nil, fmt.Errorf("analytics: parse tax rules: %w", err)
	}
	return rules, nil
})

// notes converts a rule to its public notes.
func (r taxRule) notes() wire.CountryNotes {
	return wire.CountryNotes{Code: r.Code, Name: r.Name, Summary: r.Summary, HoldingPeriod: r.HoldingPeriod, WashSale: r.WashSale, LossOffset: r.LossOffset}
}

// TaxCountries returns the notes of every supported country.
func TaxCountries() ([]wire.CountryNotes, error) {
	rules, err := taxRules()
	if err != nil {
		return nil, err
	}
	out := make([]wire.CountryNotes, len(rules))
	for i, r := range rules {
		out[i] = r.notes()
	}
	return out, nil
}

// taxRuleFor finds a country's rule (case-insensitive code).
func taxRuleFor(code string) (taxRule, error) {
	rules, err := taxRules()
	if err != nil {
		return taxRule{}, err
	}
	codes := make([]string, len(rules))
	for i, r := range rules {
		if strings.EqualFold(r.Code, code) {
			return r, nil
		}
		codes[i] = r.Code
	}
	return taxRule{}, fail(ErrInvalidInput, "unsupported country %q (supported: %s)", code, strings.Join(codes, ", "))
}

// Lot is an open long tax lot.
type Lot struct {
	Ticker       string
	Quantity     float64
	CostPerShare float64
	Acquired     time.Time
}

// validate checks a lot against the as-of date.
func (l Lot) validate(asOf time.Time) error {
	if l.Ticker == "" || !finite(l.Quantity) || l.Quantity <= 0 || l.Quantity > maxMagnitude ||
		!finite(l.CostPerShare) || l.CostPerShare < 0 || l.CostPerShare > maxMagnitude ||
		l.Acquired.IsZero() || dayNum(l.Acquired) > dayNum(asOf) {
		return fail(ErrInvalidInput, "bad lot for %q", l.Ticker)
	}
	return nil
}

// HarvestInput is the input of TaxLossHarvest. Rate is the user's tax rate
// in [0, 1]; AsOf is the hypothetical sale date (required); Prices are the
// latest prices per ticker; Trades are used to detect recent buys, and
// Elsewhere (the user's other portfolios' buys) to detect recent buys that
// make a wash sale across portfolios.
type HarvestInput struct {
	Lots      []Lot
	Prices    map[string]float64
	Trades    []Trade
	Elsewhere []PortfolioTrade
	Rate      float64
	Country   string
	AsOf      time.Time
}

// PortfolioTrade is a trade of another of the user's portfolios.
type PortfolioTrade struct {
	PortfolioID, Portfolio string
	Trade
}

// harvestDisclaimer is returned with every report.
const harvestDisclaimer = "Estimates only, not tax advice: rules depend on your situation and change over time. Check with a tax adviser before trading."

// sortCandidates orders candidates by loss, largest first.
func sortCandidates(c []wire.HarvestCandidate) {
	slices.SortFunc(c, func(a, b wire.HarvestCandidate) int {
		return cmp.Or(cmp.Compare(b.Loss, a.Loss), cmp.Compare(a.Ticker, b.Ticker))
	})
}

// HoldingRule is a country's holding-period and wash-sale rule, for
// reports of realised gains.
type HoldingRule struct {
	rule  taxRule
	Notes wire.CountryNotes
	// WashDaysBefore and WashDaysAfter bound the wash window around a sale
	// (0 = the country has none on that side).
	WashDaysBefore, WashDaysAfter int
}

// RuleFor returns a supported country's rule (case-insensitive code).
func RuleFor(country string) (HoldingRule, error) {
	r, err := taxRuleFor(country)
	if err != nil {
		return HoldingRule{}, err
	}
	return HoldingRule{rule: r, Notes: r.notes(), WashDaysBefore: r.WashDaysBefore, WashDaysAfter: r.WashDaysAfter}, nil
}

// Term classifies a disposal as the harvesting report does: "long" when
// held strictly longer than the country's threshold (US: sold after the
// first anniversary of the purchase), "short" otherwise, "none" where the
// country makes no distinction.
func (h HoldingRule) Term(acquired, disposed time.Time) string {
	return term(h.rule, acquired, disposed)
}
