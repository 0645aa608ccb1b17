package analytics

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/fortfolio/fortfolio/shared/wire"
)

const (
	// searchIter caps the γ searches (doubling, Illinois, golden section).
	searchIter = 100
	// returnTol is the accepted error on a target return.
	returnTol = 1e-9
	// MaxFrontierPoints caps EfficientFrontier.
	MaxFrontierPoints = 200
)

// maxReturn is the largest μ'w over the feasible set: start from the lower
// bounds and fill the highest-return assets greedily up to their bounds and
// sector caps (optimal for disjoint caps).
func maxReturn(mu []float64, f *feasibleSet) float64 {
	order := make([]int, len(mu))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(mu[b], mu[a]) })
	room := map[int]float64{}
	groupOf := map[int]int{}
	for g, idx := range f.groups {
		room[g] = f.caps[g] - sumAt(f.lo, idx)
		for _, i := range idx {
			groupOf[i] = g
		}
	}
	budget, ret := 1-sumAt(f.lo, order), 0.0
	for _, i := range order {
		add := math.Min(f.hi[i]-f.lo[i], budget)
		if g, ok := groupOf[i]; ok {
			add = math.Min(add, room[g])
			room[g] -= add
		}
		budget -= add
		ret += mu[i] * (f.lo[i] + add)
	}
	return ret
}

// solveGamma solves the γ problem warm-started from w.
func (o *Optimizer) solveGamma(w []float64, gamma float64) ([]float64, float64, error) {
	x, _, err := o.qp.solve(w, gamma)
	if err != nil {
		return nil, 0, err
	}
	ret, _ := o.qp.stats(x)
	return x, ret, nil
}

// upperGamma returns a γ whose solution reaches at least target (or the
// maximum return), doubling from a scale-aware start above gammaLo.
func (o *Optimizer) upperGamma(w []float64, target, gammaLo float64) (float64, []float64, error) {
	spread := 1e-12
	for _, m := range o.m.Mean {
		spread = math.Max(spread, math.Abs(m))
	}
	gamma := math.Max(1e-3*o.qp.l/spread, 2*gammaLo)
	for range searchIter {
		x, ret, err := o.solveGamma(w, gamma)
		if err != nil {
			return 0, nil, err
		}
		if ret >= math.Min(target, o.maxRet)-returnTol {
			return gamma, x, nil
		}
		w, gamma = x, gamma*2
	}
	return 0, nil, fail(ErrNoConvergence, "return search")
}

// TargetAboveMaxError reports a target return above the largest
// attainable one (Max, an annual return as a fraction); it wraps
// ErrInfeasible.
type TargetAboveMaxError struct{ Max float64 }

func (e *TargetAboveMaxError) Error() string {
	return fmt.Sprintf("analytics: target return above the attainable %.4f: %v", e.Max, ErrInfeasible)
}

// Unwrap makes errors.Is(err, ErrInfeasible) hold.
func (e *TargetAboveMaxError) Unwrap() error { return ErrInfeasible }

// Public says why, with the return as a percentage (one decimal) as the UI
// shows it.
func (e *TargetAboveMaxError) Public() string {
	return fmt.Sprintf("the target return is above the highest attainable, %.1f%%.", e.Max*100)
}

// TargetReturn returns the minimum-variance portfolio with expected return
// equal to target, or the minimum-variance portfolio when target is below
// its return. A target above the maximum attainable return is infeasible.
func (o *Optimizer) TargetReturn(target float64) (wire.WeightedPortfolio, error) {
	w, _, err := o.targetReturn(target, nil, 0)
	if err != nil {
		return wire.WeightedPortfolio{}, err
	}
	return o.portfolio(w), nil
}

// targetReturn finds γ >= gammaLo with R(γ) = target by the Illinois
// method (R is nondecreasing and piecewise linear in γ).
func (o *Optimizer) targetReturn(target float64, warm []float64, gammaLo float64) ([]float64, float64, error) {
	if !finite(target) || target > o.maxRet+returnTol {
		return nil, 0, &TargetAboveMaxError{Max: o.maxRet}
	}
	mv, err := o.minVariance()
	if err != nil {
		return nil, 0, err
	}
	if r, _ := o.qp.stats(mv); target <= r+returnTol {
		return mv, 0, nil
	}
	if warm == nil {
		warm = mv
	}
	hi, xHi, err := o.upperGamma(warm, target, gammaLo)
	if err != nil {
		return nil, 0, err
	}
	return o.illinois(target, gammaLo, hi, xHi)
}

// illinois runs regula falsi with the Illinois modification on γ. x is
// the solution at hi (R(hi) >= target); the result is within returnTol of
// the target or at the collapsed bracket's upper end.
func (o *Optimizer) illinois(target, lo, hi float64, x []float64) ([]float64, float64, error) {
	_, rLo, err := o.solveGamma(x, lo)
	if err != nil {
		return nil, 0, err
	}
	rHi, _ := o.qp.stats(x)
	fHi := rHi - target
	wLo, wHi, side := rLo-target, fHi, 0
	for range searchIter {
		if fHi <= returnTol || hi-lo <= 1e-14*hi {
			return x, hi, nil
		}
		g := hi - wHi*(hi-lo)/(wHi-wLo)
		if !(g > lo && g < hi) {
			g = lo + (hi-lo)/2
		}
		xg, rg, err := o.solveGamma(x, g)
		if err != nil {
			return nil, 0, err
		}
		fg := rg - target
		if math.Abs(fg) <= returnTol {
			return xg, g, nil
		}
		if fg < 0 {
			lo, wLo = g, fg
			if side == -1 {
				wHi /= 2
			}
			side = -1
			continue
		}
		hi, fHi, wHi, x = g, fg, fg, xg
		if side == 1 {
			wLo /= 2
		}
		side = 1
	}
	return x, hi, nil
}
