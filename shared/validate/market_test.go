package validate

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/fortfolio/fortfolio/shared/fuzzseed"
)

func TestTicker(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
		ok             bool
	}{
		{"plain", "AAPL", "AAPL", true},
		{"lower and spaces", "  msft\t", "MSFT", true},
		{"dot class", "brk.b", "BRK.B", true},
		{"dash class", "BF-B", "BF-B", true},
		{"digits", "1234", "1234", true},
		{"ten chars", "ABCDEFGHIJ", "ABCDEFGHIJ", true},
		{"eleven chars", "ABCDEFGHIJK", "", false},
		{"empty", "", "", false},
		{"blank", "   ", "", false},
		{"leading dot", ".A", "", false},
		{"trailing dash", "A-", "", false},
		{"dot dot", "..", "", false},
		{"double sep", "A.-B", "", false},
		{"slash", "A/B", "", false},
		{"path traversal", "../x", "", false},
		{"space inside", "A B", "", false},
		{"dotless i", "ı", "", false},
		{"long s", "ſ", "", false},
		{"nul", "A\x00", "", false},
		{"sql", "A';--", "", false},
		{"unicode letter", "ÄPFEL", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := Ticker(tc.in)
			if tc.ok != (err == nil) {
				t.Fatalf("Ticker(%q) err = %v, want ok=%v", tc.in, err, tc.ok)
			}
			if err != nil && !errors.Is(err, ErrInvalidTicker) {
				t.Fatalf("Ticker(%q) err = %v, does not wrap ErrInvalidTicker", tc.in, err)
			}
			if got != tc.want {
				t.Fatalf("Ticker(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestDate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		want     time.Time
		ok       bool
	}{
		{"plain", "2017-12-29", time.Date(2017, 12, 29, 0, 0, 0, 0, time.UTC), true},
		{"leap day", "2016-02-29", time.Date(2016, 2, 29, 0, 0, 0, 0, time.UTC), true},
		{"min year", "1900-01-01", time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC), true},
		{"max year", "2100-12-31", time.Date(2100, 12, 31, 0, 0, 0, 0, time.UTC), true},
		{"before min", "1899-12-31", time.Time{}, false},
		{"after max", "2101-01-01", time.Time{}, false},
		{"not leap", "2017-02-29", time.Time{}, false},
		{"feb 30", "2017-02-30", time.Time{}, false},
		{"month 13", "2017-13-01", time.Time{}, false},
		{"day 0", "2017-01-00", time.Time{}, false},
		{"short month", "2017-1-01", time.Time{}, false},
		{"slashes", "2017/01/01", time.Time{}, false},
		{"with time", "2017-01-01T00:00:00Z", time.Time{}, false},
		{"spaces", " 2017-01-01", time.Time{}, false},
		{"sign", "+017-01-01", time.Time{}, false},
		{"empty", "", time.Time{}, false},
		{"unicode digits", "２０１７-01-01", time.Time{}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := Date(tc.in)
			if tc.ok != (err == nil) {
				t.Fatalf("Date(%q) err = %v, want ok=%v", tc.in, err, tc.ok)
			}
			if err != nil && !errors.Is(err, ErrInvalidDate) {
				t.Fatalf("Date(%q) err = %v, does not wrap ErrInvalidDate", tc.in, err)
			}
			if !got.Equal(tc.want) || got.Location() != time.UTC {
				t.Fatalf("Date(%q) = %v, want %v UTC", tc.in, got, tc.want)
			}
		})
	}
}

func FuzzTicker(f *testing.F) {
	seen := fuzzseed.Require(f)
	for _, s := range []string{"AAPL", " brk.b ", "BF-B", "..", "A..B", "ı", "ABCDEFGHIJK", "", "A\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := Ticker(s)
		if err != nil {
			if got != "" || !errors.Is(err, ErrInvalidTicker) {
				t.Fatalf("Ticker(%q) = %q, %v", s, got, err)
			}
			return
		}
		seen.Reached()
		if len(got) < 1 || len(got) > MaxTickerLen || !utf8.ValidString(got) {
			t.Fatalf("Ticker(%q) = %q: bad length or encoding", s, got)
		}
		if strings.ToUpper(got) != got || strings.Contains(got, "..") {
			t.Fatalf("Ticker(%q) = %q: not normalised", s, got)
		}
		again, err := Ticker(got)
		if err != nil || again != got {
			t.Fatalf("Ticker not idempotent on %q: %q, %v", got, again, err)
		}
	})
}

func FuzzDate(f *testing.F) {
	seen := fuzzseed.Require(f)
	for _, s := range []string{"2017-12-29", "2016-02-29", "2017-02-30", "1899-12-31", "2100-12-31", "2017-1-1", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := Date(s)
		if err != nil {
			if !got.IsZero() || !errors.Is(err, ErrInvalidDate) {
				t.Fatalf("Date(%q) = %v, %v", s, got, err)
			}
			return
		}
		seen.Reached()
		if got.Location() != time.UTC || got.Year() < MinYear || got.Year() > MaxYear {
			t.Fatalf("Date(%q) = %v out of contract", s, got)
		}
		if back := got.Format(time.DateOnly); back != s {
			t.Fatalf("Date(%q) round trip gave %q", s, back)
		}
	})
}
