package analytics

import (
	"cmp"
	"math"
	"slices"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// unknownGroup labels holdings without sector or country metadata.
const unknownGroup = "Unknown"

// allocate groups market values by key and weights them by base.
func allocate(values map[string]float64, key func(string) string, base float64) []wire.Allocation {
	sums := map[string]float64{}
	for t, v := range values {
		k := key(t)
		if k == "" {
			k = unknownGroup
		}
		sums[k] += v
	}
	out := make([]wire.Allocation, 0, len(sums))
	for k, v := range sums {
		out = append(out, wire.Allocation{Key: k, Value: v, Weight: safeDiv(v, base)})
	}
	slices.SortFunc(out, func(a, b wire.Allocation) int {
		return cmp.Or(cmp.Compare(b.Weight, a.Weight), cmp.Compare(a.Key, b.Key))
	})
	return out
}

// exposureOf computes the long/short monitor of market values.
func exposureOf(values map[string]float64, base float64) wire.Exposure {
	var e wire.Exposure
	for _, v := range values {
		if v > 0 {
			e.Long += v
		} else {
			e.Short += v
		}
	}
	e.Gross, e.Net = e.Long-e.Short, e.Long+e.Short
	e.GrossPct, e.NetPct = safeDiv(e.Gross, base), safeDiv(e.Net, base)
	return e
}

// safeDiv returns a/b, or 0 when b is 0 or the result is not finite.
func safeDiv(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	x := a / b
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0
	}
	return x
}
