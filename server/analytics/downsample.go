package analytics

import "github.com/fortfolio/fortfolio/shared/wire"

// seriesPoints builds the chart series for calendar indices a..a+len(w)-1.
func (b *book) seriesPoints(w, dd []float64, a int) []wire.SeriesPoint {
	out := make([]wire.SeriesPoint, len(w))
	for i := range w {
		t := a + i
		out[i] = wire.SeriesPoint{Date: dayString(b.p.days[t]), Value: b.value[t], Index: w[i], Drawdown: dd[i], Gross: b.gross[t]}
	}
	return out
}

// Downsample reduces pts to at most maxPoints points for charting. It keeps
// the first and last points and, in each of maxPoints-2 equal buckets of the
// interior, the point with the deepest drawdown (the first one on ties), so
// the maximum drawdown stays visible. With maxPoints < 2 or len(pts) <=
// maxPoints the input is returned unchanged.
func Downsample(pts []wire.SeriesPoint, maxPoints int) []wire.SeriesPoint {
	n := len(pts)
	if maxPoints < 2 || n <= maxPoints {
		return pts
	}
	out := make([]wire.SeriesPoint, 0, maxPoints)
	out = append(out, pts[0])
	buckets := maxPoints - 2
	interior := n - 2
	for i := range buckets {
		lo := 1 + i*interior/buckets
		hi := 1 + (i+1)*interior/buckets
		best := lo
		for j := lo + 1; j < hi; j++ {
			if pts[j].Drawdown < pts[best].Drawdown {
				best = j
			}
		}
		out = append(out, pts[best])
	}
	return append(out, pts[n-1])
}
