package analytics

import (
	"errors"
	"math"
	"time"
)

// TradingDays is the number of trading days per year used to annualise.
const TradingDays = 252

// maxMagnitude bounds prices, quantities and amounts so sums stay finite.
const maxMagnitude = 1e12

// ErrInvalidInput is wrapped by every input validation error.
var ErrInvalidInput = errors.New("invalid input")

// PriceSeries is a daily close series of one ticker. Dates are sorted
// ascending, strictly increasing and interpreted as UTC calendar days.
type PriceSeries struct {
	Ticker string
	Dates  []time.Time
	Close  []float64
}

// Trade is one transaction. Quantity is signed: positive adds shares (buy,
// cover), negative removes shares (sell, short). Price is per share and Fee
// is a non-negative cost in the same currency.
type Trade struct {
	Date     time.Time
	Ticker   string
	Quantity float64
	Price    float64
	Fee      float64
	// Internal marks a trade paid from (or into) cash the portfolio holds:
	// it is no external flow (the cash leg is its own trade of a cash
	// series). Without it a trade's cost is money put in, as before cash.
	Internal bool
}

// Dividend is a cash dividend received (positive) or paid on a short
// position (negative) on Date; Amount is the total cash amount.
type Dividend struct {
	Date   time.Time
	Ticker string
	Amount float64
	// Settled marks income kept as cash in the portfolio (booked as a
	// trade of a cash series): it is attributed to Ticker but is no payout
	// added to the return, since the value already holds it.
	Settled bool
}

// Meta is descriptive metadata of a ticker used for allocation and sector
// stress shocks.
type Meta struct {
	Sector  string
	Country string
	// Currency is the quote currency and Kind the asset kind ("Stock"),
	// for the allocation by currency and by kind ("Unknown" when empty).
	Currency string
	Kind     string
}

// Validate checks that the series is non-empty, sorted, of matching lengths
// and holds finite positive closes.
func (s PriceSeries) Validate() error {
	if s.Ticker == "" {
		return fail(ErrInvalidInput, "series without ticker")
	}
	if len(s.Dates) == 0 || len(s.Dates) != len(s.Close) {
		return fail(ErrInvalidInput, "series %s: empty or mismatched lengths", s.Ticker)
	}
	for i, c := range s.Close {
		if !finite(c) || c <= 0 || c > maxMagnitude {
			return fail(ErrInvalidInput, "series %s: bad close at %d", s.Ticker, i)
		}
		if i > 0 && dayNum(s.Dates[i]) <= dayNum(s.Dates[i-1]) {
			return fail(ErrInvalidInput, "series %s: dates not strictly increasing at %d", s.Ticker, i)
		}
	}
	return nil
}

// Validate checks a trade's fields are finite and within bounds.
func (t Trade) Validate() error {
	switch {
	case t.Ticker == "":
		return fail(ErrInvalidInput, "trade without ticker")
	case !finite(t.Quantity) || t.Quantity == 0 || math.Abs(t.Quantity) > maxMagnitude:
		return fail(ErrInvalidInput, "trade %s: bad quantity", t.Ticker)
	case !finite(t.Price) || t.Price < 0 || t.Price > maxMagnitude:
		return fail(ErrInvalidInput, "trade %s: bad price", t.Ticker)
	case !finite(t.Fee) || t.Fee < 0 || t.Fee > maxMagnitude:
		return fail(ErrInvalidInput, "trade %s: bad fee", t.Ticker)
	}
	return nil
}

// Validate checks a dividend's fields are finite and within bounds.
func (d Dividend) Validate() error {
	if d.Ticker == "" || !finite(d.Amount) || math.Abs(d.Amount) > maxMagnitude {
		return fail(ErrInvalidInput, "bad dividend")
	}
	return nil
}

// finite reports whether x is neither NaN nor ±Inf.
func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// dayNum is the number of whole UTC days since the Unix epoch.
func dayNum(t time.Time) int64 {
	s := t.Unix()
	d := s / 86400
	if s%86400 < 0 {
		d-- // floor division for dates before 1970
	}
	return d
}

// dayTime converts a day number back to a UTC midnight time.
func dayTime(d int64) time.Time { return time.Unix(d*86400, 0).UTC() }

// dayString formats a day number as time.DateOnly (YYYY-MM-DD).
func dayString(d int64) string { return dayTime(d).Format(time.DateOnly) }

// fptr returns a pointer to x, or nil when x is NaN or ±Inf.
func fptr(x float64) *float64 {
	if !finite(x) {
		return nil
	}
	return &x
}
