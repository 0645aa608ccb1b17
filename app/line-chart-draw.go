package ui

import (
	"strconv"

	"github.com/fortfolio/fortfolio/shared/chart"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// axes draws the grid lines and tick labels.
func (c *lineChart) axes(g *chart.Lines) app.UI {
	a := g.Area
	return svgE("g").Class("axes").Body(
		app.Range(g.YTicks).Slice(func(i int) app.UI {
			t := g.YTicks[i]
			return svgE("g").Body(
				svgE("line").Class("grid").Attr("x1", f1(a.X)).Attr("x2", f1(a.X+a.W)).Attr("y1", f1(t.Pos)).Attr("y2", f1(t.Pos)),
				svgE("text").Attr("x", f1(a.X-6)).Attr("y", f1(t.Pos+4)).Attr("text-anchor", "end").Text(t.Label))
		}),
		app.Range(g.XTicks).Slice(func(i int) app.UI {
			t := g.XTicks[i]
			return svgE("text").Attr("x", f1(t.Pos)).Attr("y", f1(a.Y+a.H+18)).Attr("text-anchor", "middle").Text(t.Label)
		}),
		svgE("line").Class("axis").Attr("x1", f1(a.X)).Attr("x2", f1(a.X+a.W)).Attr("y1", f1(a.Y+a.H)).Attr("y2", f1(a.Y+a.H)),
	)
}

// bands shades the periods and numbers them at the top.
func (c *lineChart) bands(g *chart.Lines) app.UI {
	a := g.Area
	return svgE("g").Class("bands").Body(app.Range(c.IBands).Slice(func(i int) app.UI {
		b := c.IBands[i]
		x0, x1 := g.X.At(float64(b.From)), g.X.At(float64(b.To))
		return svgE("rect").Attr("x", f1(x0)).Attr("y", f1(a.Y)).Attr("width", f1(max(x1-x0, 2))).Attr("height", f1(a.H))
	}))
}

// bandLabels numbers the periods above the lines.
func (c *lineChart) bandLabels(g *chart.Lines) app.UI {
	return svgE("g").Class("bands").Body(app.Range(c.IBands).Slice(func(i int) app.UI {
		b := c.IBands[i]
		x := (g.X.At(float64(b.From)) + g.X.At(float64(b.To))) / 2
		return svgE("text").Class("band-label").Attr("x", f1(x)).Attr("y", f1(g.Area.Y+14)).Attr("text-anchor", "middle").Text(b.Label)
	}))
}

// lines draws the series (the first filled to zero with Zero set).
func (c *lineChart) lines(g *chart.Lines) app.UI {
	var fill app.UI
	if c.IZero && len(g.Paths) > 0 && g.Paths[0] != "" {
		z := f1(g.Y.At(0))
		n := float64(len(c.IDates) - 1)
		fill = svgE("path").Class("area "+c.ISeries[0].Class).
			Attr("d", g.Paths[0]+"L"+f1(g.X.At(n))+" "+z+"L"+f1(g.X.At(0))+" "+z+"Z")
	}
	return svgE("g").Body(fill, app.Range(g.Paths).Slice(func(i int) app.UI {
		return svgE("path").Class("series "+c.ISeries[i].Class).Attr("d", g.Paths[i])
	}))
}

// marks draws a triangle under the plot for each flow: up for money in,
// down for money out.
func (c *lineChart) marks(g *chart.Lines) app.UI {
	y := g.Area.Y + g.Area.H
	return svgE("g").Class("marks").Body(app.Range(c.IMarks).Slice(func(i int) app.UI {
		m := c.IMarks[i]
		x := g.X.At(float64(m.Index))
		d, cls := "M"+f1(x)+" "+f1(y-9)+"l5 8h-10z", "mark mark-in"
		if !m.In {
			d, cls = "M"+f1(x)+" "+f1(y-1)+"l5 -8h-10z", "mark mark-out"
		}
		return svgE("path").Class(cls).Attr("d", d)
	}))
}

// tooltip draws the selected day: a guide line, a dot per series and a
// box with the date and the values.
func (c *lineChart) tooltip(g *chart.Lines) app.UI {
	if c.sel < 0 {
		return nil
	}
	a, i := g.Area, c.sel
	x := g.X.At(float64(i))
	lines := []string{c.IDates[i]}
	for _, s := range c.ISeries {
		lines = append(lines, s.Name+": "+c.fmt(s.Values[i]))
	}
	for _, m := range c.IMarks {
		if m.Index == i {
			lines = append(lines, m.Label)
		}
	}
	wide := 0
	for _, l := range lines {
		wide = max(wide, len(l))
	}
	bw, bh := 12+7*float64(wide), 8+16*float64(len(lines))
	bx := x + 10
	if bx+bw > a.X+a.W {
		bx = x - 10 - bw
	}
	bx = max(bx, 0)
	return svgE("g").Class("tip").ID(c.IID + "-tip").Body(
		svgE("line").Class("guide").Attr("x1", f1(x)).Attr("x2", f1(x)).Attr("y1", f1(a.Y)).Attr("y2", f1(a.Y+a.H)),
		app.Range(c.ISeries).Slice(func(k int) app.UI {
			v := c.ISeries[k].Values[i]
			if v != v {
				return nil
			}
			return svgE("circle").Class("dot "+c.ISeries[k].Class).Attr("cx", f1(x)).Attr("cy", f1(g.Y.At(v))).Attr("r", "3.5")
		}),
		svgE("rect").Class("tip-box").Attr("x", f1(bx)).Attr("y", f1(a.Y+4)).Attr("width", f1(bw)).Attr("height", f1(bh)).Attr("rx", "4"),
		app.Range(lines).Slice(func(k int) app.UI {
			return svgE("text").Class("tip-text").Attr("x", f1(bx+6)).Attr("y", f1(a.Y+20+16*float64(k))).Text(lines[k])
		}),
	)
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
	if c.geo == nil {
		return
	}
	r := ctx.JSSrc().Call("getBoundingClientRect")
	w := r.Get("width").Float()
	if w <= 0 {
		return
	}
	c.sel = c.geo.Nearest((clientX - r.Get("left").Float()) * c.geo.W / w)
}

func (c *lineChart) hide(ctx app.Context, e app.Event) { c.sel = -1 }

// onKey moves the tooltip with the arrow keys (Page keys by a tenth,
// Home and End to the ends, Escape hides it).
func (c *lineChart) onKey(ctx app.Context, e app.Event) {
	n := len(c.IDates)
	if n == 0 {
		return
	}
	cur := c.sel
	if cur < 0 {
		cur = n - 1
	}
	next, page := cur, max(1, n/10)
	switch e.Get("key").String() {
	case "ArrowLeft", "ArrowDown":
		next = cur - 1
	case "ArrowRight", "ArrowUp":
		next = cur + 1
	case "PageDown":
		next = cur - page
	case "PageUp":
		next = cur + page
	case "Home":
		next = 0
	case "End":
		next = n - 1
	case "Escape":
		c.sel = -1
		return
	default:
		return
	}
	e.PreventDefault()
	if c.sel < 0 {
		next = cur // the first key shows the last day
	}
	c.sel = max(0, min(next, n-1))
}

// itoa is strconv.Itoa.
func itoa(v int) string { return strconv.Itoa(v) }
