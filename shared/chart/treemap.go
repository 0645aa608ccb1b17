package chart

import "math"

// Treemap tiles box with one rectangle per weight, each with an area
// proportional to its weight (squarified layout: rows are closed when the
// next item would worsen their aspect ratio, so tiles stay close to
// squares). Out[i] belongs to weights[i]; non-positive and non-finite
// weights get an empty rectangle at the box's corner.
func Treemap(weights []float64, box Rect) []Rect {
	out := make([]Rect, len(weights))
	var ids []int
	total := 0.0
	for i, w := range weights {
		out[i] = Rect{X: box.X, Y: box.Y}
		if w > 0 && finite(w) {
			ids = append(ids, i)
			total += w
		}
	}
	if len(ids) == 0 || !(box.W > 0 && box.H > 0) {
		return out
	}
	for i := 1; i < len(ids); i++ { // insertion sort, largest first, stable: few groups
		for j := i; j > 0 && weights[ids[j]] > weights[ids[j-1]]; j-- {
			ids[j], ids[j-1] = ids[j-1], ids[j]
		}
	}
	areas := make([]float64, len(ids))
	for j, i := range ids {
		areas[j] = weights[i] / total * box.W * box.H
	}
	squarify(areas, ids, box, out)
	return out
}

// squarify lays out the sorted areas in r row by row.
func squarify(areas []float64, ids []int, r Rect, out []Rect) {
	for len(areas) > 0 {
		side := math.Min(r.W, r.H)
		k := 1
		for k < len(areas) && worst(areas[:k+1], side) <= worst(areas[:k], side) {
			k++
		}
		if k == len(areas) {
			r = layoutRow(areas, ids, r, out, true)
			return
		}
		r = layoutRow(areas[:k], ids[:k], r, out, false)
		areas, ids = areas[k:], ids[k:]
	}
}

// worst is the largest aspect ratio of a row of areas along side.
func worst(row []float64, side float64) float64 {
	s, hi, lo := 0.0, 0.0, math.Inf(1)
	for _, a := range row {
		s += a
		hi, lo = math.Max(hi, a), math.Min(lo, a)
	}
	s2, w2 := s*s, side*side
	return math.Max(w2*hi/s2, s2/(w2*lo))
}

// layoutRow places one row along the shorter side of r and returns what
// is left of r. The last row takes all of r, so rounding leaves no gap.
func layoutRow(row []float64, ids []int, r Rect, out []Rect, last bool) Rect {
	s := 0.0
	for _, a := range row {
		s += a
	}
	if r.W >= r.H { // a column at the left
		w := s / r.H
		if last {
			w = r.W
		}
		y := r.Y
		for j, a := range row {
			h := a / w
			if j == len(row)-1 {
				h = r.Y + r.H - y
			}
			out[ids[j]] = Rect{X: r.X, Y: y, W: w, H: h}
			y += h
		}
		return Rect{X: r.X + w, Y: r.Y, W: r.W - w, H: r.H}
	}
	h := s / r.W // a row at the top
	if last {
		h = r.H
	}
	x := r.X
	for j, a := range row {
		w := a / h
		if j == len(row)-1 {
			w = r.X + r.W - x
		}
		out[ids[j]] = Rect{X: x, Y: r.Y, W: w, H: h}
		x += w
	}
	return Rect{X: r.X, Y: r.Y + h, W: r.W, H: r.H - h}
}
