package analytics

import "github.com/fortfolio/fortfolio/shared/wire"

// ddResult is the maximum drawdown of a wealth index by position.
type ddResult struct {
	depth    float64   // min(W/cummax(W) - 1), <= 0
	peak     int       // index of the running maximum before the trough
	trough   int       // index of the deepest point
	recovery int       // first index after the trough with W >= W[peak], or -1
	series   []float64 // W/cummax(W) - 1 at every index
}

// drawdownOf computes the drawdown series and the maximum drawdown of w.
// Ties keep the earliest trough; a zero-depth result has peak = trough = 0.
func drawdownOf(w []float64) ddResult {
	res := ddResult{recovery: -1, series: make([]float64, len(w))}
	peakIdx := 0
	for i, x := range w {
		if x > w[peakIdx] {
			peakIdx = i
		}
		dd := 0.0
		if w[peakIdx] > 0 {
			dd = x/w[peakIdx] - 1
		}
		res.series[i] = dd
		if dd < res.depth {
			res.depth, res.peak, res.trough = dd, peakIdx, i
		}
	}
	if res.depth < 0 {
		for i := res.trough + 1; i < len(w); i++ {
			if w[i] >= w[res.peak] {
				res.recovery = i
				break
			}
		}
	}
	return res
}

// drawdownReport converts a ddResult on positions to dates; days[i] is the
// day number of wealth index position i. It returns nil for zero depth.
func drawdownReport(dd ddResult, days []int64) *wire.Drawdown {
	if dd.depth >= 0 {
		return nil
	}
	out := &wire.Drawdown{Depth: dd.depth, Peak: dayString(days[dd.peak]), Trough: dayString(days[dd.trough])}
	end := days[len(days)-1]
	if dd.recovery >= 0 {
		s := dayString(days[dd.recovery])
		out.Recovery, out.Recovered, end = &s, true, days[dd.recovery]
	}
	out.DurationDays = int(end - days[dd.peak])
	return out
}
