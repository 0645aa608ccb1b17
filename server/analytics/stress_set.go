package analytics

import (
	"fmt"
	"math"
	"unicode"
	"unicode/utf8"

	"github.com/fortfolio/fortfolio/shared/validate"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// BetaWindow is the number of trailing daily returns (ending at the as-of
// date) used to estimate a holding's beta to the equal-weight index.
const BetaWindow = 252

// MinBetaObservations is the minimum number of daily returns for a beta
// estimate; with fewer, or a constant index, beta is taken as 1.
const MinBetaObservations = 60

// maxShockEntries caps the number of sector and ticker shocks of a set.
const maxShockEntries = 200

// DefaultStressSets returns the built-in market shocks of -10%, -20% and -30%.
func DefaultStressSets() []wire.StressSet {
	return []wire.StressSet{
		{Name: "Market -10%", MarketShock: -0.10},
		{Name: "Market -20%", MarketShock: -0.20},
		{Name: "Market -30%", MarketShock: -0.30},
	}
}

// ValidateStressSet checks the name (1..80 characters, no control or
// bidirectional control characters), that every shock is finite and within [-1, 1], and that keys
// are 1..64 characters with at most 200 entries per map.
func ValidateStressSet(s wire.StressSet) error {
	if err := checkLabel(s.Name, 80); err != nil {
		return within("stress set name", err)
	}
	if err := checkShock(s.MarketShock); err != nil {
		return within("market shock", err)
	}
	for _, m := range []map[string]float64{s.SectorShocks, s.TickerShocks} {
		if len(m) > maxShockEntries {
			return fail(ErrInvalidInput, "too many shocks")
		}
		for k, v := range m {
			if err := checkLabel(k, 64); err != nil {
				return within("shock key", err)
			}
			if err := checkShock(v); err != nil {
				return within(fmt.Sprintf("shock %q", k), err)
			}
		}
	}
	return nil
}

// checkLabel validates a non-empty UTF-8 label of at most n characters.
func checkLabel(s string, n int) error {
	if !utf8.ValidString(s) || s == "" || utf8.RuneCountInString(s) > n {
		return fail(ErrInvalidInput, "must be 1..%d characters", n)
	}
	for _, r := range s {
		if unicode.IsControl(r) || validate.IsBidiControl(r) {
			return fail(ErrInvalidInput, "control character")
		}
	}
	return nil
}

// checkShock validates a shock return.
func checkShock(v float64) error {
	if !finite(v) || v < -1 || v > 1 {
		return fail(ErrInvalidInput, "must be within -100%%..+100%%")
	}
	return nil
}

// Shock applies a hypothetical stress set to the positions at the as-of
// date. Betas are estimated against the equal-weight index of in.Series over
// the trailing BetaWindow daily returns.
func Shock(in StressInput, set wire.StressSet) (wire.StressResult, error) {
	if err := ValidateStressSet(set); err != nil {
		return wire.StressResult{}, err
	}
	p, at, err := stressPanel(in)
	if err != nil {
		return wire.StressResult{}, err
	}
	index := p.indexReturns(at)
	shock := func(k int) (float64, *float64, bool) {
		tk := p.tickers[k]
		if v, ok := set.TickerShocks[tk]; ok {
			return v, nil, true
		}
		beta := p.beta(k, at, index)
		s := beta*set.MarketShock + set.SectorShocks[in.Meta[tk].Sector]
		return math.Max(s, -1), fptr(beta), true
	}
	res := applyShocks(p, in.Positions, at, shock)
	res.Name = set.Name
	return res, nil
}

// indexReturns returns the equal-weight index daily returns for calendar
// indices up to at (element t is the return on day t; element 0 is 0).
func (p *panel) indexReturns(at int) []float64 {
	out := make([]float64, at+1)
	for t := max(1, at-BetaWindow+1); t <= at; t++ {
		out[t] = p.meanReturn(t)
	}
	return out
}

// beta estimates ticker k's beta to the index over the trailing window.
func (p *panel) beta(k, at int, index []float64) float64 {
	var r, b []float64
	for t := max(1, at-BetaWindow+1); t <= at; t++ {
		if p.start[k] <= t-1 {
			r = append(r, p.px[k][t]/p.px[k][t-1]-1)
			b = append(b, index[t])
		}
	}
	beta := Beta(r, b)
	if len(r) < MinBetaObservations || math.IsNaN(beta) {
		return 1
	}
	return beta
}
