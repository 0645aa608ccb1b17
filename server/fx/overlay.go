package fx

import (
	"math"
	"time"
)

// With returns a copy of t in which currency c has the given daily rates
// (units of c per 1 EUR, days ascending) on their days and t's own rates
// on every other day: another source's series laid over the table, which
// wins on the days it has while the table fills the rest. Days out of
// order and rates that are not finite and positive are skipped; with no
// usable rate, or for the euro, t itself is returned.
func (t *Table) With(c string, days []time.Time, rates []float64) *Table {
	over := usable(days, rates)
	if c == Base || len(over.days) == 0 {
		return t
	}
	out := &Table{cols: make(map[string]column, len(t.cols)+1)}
	for k, v := range t.cols {
		out.cols[k] = v
	}
	out.cols[c] = merge(over, t.cols[c])
	return out
}

// usable is the column of the valid, strictly ascending entries.
func usable(days []time.Time, rates []float64) column {
	var col column
	for i := range min(len(days), len(rates)) {
		d, r := dayNum(days[i]), rates[i]
		if math.IsNaN(r) || math.IsInf(r, 0) || r <= 0 {
			continue
		}
		if n := len(col.days); n > 0 && d <= col.days[n-1] {
			continue
		}
		col.days, col.rates = append(col.days, d), append(col.rates, r)
	}
	return col
}

// merge is the union of two columns' days, over's rate on a shared day.
func merge(over, under column) column {
	out := column{days: make([]int64, 0, len(over.days)+len(under.days)), rates: make([]float64, 0, len(over.days)+len(under.days))}
	i, j := 0, 0
	for i < len(over.days) || j < len(under.days) {
		switch {
		case j == len(under.days) || i < len(over.days) && over.days[i] <= under.days[j]:
			if j < len(under.days) && over.days[i] == under.days[j] {
				j++
			}
			out.days, out.rates = append(out.days, over.days[i]), append(out.rates, over.rates[i])
			i++
		default:
			out.days, out.rates = append(out.days, under.days[j]), append(out.rates, under.rates[j])
			j++
		}
	}
	return out
}
