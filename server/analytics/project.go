package analytics

import (
	"errors"
	"math"
	"strconv"
)

// ErrInfeasible is returned when the optimisation constraints admit no
// portfolio (bounds or sector caps cannot sum to 1, or a target return is
// out of reach).
var ErrInfeasible = errors.New("infeasible constraints")

// feasibleSet (used by one goroutine: it keeps scratch space) is
// {w : sum w = 1, lo <= w <= hi, sum_{i in g} w_i <= cap_g}
// for disjoint groups g.
type feasibleSet struct {
	lo, hi   []float64
	groups   [][]int // capped groups
	caps     []float64
	uncapped []int
	// breaks keeps, per index set boxSum is called with (the uncapped
	// set, then each group), the breakpoints in their last sorted order:
	// successive projections move little, so re-sorting them is nearly
	// free and allocates nothing.
	breaks map[*int]*breakpoints
}

// breakpoints are the 2n breakpoints v_i - hi_i, v_i - lo_i of one index
// set: at[e] is the value of breakpoint which[e] (index position e/2, upper
// bound when even).
type breakpoints struct {
	at    []float64
	which []int
}

// check returns ErrInfeasible when the set is empty.
func (f *feasibleSet) check() error {
	sumLo, maxSum := 0.0, 0.0
	for i := range f.lo {
		if !(f.lo[i] <= f.hi[i]) {
			return fail(ErrInfeasible, "lower bound above upper bound")
		}
		sumLo += f.lo[i]
	}
	for _, i := range f.uncapped {
		maxSum += f.hi[i]
	}
	for g, idx := range f.groups {
		lo, hi := sumAt(f.lo, idx), sumAt(f.hi, idx)
		if lo > f.caps[g]+1e-12 {
			return fail(ErrInfeasible, "sector lower bounds exceed cap")
		}
		maxSum += math.Min(hi, f.caps[g])
	}
	n := len(f.lo)
	if sumLo > 1+1e-12 {
		return fail(ErrInfeasible, "the minimum weights of the %d holdings add up to %s, more than 100%%: lower the minimum weight", n, percent(sumLo))
	}
	if maxSum < 1-1e-12 {
		return fail(ErrInfeasible, "the %d holdings reach only %s at their maximum weights and sector caps, and weights add up to 100%%: "+
			"raise the maximum weight per holding (at least %s for %d holdings) or loosen the sector caps", n, percent(maxSum), percentUp(1/float64(n)), n)
	}
	return nil
}

// percent formats a fraction as a percentage with at most two decimals
// for a message (0.8 is "80%").
func percent(x float64) string {
	return strconv.FormatFloat(math.Round(x*10000)/100, 'f', -1, 64) + "%"
}

// percentUp is percent rounded up, for a least value (1/3 is "33.34%").
func percentUp(x float64) string {
	return strconv.FormatFloat(math.Ceil(x*10000-1e-9)/100, 'f', -1, 64) + "%"
}

// sumAt sums x over the indices idx.
func sumAt(x []float64, idx []int) float64 {
	s := 0.0
	for _, i := range idx {
		s += x[i]
	}
	return s
}

// clip bounds x to [lo, hi].
func clip(x, lo, hi float64) float64 {
	if x < lo {
		return lo
	}
	if x > hi {
		return hi
	}
	return x
}

// boxSum returns λ such that sum_{i in idx} clip(v_i - λ, lo_i, hi_i) =
// target, exactly, using the sorted breakpoints of the piecewise linear sum.
// The caller guarantees sum lo <= target <= sum hi.
func (f *feasibleSet) boxSum(v []float64, idx []int, target float64) float64 {
	bp := f.sortedBreaks(v, idx)
	sum := func(l float64) float64 {
		s := 0.0
		for _, i := range idx {
			s += clip(v[i]-l, f.lo[i], f.hi[i])
		}
		return s
	}
	// Largest j with sum(bp[j]) >= target; sum is nonincreasing.
	j := sort0(len(bp), func(j int) bool { return sum(bp[j]) < target }) - 1
	if j < 0 {
		return bp[0]
	}
	if j == len(bp)-1 {
		return bp[j]
	}
	s0, s1 := sum(bp[j]), sum(bp[j+1])
	if s0 == s1 {
		return bp[j]
	}
	return bp[j] + (s0-target)*(bp[j+1]-bp[j])/(s0-s1)
}

// sortedBreaks returns the sorted breakpoints of idx for v, starting from
// their order in the previous call (an insertion sort of a nearly sorted
// list is linear). The slice is reused by the next call.
func (f *feasibleSet) sortedBreaks(v []float64, idx []int) []float64 {
	if len(idx) == 0 {
		return nil
	}
	if f.breaks == nil {
		f.breaks = map[*int]*breakpoints{}
	}
	b, ok := f.breaks[&idx[0]]
	if !ok {
		b = &breakpoints{at: make([]float64, 2*len(idx)), which: make([]int, 2*len(idx))}
		for e := range b.which {
			b.which[e] = e
		}
		f.breaks[&idx[0]] = b
	}
	for e, w := range b.which {
		i := idx[w/2]
		if w%2 == 0 {
			b.at[e] = v[i] - f.hi[i]
		} else {
			b.at[e] = v[i] - f.lo[i]
		}
	}
	for e := 1; e < len(b.at); e++ {
		for d := e; d > 0 && b.at[d] < b.at[d-1]; d-- {
			b.at[d], b.at[d-1] = b.at[d-1], b.at[d]
			b.which[d], b.which[d-1] = b.which[d-1], b.which[d]
		}
	}
	return b.at
}

// sort0 is sort.Search: the smallest j in [0, n) with pred(j), or n.
func sort0(n int, pred func(int) bool) int {
	lo, hi := 0, n
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if pred(m) {
			hi = m
		} else {
			lo = m + 1
		}
	}
	return lo
}

// project writes the Euclidean projection of v onto the set into w.
func (f *feasibleSet) project(v, w []float64) {
	if len(f.groups) == 0 {
		all := f.uncapped
		l := f.boxSum(v, all, 1)
		for _, i := range all {
			w[i] = clip(v[i]-l, f.lo[i], f.hi[i])
		}
		return
	}
	l := f.outerLambda(v)
	f.fill(v, w, l)
}

// fill sets w for a given budget multiplier λ, solving each capped group's
// multiplier exactly when its cap binds.
func (f *feasibleSet) fill(v, w []float64, l float64) float64 {
	total := 0.0
	for _, i := range f.uncapped {
		w[i] = clip(v[i]-l, f.lo[i], f.hi[i])
		total += w[i]
	}
	for g, idx := range f.groups {
		s := 0.0
		for _, i := range idx {
			w[i] = clip(v[i]-l, f.lo[i], f.hi[i])
			s += w[i]
		}
		if s > f.caps[g] {
			mu := f.boxSum(v, idx, f.caps[g])
			s = 0
			for _, i := range idx {
				w[i] = clip(v[i]-mu, f.lo[i], f.hi[i])
				s += w[i]
			}
		}
		total += s
	}
	return total
}

// outerLambda finds the budget multiplier with sector caps by bisection on
// the nonincreasing piecewise linear total, finished by a secant step.
func (f *feasibleSet) outerLambda(v []float64) float64 {
	lo, hi := math.Inf(1), math.Inf(-1)
	for i := range v {
		lo, hi = math.Min(lo, v[i]-f.hi[i]), math.Max(hi, v[i]-f.lo[i])
	}
	tmp := make([]float64, len(v))
	hLo, hHi := f.fill(v, tmp, lo), f.fill(v, tmp, hi)
	for range 200 {
		if hi-lo <= 1e-15*math.Max(1, math.Abs(lo)) {
			break
		}
		mid := lo + (hi-lo)/2
		if hm := f.fill(v, tmp, mid); hm >= 1 {
			lo, hLo = mid, hm
		} else {
			hi, hHi = mid, hm
		}
	}
	if hLo == hHi {
		return lo
	}
	return lo + (hLo-1)*(hi-lo)/(hLo-hHi)
}
