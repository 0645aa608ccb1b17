package fx

import (
	"errors"
	"math"
	"testing"
	"time"
)

// TestWithLaysASeriesOverTheTable checks a provider's EURUSD laid over the
// ECB table: its rate on its days, ECB's on the others, each currency
// carried to its own last date. ECB: 2014-01-03 USD 1.3634 GBP 0.83045,
// 2014-01-06 USD 1.3602, 2014-01-02 USD 1.3658.
func TestWithLaysASeriesOverTheTable(t *testing.T) {
	ecb, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	days := []time.Time{day("2014-01-02"), day("2014-01-03"), day("2014-01-01"), day("2014-01-04"), day("2026-01-02"), day("2026-01-05")}
	rates := []float64{math.NaN(), 1.40, 1.5, 1.41, 1.20, 0}
	tab := ecb.With("USD", days, rates)
	tests := []struct {
		name, date, cur string
		want            float64
	}{
		{"the provider wins on its day", "2014-01-03", "USD", 1.40},
		{"a weekend day of the provider's own", "2014-01-04", "USD", 1.41},
		{"carried from the provider's last day", "2014-01-05", "USD", 1.41},
		{"a day the provider lacks is ECB's", "2014-01-06", "USD", 1.3602},
		{"a NaN is skipped, ECB's rate stands", "2014-01-02", "USD", 1.3658},
		{"other currencies keep ECB's rates", "2014-01-03", "GBP", 0.83045},
		{"the provider extends past ECB's end", "2026-01-02", "USD", 1.20},
		{"a zero is skipped, the last rate is carried", "2026-01-05", "USD", 1.20},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tab.Rate(day(tc.date), "EUR", tc.cur)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Fatalf("EUR%s on %s = %v, want %v", tc.cur, tc.date, got, tc.want)
			}
		})
	}
	if _, err := tab.Rate(day("2026-01-02"), "EUR", "GBP"); !errors.Is(err, ErrOutOfRange) {
		t.Fatalf("GBP after ECB's end: err = %v, want ErrOutOfRange", err)
	}
	if _, last, _ := tab.RangeOf("USD"); last != day("2026-01-02") {
		t.Fatalf("USD ends %s, want 2026-01-02", last)
	}
	if _, last, _ := tab.RangeOf("GBP"); last != day("2024-10-11") {
		t.Fatalf("GBP ends %s, want 2024-10-11", last)
	}
	if got, _ := ecb.Rate(day("2014-01-03"), "EUR", "USD"); got != 1.3634 {
		t.Fatalf("With changed the table it was called on: EURUSD %v", got)
	}
}

func TestWithWithoutUsableRatesIsTheTable(t *testing.T) {
	ecb, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	tests := map[string]struct {
		cur   string
		days  []time.Time
		rates []float64
	}{
		"no rates":        {"USD", nil, nil},
		"only bad rates":  {"USD", []time.Time{day("2014-01-03")}, []float64{-1}},
		"the euro itself": {"EUR", []time.Time{day("2014-01-03")}, []float64{2}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := ecb.With(tc.cur, tc.days, tc.rates); got != ecb {
				t.Fatal("a new table")
			}
		})
	}
}
