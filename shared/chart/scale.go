package chart

import (
	"strconv"
	"strings"
)

// Scale maps the domain [D0, D1] linearly onto the range [R0, R1].
type Scale struct{ D0, D1, R0, R1 float64 }

// At maps v; a zero-width domain maps to the middle of the range.
func (s Scale) At(v float64) float64 {
	if s.D1 == s.D0 {
		return (s.R0 + s.R1) / 2
	}
	return s.R0 + (v-s.D0)/(s.D1-s.D0)*(s.R1-s.R0)
}

// Invert maps a range position back to the domain.
func (s Scale) Invert(r float64) float64 {
	if s.R1 == s.R0 {
		return s.D0
	}
	return s.D0 + (r-s.R0)/(s.R1-s.R0)*(s.D1-s.D0)
}

// Path returns SVG path data ("M x y L x y ...") through pts; a point with
// a non-finite coordinate breaks the line, and the next one starts a new
// segment with M.
func Path(pts []Pt) string {
	var b strings.Builder
	pen := false
	for _, p := range pts {
		if !finite(p.X) || !finite(p.Y) {
			pen = false
			continue
		}
		if pen {
			b.WriteString("L")
		} else {
			b.WriteString("M")
		}
		b.WriteString(num1(p.X) + " " + num1(p.Y))
		pen = true
	}
	return b.String()
}

// num1 formats a coordinate with one decimal (enough at screen scale).
func num1(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }
