package analytics

import (
	"math"
	"time"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// HistoricalScenarios returns the built-in historical stress windows.
func HistoricalScenarios() []wire.Scenario {
	return []wire.Scenario{
		{ID: "gfc", Name: "Global financial crisis", Start: "2007-10-09", End: "2009-03-09",
			Description: "S&P 500 closing high of 9 Oct 2007 to its closing low of 9 Mar 2009."},
		{ID: "lehman", Name: "Lehman collapse", Start: "2008-09-15", End: "2008-11-20",
			Description: "From the Lehman Brothers bankruptcy filing (15 Sep 2008) to the November 2008 low."},
		{ID: "flash-crash", Name: "Flash crash week", Start: "2010-05-03", End: "2010-05-07",
			Description: "Week of the 6 May 2010 flash crash, close of Mon 3 May to close of Fri 7 May."},
		{ID: "debt-ceiling", Name: "US debt-ceiling crisis", Start: "2011-07-22", End: "2011-10-03",
			Description: "Debt-ceiling stand-off and S&P's US downgrade, 22 Jul to the 3 Oct 2011 low."},
		{ID: "china-2015", Name: "China devaluation sell-off", Start: "2015-08-17", End: "2015-08-25",
			Description: "After the August 2015 yuan devaluation, close of 17 Aug to the 25 Aug 2015 low (24 Aug was 'Black Monday')."},
		{ID: "covid-2020", Name: "COVID-19 crash", Start: "2020-02-19", End: "2020-03-23",
			Description: "S&P 500 closing high of 19 Feb 2020 to the low of 23 Mar 2020 (needs data covering 2020)."},
	}
}

// ScenarioByID returns the built-in scenario with the given id.
func ScenarioByID(id string) (wire.Scenario, bool) {
	for _, s := range HistoricalScenarios() {
		if s.ID == id {
			return s, true
		}
	}
	return wire.Scenario{}, false
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

// Replay applies each holding's actual price return over the scenario
// window to its current market value.
func Replay(in StressInput, sc wire.Scenario) (wire.StressResult, error) {
	start, err1 := time.Parse(time.DateOnly, sc.Start)
	end, err2 := time.Parse(time.DateOnly, sc.End)
	if err1 != nil || err2 != nil || end.Before(start) {
		return wire.StressResult{}, fail(ErrInvalidInput, "scenario %q has a bad window", sc.ID)
	}
	p, at, err := stressPanel(in)
	if err != nil {
		return wire.StressResult{}, err
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
		return nil, 0, fail(ErrInvalidInput, "stress test without prices")
	}
	at := len(p.days) - 1
	if !in.AsOf.IsZero() {
		at = p.indexOnOrBefore(dayNum(in.AsOf))
	}
	if at < 0 {
		return nil, 0, fail(ErrInvalidInput, "no prices on or before the as-of date")
	}
	for tk, q := range in.Positions {
		if !finite(q) || math.Abs(q) > maxMagnitude {
			return nil, 0, fail(ErrInvalidInput, "bad quantity for %s", tk)
		}
	}
	return p, at, nil
}

// applyShocks values positions at calendar index at and applies the return
// given by shock for each ticker (ok=false marks the ticker missing).
func applyShocks(p *panel, pos map[string]float64, at int, shock func(k int) (float64, *float64, bool)) wire.StressResult {
	res := wire.StressResult{AsOf: dayString(p.days[at]), Holdings: []wire.StressHolding{}}
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
		h := wire.StressHolding{Ticker: tk, Quantity: q, Value: v, Shock: s, Beta: beta, PnL: v * s}
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
