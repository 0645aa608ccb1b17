package store

import (
	"testing"
	"time"
)

// TestParseDayMatchesTimeParse checks the allocation-free date parser
// against time.ParseInLocation, valid and invalid dates alike.
func TestParseDayMatchesTimeParse(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"2010-01-04", "2016-02-29", "2017-02-29", "2010-13-01", "2010-00-10", "2010-04-31",
		"0001-01-01", "9999-12-31", "2010-1-04", "2010/01/04", "20100104", "", "2010-01-0x", "+010-01-04"} {
		want, wantErr := time.ParseInLocation(time.DateOnly, s, time.UTC)
		got, err := parseDay([]byte(s))
		if (err == nil) != (wantErr == nil) || !got.Equal(want) || got.Location() != want.Location() {
			t.Errorf("parseDay(%q) = %v, %v; time.Parse gives %v, %v", s, got, err, want, wantErr)
		}
	}
}
