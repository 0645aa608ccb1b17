package taxlots

import (
	"fmt"
	"slices"
	"time"

	"github.com/fortfolio/fortfolio/server/analytics"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// Converter turns an amount in a currency on a day into the portfolio's
// base currency.
type Converter func(amount float64, currency string, day time.Time) (float64, error)

// Identity is the Converter of a portfolio whose amounts are all in its
// base currency.
func Identity(amount float64, _ string, _ time.Time) (float64, error) { return amount, nil }

// PortfolioBuy is a purchase in one of the user's portfolios, for the
// wash-sale check.
type PortfolioBuy struct {
	PortfolioID, Portfolio string
	ID, Ticker             string
	Date                   time.Time
	Quantity               float64
}

// GainsInput is what a realised-gains report needs.
type GainsInput struct {
	PortfolioID, Currency string
	Year                  int
	Method                Method
	Matches               []Match
	Rule                  analytics.HoldingRule
	ToBase                Converter
	// Buys are the purchases of every portfolio of the user.
	Buys []PortfolioBuy
}

// gainsDisclaimer is returned with every report.
const gainsDisclaimer = "Estimates only, not tax advice: the tax year is the calendar year, wash-sale losses are flagged but not disallowed, and your broker's or tax office's figures prevail."

// Gains builds the realised-gains report of the matches disposed of in
// in.Year.
func Gains(in GainsInput) (wire.RealisedGains, error) {
	rep := wire.RealisedGains{PortfolioID: in.PortfolioID, Currency: in.Currency, Year: in.Year, Method: string(in.Method),
		Country: in.Rule.Notes, Lots: []wire.RealisedLot{}, Years: Years(in.Matches), Disclaimer: gainsDisclaimer}
	closedBy := map[string]map[string]bool{} // sale id -> lot ids it closes
	for _, m := range in.Matches {
		if closedBy[m.SaleID] == nil {
			closedBy[m.SaleID] = map[string]bool{}
		}
		closedBy[m.SaleID][m.LotID] = true
	}
	for _, m := range in.Matches {
		if m.Disposed.Year() != in.Year {
			continue
		}
		l, err := realisedLot(in, m)
		if err != nil {
			return wire.RealisedGains{}, err
		}
		if l.Gain < 0 {
			l.WashBuys = washBuys(in, m, closedBy[m.SaleID])
			l.WashSale = len(l.WashBuys) > 0
		}
		addLot(&rep, l)
	}
	return rep, nil
}

// realisedLot converts a match to base currency and classifies its term.
func realisedLot(in GainsInput, m Match) (wire.RealisedLot, error) {
	proceeds, err := in.ToBase(m.Proceeds, m.Currency, m.Disposed)
	if err != nil {
		return wire.RealisedLot{}, fmt.Errorf("taxlots: convert proceeds: %w", err)
	}
	fees, err := in.ToBase(m.Fees, m.Currency, m.Disposed)
	if err != nil {
		return wire.RealisedLot{}, fmt.Errorf("taxlots: convert fees: %w", err)
	}
	cost, err := in.ToBase(m.Cost, m.Currency, m.Acquired)
	if err != nil {
		return wire.RealisedLot{}, fmt.Errorf("taxlots: convert cost: %w", err)
	}
	return wire.RealisedLot{Ticker: m.Ticker, LotID: m.LotID, SaleID: m.SaleID, Acquired: m.Acquired.Format(time.DateOnly),
		Disposed: m.Disposed.Format(time.DateOnly), HoldingDays: days(m.Acquired, m.Disposed), Term: in.Rule.Term(m.Acquired, m.Disposed),
		Quantity: m.Quantity, Proceeds: proceeds, Cost: cost, Fees: fees, Gain: proceeds - fees - cost, Specific: m.Specific}, nil
}

// addLot appends a lot to the report and updates the totals.
func addLot(rep *wire.RealisedGains, l wire.RealisedLot) {
	rep.Lots = append(rep.Lots, l)
	t := &rep.Totals
	t.Proceeds += l.Proceeds
	t.Cost += l.Cost
	t.Fees += l.Fees
	t.Gain += l.Gain
	switch l.Term {
	case "short":
		t.ShortTerm += l.Gain
	case "long":
		t.LongTerm += l.Gain
	default:
		t.NoTerm += l.Gain
	}
	if l.Gain < 0 {
		t.Losses += l.Gain
		if l.WashSale {
			t.WashLoss += l.Gain
		}
	}
}

// washBuys lists the purchases of the match's ticker, in any portfolio,
// from WashDaysBefore days before to WashDaysAfter days after the sale,
// except the lots the same sale closes (they are what is sold, not a
// replacement).
func washBuys(in GainsInput, m Match, closed map[string]bool) []wire.WashBuy {
	var out []wire.WashBuy
	if in.Rule.WashDaysBefore <= 0 && in.Rule.WashDaysAfter <= 0 {
		return nil
	}
	for _, b := range in.Buys {
		d := days(m.Disposed, b.Date)
		if b.Ticker != m.Ticker || d < -in.Rule.WashDaysBefore || d > in.Rule.WashDaysAfter ||
			(b.PortfolioID == in.PortfolioID && closed[b.ID]) {
			continue
		}
		out = append(out, wire.WashBuy{PortfolioID: b.PortfolioID, Portfolio: b.Portfolio, Date: b.Date.Format(time.DateOnly), Quantity: b.Quantity})
	}
	return out
}

// Years returns the distinct years of the matches' disposals, ascending.
func Years(ms []Match) []int {
	out := []int{}
	for _, m := range ms {
		if y := m.Disposed.Year(); !slices.Contains(out, y) {
			out = append(out, y)
		}
	}
	slices.Sort(out)
	return out
}

// days is the number of whole days from a to b (negative when b is earlier).
func days(a, b time.Time) int {
	return int(b.Truncate(24*time.Hour).Sub(a.Truncate(24*time.Hour)).Hours() / 24)
}
