// Package chart computes the geometry of Fortfolio's charts (value,
// drawdown and efficient-frontier plots) from numbers only and renders it
// as SVG. It uses the standard library only, so the server (SVG endpoint,
// PDF report) and the WebAssembly client draw identical charts.
package chart

import (
	"errors"
	"math"
	"strconv"
)

// ErrNoData is returned when fewer than two finite points are given.
var ErrNoData = errors.New("chart: at least two finite points are needed")

// Pt is a point in chart coordinates (origin top left, y down).
type Pt struct{ X, Y float64 }

// Rect is the plotting area inside the chart.
type Rect struct{ X, Y, W, H float64 }

// Tick is an axis label at a position (x for the x axis, y for the y axis).
type Tick struct {
	Pos   float64
	Label string
}

// Marker is a highlighted point; Kind is "current" or "optimal".
type Marker struct {
	At    Pt
	Kind  string
	Label string
}

// Plot is a chart's complete geometry. Line is a polyline; Fill, when set,
// is a closed polygon (drawdown area).
type Plot struct {
	Title   string
	W, H    float64
	Area    Rect
	Line    []Pt
	Fill    []Pt
	Zero    *float64 // y of the zero line, when drawn
	XTicks  []Tick
	YTicks  []Tick
	Markers []Marker
}

// scale maps [min, max] onto [a, b].
type scale struct{ min, max, a, b float64 }

// at maps v.
func (s scale) at(v float64) float64 {
	if s.max == s.min {
		return (s.a + s.b) / 2
	}
	return s.a + (v-s.min)/(s.max-s.min)*(s.b-s.a)
}

// bounds returns the finite min and max of v (optionally including 0).
func bounds(v []float64, withZero bool) (lo, hi float64, n int) {
	lo, hi = math.Inf(1), math.Inf(-1)
	if withZero {
		lo, hi = 0, 0
	}
	for _, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			continue
		}
		lo, hi, n = math.Min(lo, x), math.Max(hi, x), n+1
	}
	return lo, hi, n
}

// frame returns the plotting area of a w x h chart.
func frame(w, h float64) Rect {
	return Rect{X: 64, Y: 28, W: w - 64 - 16, H: h - 28 - 30}
}

// yTicks returns five evenly spaced labels from lo to hi.
func yTicks(ys scale, format func(float64) string) []Tick {
	out := make([]Tick, 0, 5)
	for i := range 5 {
		v := ys.min + float64(i)*(ys.max-ys.min)/4
		out = append(out, Tick{Pos: ys.at(v), Label: format(v)})
	}
	return out
}

// Money formats a value with thousands abbreviated (12.3k, 1.2M).
func Money(v float64) string {
	a := math.Abs(v)
	switch {
	case a >= 1e9:
		return strconv.FormatFloat(v/1e9, 'f', 1, 64) + "B"
	case a >= 1e6:
		return strconv.FormatFloat(v/1e6, 'f', 1, 64) + "M"
	case a >= 1e3:
		return strconv.FormatFloat(v/1e3, 'f', 1, 64) + "k"
	}
	return strconv.FormatFloat(v, 'f', 0, 64)
}

// Percent formats a fraction as a percentage with one decimal.
func Percent(v float64) string {
	return strconv.FormatFloat(v*100, 'f', 1, 64) + "%"
}
