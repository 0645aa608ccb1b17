package chart

import "math"

// Default chart size in SVG user units.
const (
	Width  = 720
	Height = 260
)

// TimeSeries plots values over dates (one label per value, evenly spaced
// on the x axis). With area set, the region between the line and zero is
// filled (drawdown charts) and the y axis is formatted as a percentage.
func TimeSeries(title string, dates []string, values []float64, area bool, w, h float64) (Plot, error) {
	if len(dates) != len(values) {
		return Plot{}, ErrNoData
	}
	lo, hi, n := bounds(values, area)
	if n < 2 {
		return Plot{}, ErrNoData
	}
	p := Plot{Title: title, W: w, H: h, Area: frame(w, h)}
	xs := scale{0, float64(len(values) - 1), p.Area.X, p.Area.X + p.Area.W}
	ys := scale{lo, hi, p.Area.Y + p.Area.H, p.Area.Y}
	for i, v := range values {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			continue
		}
		p.Line = append(p.Line, Pt{xs.at(float64(i)), ys.at(v)})
	}
	format := Money
	if area {
		format = Percent
		z := ys.at(0)
		p.Zero = &z
		p.Fill = append(append([]Pt{{p.Line[0].X, z}}, p.Line...), Pt{p.Line[len(p.Line)-1].X, z})
	}
	p.YTicks = yTicks(ys, format)
	p.XTicks = []Tick{{xs.at(0), dates[0]}, {xs.at(float64(len(dates) - 1)), dates[len(dates)-1]}}
	if len(dates) > 2 {
		mid := len(dates) / 2
		p.XTicks = append(p.XTicks, Tick{xs.at(float64(mid)), dates[mid]})
	}
	return p, nil
}

// Frontier plots the efficient frontier (x volatility, y expected return,
// both fractions) and marks the current and optimal portfolios. Both axes
// span the data (frontier and markers) on round ticks, so the curve fills
// the plot instead of being squeezed against a zero it never reaches.
func Frontier(title string, vols, rets []float64, current, optimal Pt, w, h float64) (Plot, error) {
	if len(vols) != len(rets) {
		return Plot{}, ErrNoData
	}
	xlo, xhi, n := bounds(append(append([]float64{}, vols...), current.X, optimal.X), false)
	ylo, yhi, _ := bounds(append(append([]float64{}, rets...), current.Y, optimal.Y), false)
	if n < 2 {
		return Plot{}, ErrNoData
	}
	p := Plot{Title: title, W: w, H: h, Area: frame(w, h)}
	xt, yt := NiceTicks(xlo, xhi, 5), NiceTicks(ylo, yhi, 4)
	xs := scale{xt[0], xt[len(xt)-1], p.Area.X, p.Area.X + p.Area.W}
	ys := scale{yt[0], yt[len(yt)-1], p.Area.Y + p.Area.H, p.Area.Y}
	for i := range vols {
		if finite(vols[i]) && finite(rets[i]) {
			p.Line = append(p.Line, Pt{xs.at(vols[i]), ys.at(rets[i])})
		}
	}
	for _, m := range []Marker{{current, "current", "Current"}, {optimal, "optimal", "Optimal"}} {
		if finite(m.At.X) && finite(m.At.Y) {
			p.Markers = append(p.Markers, Marker{At: Pt{xs.at(m.At.X), ys.at(m.At.Y)}, Kind: m.Kind, Label: m.Label})
		}
	}
	for _, v := range yt {
		p.YTicks = append(p.YTicks, Tick{ys.at(v), AxisLabel(v, yt[1]-yt[0], FormatPercent)})
	}
	for _, v := range xt {
		p.XTicks = append(p.XTicks, Tick{xs.at(v), AxisLabel(v, xt[1]-xt[0], FormatPercent)})
	}
	return p, nil
}

// finite reports whether x is neither NaN nor infinite.
func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
