package ui

import (
	"strconv"

	"github.com/fortfolio/fortfolio/shared/chart"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// draw returns every element of the chart: grid and ticks, shaded
// periods, lines, period numbers, flow markers and the tooltip.
func (c *lineChart) draw(g *chart.Lines) []sv {
	a := g.Area
	hide := c.IFormat == chart.FormatMoney && !c.IPlain && amountsHidden()
	var out []sv
	for _, t := range g.YTicks {
		label := t.Label
		if hide {
			label = hiddenAmount
		}
		out = append(out, sv{spec: "line grid", nums: [4]float64{a.X, a.X + a.W, t.Pos, t.Pos}},
			sv{spec: "text tick tick-y", nums: [4]float64{a.X - 6, t.Pos + 4}, s: label})
	}
	for _, t := range g.XTicks {
		out = append(out, sv{spec: "text tick tick-x", nums: [4]float64{t.Pos, a.Y + a.H + 18}, s: t.Label})
	}
	for _, b := range c.IBands {
		x0, x1 := g.X.At(float64(b.From)), g.X.At(float64(b.To))
		out = append(out, sv{spec: "rect band", nums: [4]float64{x0, a.Y, max(x1-x0, 2), a.H}})
	}
	if c.IZero && g.Paths[0] != "" {
		z := f1(g.Y.At(0))
		out = append(out, sv{spec: "path area " + c.ISeries[0].Class,
			s: g.Paths[0] + "L" + f1(a.X+a.W) + " " + z + "L" + f1(a.X) + " " + z + "Z"})
	}
	for i, p := range g.Paths {
		out = append(out, sv{spec: "path series " + c.ISeries[i].Class, s: p})
	}
	for _, b := range c.IBands {
		x := (g.X.At(float64(b.From)) + g.X.At(float64(b.To))) / 2
		out = append(out, sv{spec: "text band-label", nums: [4]float64{x, a.Y + 14}, s: b.Label})
	}
	y := a.Y + a.H
	for _, m := range c.IMarks {
		x := g.X.At(float64(m.Index))
		n := sv{spec: "path mark mark-in", s: "M" + f1(x) + " " + f1(y-9) + "l5 8h-10z", title: m.Label}
		if !m.In {
			n.spec, n.s = "path mark mark-out", "M"+f1(x)+" "+f1(y-1)+"l5 -8h-10z"
		}
		out = append(out, n)
	}
	return append(out, c.tooltip(g)...)
}

// tooltip draws the selected day: a guide line, a dot per series and a
// box with the date and the values.
func (c *lineChart) tooltip(g *chart.Lines) []sv {
	if c.sel < 0 {
		return nil
	}
	a, i := g.Area, c.sel
	x := g.X.At(float64(i))
	lines := c.tipLines()
	wide := 0
	for _, l := range lines {
		wide = max(wide, len([]rune(l)))
	}
	bw, bh := 12+7*float64(wide), 8+16*float64(len(lines))
	bx := x + 10
	if bx+bw > a.X+a.W {
		bx = max(x-10-bw, 0)
	}
	tip := []sv{{spec: "line guide", nums: [4]float64{x, x, a.Y, a.Y + a.H}}}
	for _, s := range c.ISeries {
		if v := s.Values[i]; v == v {
			tip = append(tip, sv{spec: "circle dot " + s.Class, nums: [4]float64{x, g.Y.At(v), 3.5}})
		}
	}
	tip = append(tip, sv{spec: "rect tip-box", nums: [4]float64{bx, a.Y + 4, bw, bh}})
	for k, l := range lines {
		tip = append(tip, sv{spec: "text tip-text", nums: [4]float64{bx + 6, a.Y + 20 + 16*float64(k)}, s: l})
	}
	return []sv{{spec: "g tip #" + c.IID + "-tip", kids: tip}}
}

// tipLines are the tooltip's lines: the date, each value, the day's flow.
func (c *lineChart) tipLines() []string {
	lines := []string{c.IDates[c.sel]}
	for _, s := range c.ISeries {
		lines = append(lines, s.Name+": "+c.fmt(s.Values[c.sel]))
	}
	for _, m := range c.IMarks {
		if m.Index == c.sel {
			lines = append(lines, m.Label)
		}
	}
	return lines
}

// onPointer moves the tooltip to the date under the mouse.
func (c *lineChart) onPointer(ctx app.Context, e app.Event) {
	c.pointAt(ctx, e.Get("clientX").Float())
}

// onTouch moves the tooltip to the date under the finger.
func (c *lineChart) onTouch(ctx app.Context, e app.Event) {
	if t := e.Get("touches"); t.Length() > 0 {
		c.pointAt(ctx, t.Index(0).Get("clientX").Float())
	}
}

// pointAt selects the date nearest to the viewport x coordinate.
func (c *lineChart) pointAt(ctx app.Context, clientX float64) {
	r := ctx.JSSrc().Call("getBoundingClientRect")
	if w := r.Get("width").Float(); c.geo != nil && w > 0 {
		c.sel = c.geo.Nearest((clientX - r.Get("left").Float()) * c.geo.W / w)
	}
}

func (c *lineChart) hide(ctx app.Context, e app.Event) { c.sel = -1 }

// chartKeys maps keys to moves: steps of one day, a tenth of the range
// (Page keys, as 10), or to the ends (Home, End, as ±1e9).
var chartKeys = map[string]int{"ArrowLeft": -1, "ArrowDown": -1, "ArrowRight": 1, "ArrowUp": 1,
	"PageDown": -10, "PageUp": 10, "Home": -1e9, "End": 1e9}

// onKey moves the tooltip with the keyboard; the first key shows the
// last day, Escape hides the tooltip.
func (c *lineChart) onKey(ctx app.Context, e app.Event) {
	key := e.Get("key").String()
	step, ok := chartKeys[key]
	n := len(c.IDates)
	if key == "Escape" {
		c.sel = -1
	}
	if !ok || n == 0 {
		return
	}
	e.PreventDefault()
	if step == 10 || step == -10 {
		step = step / 10 * max(1, n/10)
	}
	switch {
	case c.sel < 0:
		c.sel = n - 1
	default:
		c.sel = max(0, min(c.sel+step, n-1))
	}
}

// itoa is strconv.Itoa, called rather than inlined: inlined, its fast
// path for small numbers is copied to every place it is written.
//
//go:noinline
func itoa(v int) string { return strconv.Itoa(v) }

// ftoa is ftoa(v, prec), called rather than inlined.
//
//go:noinline
func ftoa(v float64, prec int) string { return strconv.FormatFloat(v, 'f', prec, 64) }
