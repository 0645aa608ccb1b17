package analytics

import (
	"fmt"
	"math"
	"time"
)

// Scenario is a historical stress window. Start and End are "2006-01-02"
// dates; the replayed return of a holding is close(at or before End) /
// close(at or before Start) - 1.
type Scenario struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Start       string `json:"start"`
	End         string `json:"end"`
	Description string `json:"description"`
}

// HistoricalScenarios returns the built-in historical stress windows.
func HistoricalScenarios() []Scenario {
	return []Scenario{
		{"gfc", "Global financial crisis", "2007-10-09", "2009-03-09", "S&P 500 closing high of 9 Oct 2007 to its closing low of 9 Mar 2009."},
		{"lehman", "Lehman collapse", "2008-09-15", "2008-11-20", "From the Lehman Brothers bankruptcy filing (15 Sep 2008) to the November 2008 low."},
		{"flash-crash", "Flash crash week", "2010-05-03", "2010-05-07", "Week of the 6 May 2010 flash crash, close of Mon 3 May to close of Fri 7 May."},
		{"debt-ceiling", "US debt-ceiling crisis", "2011-07-22", "2011-10-03", "Debt-ceiling stand-off and S&P's US downgrade, 22 Jul to the 3 Oct 2011 low."},
		{"china-2015", "China devaluation sell-off", "2015-08-17", "2015-08-25", "After the August 2015 yuan devaluation, close of 17 Aug to the 25 Aug 2015 low (24 Aug was 'Black Monday')."},
		{"covid-2020", "COVID-19 crash", "2020-02-19", "2020-03-23", "S&P 500 closing high of 19 Feb 2020 to the low of 23 Mar 2020 (needs data covering 2020)."},
	}
}

// ScenarioByID returns the built-in scenario with the given id.
func ScenarioByID(id string) (Scenario, bool) {
	for _, s := range HistoricalScenarios() {
		if s.ID == id {
			return s, true
		}
	}
	return Scenario{}, false
}

// StressInput is the portfolio and market data of a stress test. Series
// should hold the whole data set: it also defines the equal-weight index
// used for hypothetical betas. Positions maps tickers to signed quantities
// (see PositionsAt). AsOf selects the valuation date (zero = last date).
type StressInput struct {
	Series    []PriceSeries
	Positions map[string]float64
	Meta      map[string]Meta
	AsOf      time.Time
}

// StressHolding is one position's stressed result. Shock is the return
// applied to its market value; Beta is set for hypothetical shocks.
type StressHolding struct {
	Ticker   string   `json:"ticker"`
	Quantity float64  `json:"quantity"`
	Value    float64  `json:"value"`
	Shock    float64  `json:"shock"`
	Beta     *float64 `json:"beta,omitempty"`
	PnL      float64  `json:"pnl"`
}

// StressResult is the outcome of a stress test. Return is PnL divided by
// the portfolio's net value (gross exposure when the net value is not
// positive); it is nil when no holding could be stressed. Missing lists held
// tickers without the needed prices; they are left out of PnL and Holdings
// but their current value (when known) stays in Value.
type StressResult struct {
	ID       string          `json:"id,omitempty"`
	Name     string          `json:"name"`
	AsOf     string          `json:"as_of"`
	Value    float64         `json:"value"`
	PnL      float64         `json:"pnl"`
	Return   *float64        `json:"return,omitempty"`
	Holdings []StressHolding `json:"holdings"`
	Missing  []string        `json:"missing,omitempty"`
}

// Replay applies each holding's actual price return over the scenario
// window to its current market value.
func Replay(in StressInput, sc Scenario) (StressResult, error) {
	start, err1 := time.Parse(DateLayout, sc.Start)
	end, err2 := time.Parse(DateLayout, sc.End)
	if err1 != nil || err2 != nil || end.Before(start) {
		return StressResult{}, fmt.Errorf("analytics: scenario %q has a bad window: %w", sc.ID, ErrInvalidInput)
	}
	p, at, err := stressPanel(in)
	if err != nil {
		return StressResult{}, err
	}
	s, e := p.indexOnOrBefore(dayNum(start)), p.indexOnOrBefore(dayNum(end))
	shock := func(k int) (float64, *float64, bool) {
		if s < 0 || p.start[k] > s {
			return 0, nil, false
		}
		return p.px[k][e]/p.px[k][s] - 1, nil, true
	}
	res := applyShocks(p, in.Positions, at, shock)
	res.ID, res.Name = sc.ID, sc.Name
	return res, nil
}

// stressPanel aligns the series and resolves the as-of calendar index.
func stressPanel(in StressInput) (*panel, int, error) {
	p, err := newPanel(in.Series)
	if err != nil {
		return nil, 0, err
	}
	if len(p.days) == 0 {
		return nil, 0, fmt.Errorf("analytics: stress test without prices: %w", ErrInvalidInput)
	}
	at := len(p.days) - 1
	if !in.AsOf.IsZero() {
		at = p.indexOnOrBefore(dayNum(in.AsOf))
	}
	if at < 0 {
		return nil, 0, fmt.Errorf("analytics: no prices on or before the as-of date: %w", ErrInvalidInput)
	}
	for tk, q := range in.Positions {
		if !finite(q) || math.Abs(q) > maxMagnitude {
			return nil, 0, fmt.Errorf("analytics: bad quantity for %s: %w", tk, ErrInvalidInput)
		}
	}
	return p, at, nil
}

// applyShocks values positions at calendar index at and applies the return
// given by shock for each ticker (ok=false marks the ticker missing).
func applyShocks(p *panel, pos map[string]float64, at int, shock func(k int) (float64, *float64, bool)) StressResult {
	res := StressResult{AsOf: dayString(p.days[at]), Holdings: []StressHolding{}}
	var gross float64
	for _, tk := range sortedKeys(pos) {
		q := pos[tk]
		k, ok := p.index[tk]
		if q == 0 {
			continue
		}
		if !ok || p.start[k] > at {
			res.Missing = append(res.Missing, tk)
			continue
		}
		v := q * p.px[k][at]
		res.Value += v
		gross += math.Abs(v)
		s, beta, ok := shock(k)
		if !ok {
			res.Missing = append(res.Missing, tk)
			continue
		}
		h := StressHolding{Ticker: tk, Quantity: q, Value: v, Shock: s, Beta: beta, PnL: v * s}
		res.PnL += h.PnL
		res.Holdings = append(res.Holdings, h)
	}
	base := res.Value
	if base <= 0 {
		base = gross
	}
	if base > 0 && len(res.Holdings) > 0 {
		res.Return = fptr(res.PnL / base)
	}
	return res
}
