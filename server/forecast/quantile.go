package forecast

import "math"

// quantiles returns the ps-quantiles (ascending ps) of a with numpy's
// linear interpolation (as analytics.Quantile) without a full sort: each
// order statistic is found by quickselect on the part of a right of the
// previous one. a is reordered.
func quantiles(a []float64, ps []float64, out []float64) {
	n := len(a)
	from := 0
	for i, p := range ps {
		h := float64(n-1) * p
		lo := int(math.Floor(h))
		selectK(a, from, n-1, lo)
		v := a[lo]
		if lo+1 < n {
			next := a[lo+1]
			for _, x := range a[lo+2:] {
				next = math.Min(next, x)
			}
			v += (h - float64(lo)) * (next - a[lo])
		}
		out[i] = v
		from = lo
	}
}

// selectK reorders a[l..r] so a[k] is the value a sorted a[l..r] would
// hold there, smaller-or-equal values left of it and larger-or-equal
// right (Hoare's quickselect with a median-of-three pivot).
func selectK(a []float64, l, r, k int) {
	for l < r {
		m := l + (r-l)/2
		if a[m] < a[l] {
			a[m], a[l] = a[l], a[m]
		}
		if a[r] < a[l] {
			a[r], a[l] = a[l], a[r]
		}
		if a[r] < a[m] {
			a[r], a[m] = a[m], a[r]
		}
		pivot := a[m]
		i, j := l, r
		for i <= j {
			for a[i] < pivot {
				i++
			}
			for a[j] > pivot {
				j--
			}
			if i <= j {
				a[i], a[j] = a[j], a[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			r = j
		case k >= i:
			l = i
		default:
			return
		}
	}
}
