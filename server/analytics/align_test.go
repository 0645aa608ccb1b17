package analytics

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// TestUnionDaysMatchesSortedUnion compares the merged calendar with the
// sorted, deduplicated union of all dates, for shared, shifted and sparse
// calendars.
func TestUnionDaysMatchesSortedUnion(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(3, 4))
	start := time.Date(2006, 1, 3, 0, 0, 0, 0, time.UTC)
	for round := range 200 {
		var series []PriceSeries
		var want []int64
		shared := r.IntN(2) == 0
		for range 1 + r.IntN(6) {
			var s PriceSeries
			for d := r.IntN(5); d < 300; d += 1 + r.IntN(3) {
				if shared {
					d = len(s.Dates) * 2
				}
				s.Dates = append(s.Dates, start.AddDate(0, 0, d))
				want = append(want, dayNum(start.AddDate(0, 0, d)))
			}
			series = append(series, s)
		}
		slices.Sort(want)
		want = slices.Compact(want)
		if got := unionDays(series); !slices.Equal(got, want) {
			t.Fatalf("round %d: union of %d series differs: %d days, want %d", round, len(series), len(got), len(want))
		}
	}
}
