package forecast

import (
	"math"
	"math/rand/v2"
	"time"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// backtest re-runs the simulation at past window starts s, each time
// estimated only from the returns before s, and checks whether the
// realised path of the same weights over [s, s+h) stayed inside the
// simulated 5-95% band: at the horizon end and on every day. Windows
// start backtestMin returns in and are spaced evenly (at most maxWindows,
// at least 21 days apart), so they overlap for long horizons.
func (in MCInput) backtest(rp []float64) wire.BandBacktest {
	h := in.Horizon
	first, last := backtestMin, len(rp)-h
	if last < first {
		return wire.BandBacktest{}
	}
	step := max(21, (last-first)/maxWindows+1)
	var out wire.BandBacktest
	endIn, pathIn := 0, 0
	band := make([][2]float64, h)
	final := make([]float64, backtestPaths)
	for s := first; s <= last; s += step {
		rng := rand.New(rand.NewPCG(in.Seed, uint64(s))) // #nosec G404 -- a seeded, reproducible simulation, not a secret
		smp, err := in.newSampler(rp, in.Returns, s, backtestPaths, rng, nil)
		if err != nil {
			continue
		}
		fan(smp, backtestPaths, h, final, band)
		inEnd, inPath := realisedInside(rp[s:s+h], band)
		if inEnd {
			endIn++
		}
		if inPath {
			pathIn++
		}
		if out.Windows == 0 {
			out.From = in.Dates[s].Format(time.DateOnly)
		}
		out.To = in.Dates[s+h-1].Format(time.DateOnly)
		out.Windows++
	}
	if out.Windows > 0 {
		out.EndCoverage = float64(endIn) / float64(out.Windows)
		out.PathCoverage = float64(pathIn) / float64(out.Windows)
	}
	return out
}

// realisedInside compounds the realised returns and reports whether the
// value was inside band at the end and on every day.
func realisedInside(r []float64, band [][2]float64) (end, path bool) {
	v, path := 1.0, true
	for d, x := range r {
		v *= 1 + math.Max(x, -0.99)
		inside := v >= band[d][0] && v <= band[d][1]
		path = path && inside
		end = inside
	}
	return end, path
}
