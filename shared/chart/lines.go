package chart

import (
	"math"
	"strconv"
)

// Format is how an axis shows its values.
type Format int

// Axis formats: a fraction as a percentage, or an amount of money.
const (
	FormatPercent Format = iota
	FormatMoney
)

// Lines is the geometry of a multi-series time chart sized w x h in
// screen units (one unit per CSS pixel, so labels keep their size on a
// phone). X is by index into the dates; Y covers every series' values on
// round ticks.
type Lines struct {
	W, H   float64
	Area   Rect
	X, Y   Scale
	XTicks []Tick // Pos in screen units
	YTicks []Tick
	Paths  []string // one per series
}

// Label width estimate per character of the 12px axis font.
const charW = 7.0

// NewLines lays out series (each as long as dates; NaN marks a missing
// value) in a w x h chart. withZero keeps 0 on the y axis (drawdowns).
func NewLines(dates []string, series [][]float64, w, h float64, f Format, withZero bool) (Lines, error) {
	var all []float64
	for _, s := range series {
		if len(s) != len(dates) {
			return Lines{}, ErrNoData
		}
		all = append(all, s...)
	}
	lo, hi, n := bounds(all, withZero)
	if n < 2 || len(dates) < 2 {
		return Lines{}, ErrNoData
	}
	l := Lines{W: w, H: h}
	ticks := NiceTicks(lo, hi, max(2, int((h-40)/45)))
	step := ticks[1] - ticks[0]
	width := 0
	labels := make([]string, len(ticks))
	for i, v := range ticks {
		labels[i] = AxisLabel(v, step, f)
		width = max(width, len(labels[i]))
	}
	left := 14 + charW*float64(width)
	l.Area = Rect{X: left, Y: 10, W: math.Max(w-left-12, 10), H: math.Max(h-10-26, 10)}
	l.X = Scale{0, float64(len(dates) - 1), l.Area.X, l.Area.X + l.Area.W}
	l.Y = Scale{ticks[0], ticks[len(ticks)-1], l.Area.Y + l.Area.H, l.Area.Y}
	for i, v := range ticks {
		l.YTicks = append(l.YTicks, Tick{Pos: l.Y.At(v), Label: labels[i]})
	}
	for _, t := range DateTicks(dates, max(2, int(l.Area.W/64))) {
		l.XTicks = append(l.XTicks, Tick{Pos: l.X.At(t.Pos), Label: t.Label})
	}
	for _, s := range series {
		pts := make([]Pt, len(s))
		for i, v := range s {
			pts[i] = Pt{l.X.At(float64(i)), l.Y.At(v)}
		}
		l.Paths = append(l.Paths, Path(pts))
	}
	return l, nil
}

// Nearest returns the index of the date nearest to screen x, clamped to
// [0, n-1].
func (l Lines) Nearest(x float64) int {
	i := int(math.Round(l.X.Invert(x)))
	return max(0, min(i, int(l.X.D1)))
}

// AxisLabel formats a tick value with as many decimals as its step needs:
// 0.05 as "5%", 0.025 as "2.5%", 12500 as "12.5k".
func AxisLabel(v, step float64, f Format) string {
	switch {
	case v == 0 && f == FormatPercent:
		return "0%"
	case v == 0:
		return "0"
	case f == FormatPercent:
		return strconv.FormatFloat(v*100, 'f', decimals(step*100), 64) + "%"
	}
	a, unit, div := math.Abs(v), "", 1.0
	switch {
	case a >= 1e9 || step >= 1e9:
		unit, div = "B", 1e9
	case a >= 1e6 || step >= 1e6:
		unit, div = "M", 1e6
	case a >= 1e3 || step >= 1e3:
		unit, div = "k", 1e3
	}
	return strconv.FormatFloat(v/div, 'f', decimals(step/div), 64) + unit
}

// decimals is the number of decimals that shows multiples of step exactly
// (0 for steps of 1 and more, at most 6).
func decimals(step float64) int {
	d := 0
	for s := math.Abs(step); d < 6 && s > 0 && math.Abs(s-math.Round(s)) > 1e-9*math.Max(1, s); s *= 10 {
		d++
	}
	return d
}
