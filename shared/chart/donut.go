package chart

import (
	"math"
	"strings"
)

// Arc is one slice of a donut: angles in degrees clockwise from twelve
// o'clock, and its SVG path data.
type Arc struct {
	Index      int // position of the slice's weight in the input
	Start, End float64
	D          string
}

// Donut divides the full circle among the positive weights in proportion
// (non-positive and non-finite weights get no slice), as annular sectors
// between radii r0 < r1 around (cx, cy). The sweeps add up to 360 degrees.
func Donut(weights []float64, cx, cy, r0, r1 float64) []Arc {
	total := 0.0
	for _, w := range weights {
		if w > 0 && finite(w) {
			total += w
		}
	}
	if !(total > 0) || !finite(total) {
		return nil
	}
	var out []Arc
	at := 0.0
	for i, w := range weights {
		if !(w > 0) || !finite(w) {
			continue
		}
		end := at + 360*w/total
		out = append(out, Arc{Index: i, Start: at, End: end, D: sector(cx, cy, r0, r1, at, end)})
		at = end
	}
	out[len(out)-1].End = 360 // no rounding gap at the top
	return out
}

// polar returns the point at angle deg (clockwise from twelve o'clock).
func polar(cx, cy, r, deg float64) Pt {
	a := deg * math.Pi / 180
	return Pt{cx + r*math.Sin(a), cy - r*math.Cos(a)}
}

// sector draws the annular sector from a to b; a full circle is drawn as
// two half rings (one SVG arc cannot start and end at the same point).
func sector(cx, cy, r0, r1, a, b float64) string {
	if b-a >= 359.99 {
		return sector(cx, cy, r0, r1, 0, 180) + sector(cx, cy, r0, r1, 180, 360)
	}
	large := "0"
	if b-a > 180 {
		large = "1"
	}
	p1, p2 := polar(cx, cy, r1, a), polar(cx, cy, r1, b)
	q2, q1 := polar(cx, cy, r0, b), polar(cx, cy, r0, a)
	var s strings.Builder
	s.WriteString("M" + num(p1.X) + " " + num(p1.Y))
	s.WriteString("A" + num(r1) + " " + num(r1) + " 0 " + large + " 1 " + num(p2.X) + " " + num(p2.Y))
	s.WriteString("L" + num(q2.X) + " " + num(q2.Y))
	s.WriteString("A" + num(r0) + " " + num(r0) + " 0 " + large + " 0 " + num(q1.X) + " " + num(q1.Y) + "Z")
	return s.String()
}
