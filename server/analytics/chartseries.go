package analytics

import (
	"cmp"
	"math"
	"slices"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// TopDrawdowns is how many drawdown periods the report lists.
const TopDrawdowns = 3

// setBenchmarkIndex sets the benchmark's wealth index on pts (calendar
// indices a..a+len(pts)-1): its carried-forward close divided by the close
// on the first day of the window it has one, so both lines start at 1.
// Days before the benchmark's first close keep no value.
func (b *book) setBenchmarkIndex(pts []wire.SeriesPoint, s PriceSeries, a int) {
	px, start := b.p.carry(s)
	first := max(a, start)
	for i := range pts {
		t := a + i
		if t < first || first >= len(px) {
			continue
		}
		v := px[t] / px[first]
		pts[i].Benchmark = &v
	}
}

// flowPoints lists the days of a+1..z with a net external flow (what
// NetFlows adds up), in date order. Beyond limit days only the limit
// largest flows are kept, so markers stay readable.
func (b *book) flowPoints(a, z, limit int) []wire.FlowPoint {
	var out []wire.FlowPoint
	for t := a + 1; t <= z; t++ {
		if f := b.flow[t]; f != 0 {
			out = append(out, wire.FlowPoint{Date: dayString(b.p.days[t]), Amount: f})
		}
	}
	if len(out) <= limit {
		return out
	}
	slices.SortStableFunc(out, func(x, y wire.FlowPoint) int { return cmp.Compare(math.Abs(y.Amount), math.Abs(x.Amount)) })
	out = out[:limit]
	slices.SortFunc(out, func(x, y wire.FlowPoint) int { return cmp.Compare(x.Date, y.Date) })
	return out
}

// drawdownPeriods splits the wealth index w at its new highs (a value
// above every earlier one) into drawdown periods and returns the n
// deepest, deepest first (earlier first on ties). Within a period the
// trough is the first lowest point and the recovery the first later day
// back at the peak, as in drawdownOf, so the first period is the maximum
// drawdown. days[i] is the day number of position i.
func drawdownPeriods(w []float64, days []int64, n int) []wire.Drawdown {
	var periods []ddResult
	peak := 0
	for i := 1; i <= len(w); i++ {
		if i < len(w) && !(w[i] > w[peak]) {
			continue
		}
		if p := period(w, peak, i); p.depth < 0 {
			periods = append(periods, p)
		}
		peak = i
	}
	slices.SortStableFunc(periods, func(x, y ddResult) int { return cmp.Compare(x.depth, y.depth) })
	out := make([]wire.Drawdown, 0, n)
	for _, p := range periods[:min(n, len(periods))] {
		out = append(out, *drawdownReport(p, days))
	}
	return out
}

// period describes the drawdown from the high w[peak] until the next
// high at end (len(w) when there is none).
func period(w []float64, peak, end int) ddResult {
	r := ddResult{peak: peak, trough: peak, recovery: -1}
	for i := peak + 1; i < end; i++ {
		if w[i] < w[r.trough] {
			r.trough = i
		}
	}
	if w[peak] > 0 {
		r.depth = w[r.trough]/w[peak] - 1
	}
	for i := r.trough + 1; i < len(w) && i <= end; i++ {
		if w[i] >= w[peak] {
			r.recovery = i
			break
		}
	}
	return r
}
