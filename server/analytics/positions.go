package analytics

import (
	"math"
	"slices"
	"time"
)

// PositionsAt returns the signed quantity per ticker after all trades dated
// on or before date (zero date = all trades). Closed positions are omitted.
func PositionsAt(trades []Trade, date time.Time) map[string]float64 {
	out := map[string]float64{}
	for _, t := range trades {
		if !date.IsZero() && dayNum(t.Date) > dayNum(date) {
			continue
		}
		out[t.Ticker] += t.Quantity
	}
	for tk, q := range out {
		if math.Abs(q) < 1e-9 {
			delete(out, tk)
		}
	}
	return out
}

// sortedKeys returns the keys of m in ascending order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
