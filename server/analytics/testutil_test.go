package analytics

import (
	"math"
	"testing"
	"time"
)

// day0 is the first date of hand-made test series.
var day0 = time.Date(2021, 3, 1, 0, 0, 0, 0, time.UTC)

// series builds a daily series on consecutive calendar days from day0.
func series(ticker string, closes ...float64) PriceSeries {
	s := PriceSeries{Ticker: ticker, Close: closes}
	for i := range closes {
		s.Dates = append(s.Dates, day0.AddDate(0, 0, i))
	}
	return s
}

// on returns the date of test day i.
func on(i int) time.Time { return day0.AddDate(0, 0, i) }

// near asserts |got-want| <= tol (relative for large values).
func near(t *testing.T, name string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol*math.Max(1, math.Abs(want)) {
		t.Errorf("%s = %.15g, want %.15g", name, got, want)
	}
}

// nearPtr asserts a pointer metric is set and near want.
func nearPtr(t *testing.T, name string, got *float64, want, tol float64) {
	t.Helper()
	if got == nil {
		t.Errorf("%s = nil, want %.15g", name, want)
		return
	}
	near(t, name, *got, want, tol)
}
