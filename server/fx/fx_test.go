package fx

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

// TestEmbeddedRates checks conversions against rows of the ECB file
// (ecb-eurofxref.csv lines 3844-3846, 3919-3920, 6604), by hand:
// 2014-01-03 USD 1.3634 GBP 0.83045 JPY 142.46 per EUR.
func TestEmbeddedRates(t *testing.T) {
	tab, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	// Rates as float64 variables, so the expected values are computed in
	// float64 like the code does (constant expressions are exact).
	usd0103, gbp0103, jpy0103, usd0106, usd0417 := 1.3634, 0.83045, 142.46, 1.3602, 1.3855
	usd990104, usd241011 := 1.1789, 1.0938
	hundred, one, fortyTwo := 100.0, 1.0, 42.0
	tests := []struct {
		name, date, from, to string
		amount, want         float64
	}{
		{"usd to eur divides by EURUSD", "2014-01-03", "USD", "EUR", 100, hundred / usd0103},
		{"eur to usd multiplies", "2014-01-03", "EUR", "USD", 100, hundred * usd0103},
		{"cross rate via the euro", "2014-01-03", "USD", "GBP", 100, hundred / usd0103 * gbp0103},
		{"saturday carries friday", "2014-01-04", "USD", "EUR", 1, one / usd0103},
		{"sunday carries friday", "2014-01-05", "EUR", "JPY", 1, jpy0103},
		{"monday has its own row", "2014-01-06", "USD", "EUR", 1, one / usd0106},
		{"good friday to easter monday carry thursday", "2014-04-21", "USD", "EUR", 1, one / usd0417},
		{"first row", "1999-01-04", "EUR", "USD", 1, usd990104},
		{"last row carried within the limit", "2024-10-18", "EUR", "USD", 1, usd241011},
		{"same currency needs no rate", "1950-01-01", "USD", "USD", 42, fortyTwo},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tab.Convert(tc.amount, day(tc.date), tc.from, tc.to)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Fatalf("Convert(%v, %s, %s, %s) = %v, want %v", tc.amount, tc.date, tc.from, tc.to, got, tc.want)
			}
		})
	}
}

func TestEmbeddedErrors(t *testing.T) {
	tab, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, date, from, to string
		want                 error
	}{
		{"before the first row", "1998-12-31", "USD", "EUR", ErrOutOfRange},
		{"beyond the carry limit", "2024-10-19", "USD", "EUR", ErrOutOfRange},
		{"years after the end", "2026-01-02", "EUR", "GBP", ErrOutOfRange},
		{"unknown currency", "2014-01-03", "USD", "XAU", ErrUnknownCurrency},
		{"unknown same currency", "2014-01-03", "ZZZ", "ZZZ", ErrUnknownCurrency},
		{"lower case is not a code", "2014-01-03", "usd", "EUR", ErrUnknownCurrency},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tab.Rate(day(tc.date), tc.from, tc.to)
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
		})
	}
	_, err = tab.Rate(day("2026-01-02"), "EUR", "GBP")
	if !strings.Contains(err.Error(), "1999-01-04 to 2024-10-11") {
		t.Fatalf("out-of-range error %q does not name the covered range", err)
	}
}

func TestEmbeddedCoversEveryCurrency(t *testing.T) {
	tab, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{"USD", "EUR", "GBP", "CHF", "JPY", "CAD", "AUD", "SEK", "NOK", "DKK", "HKD", "SGD", "NZD"} {
		if !tab.Has(c) {
			t.Errorf("no rates for %s", c)
		}
	}
	first, last := tab.Range()
	if first != day("1999-01-04") || last != day("2024-10-11") {
		t.Fatalf("range %s..%s", first, last)
	}
}

func TestParseRefusesBadTables(t *testing.T) {
	tests := map[string]string{
		"empty":        "",
		"bad header":   "day,USD\n",
		"no rows":      "date,USD\n",
		"short row":    "date,USD,GBP\n2014-01-02,1.3\n",
		"bad date":     "date,USD\n2014-13-02,1.3\n",
		"out of order": "date,USD\n2014-01-03,1.3\n2014-01-02,1.3\n",
		"duplicate":    "date,USD\n2014-01-03,1.3\n2014-01-03,1.3\n",
		"zero rate":    "date,USD\n2014-01-03,0\n",
		"negative":     "date,USD\n2014-01-03,-1\n",
		"nan":          "date,USD\n2014-01-03,NaN\n",
		"inf":          "date,USD\n2014-01-03,+Inf\n",
		"empty cell":   "date,USD\n2014-01-03,\n",
	}
	for name, in := range tests {
		t.Run(name, func(t *testing.T) {
			if _, err := Parse(strings.NewReader(in)); err == nil {
				t.Fatal("accepted")
			}
		})
	}
}
