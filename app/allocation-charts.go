package ui

import (
	"github.com/fortfolio/fortfolio/shared/chart"
	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// allocGroup is one way of grouping the holdings.
type allocGroup struct {
	Key, Label string
	Rows       []wire.Allocation
}

// allocSlices is the number of groups drawn before the rest is "Other".
const allocSlices = 7

// allocationCharts shows the allocation by the chosen grouping as a donut
// and a treemap beside its table.
type allocationCharts struct {
	app.Compo
	Igroups []allocGroup
	Icur    string
	pick    string
}

// Currency sets the base currency of the table's amounts.
func (a *allocationCharts) Currency(c string) *allocationCharts { a.Icur = c; return a }

func newAllocationCharts() *allocationCharts { return &allocationCharts{} }

// Groups sets the groupings offered (those without rows are left out).
func (a *allocationCharts) Groups(g ...allocGroup) *allocationCharts {
	a.Igroups = nil
	for _, x := range g {
		if len(x.Rows) > 0 {
			a.Igroups = append(a.Igroups, x)
		}
	}
	return a
}

func (a *allocationCharts) Render() app.UI {
	if len(a.Igroups) == 0 {
		return parac("muted", "Nothing held at the end of the period.")
	}
	cur := a.Igroups[0]
	for _, g := range a.Igroups {
		if g.Key == a.pick {
			cur = g
		}
	}
	keys, weights, short := allocTop(cur.Rows)
	return elDiv().ID("allocation").Body(
		elDiv().Class("seg").Role("group").Aria("label", "Group the allocation by").Body(a.switcher(cur.Key)...),
		divc("alloc-grid",
			donutSVG(cur.Label, keys, weights),
			treemapSVG(cur.Label, keys, weights),
			newAllocationTable().Title(cur.Label).Rows(cur.Rows).Currency(a.Icur),
		),
		when(short, func() app.UI {
			return parac("muted", "Short positions (negative weights) are listed in the table but not drawn.")
		}),
	)
}

// switcher renders one button per grouping.
func (a *allocationCharts) switcher(cur string) []app.UI {
	out := make([]app.UI, len(a.Igroups))
	for i, g := range a.Igroups {
		out[i] = segButton("alloc-"+g.Key, g.Label, g.Key == cur, func(ctx app.Context, e app.Event) { a.pick = g.Key })
	}
	return out
}

// segButton is a toggle button of a button group.
func segButton(id, label string, on bool, h app.EventHandler) app.UI {
	cls := "btn btn-small"
	if on {
		cls += " active"
	}
	return elButton().Attr("type", "button").Class(cls).ID(id).Aria("pressed", on).OnClick(h).Text(label)
}

// allocTop returns the positive weights of the largest groups, the rest
// summed as "Other", and whether any weight was negative.
func allocTop(rows []wire.Allocation) (keys []string, w []float64, short bool) {
	other := 0.0
	for _, r := range rows {
		switch {
		case r.Weight < 0:
			short = true
		case len(keys) < allocSlices:
			keys, w = append(keys, r.Key), append(w, r.Weight)
		default:
			other += r.Weight
		}
	}
	if other > 0 {
		keys, w = append(keys, "Other"), append(w, other)
	}
	return keys, w, short
}

// colourClass is the palette class of the i-th group.
func colourClass(i int) string { return "c" + itoa(i%8) }

// donutSVG draws the weights as a donut with a legend; each slice names
// its group and weight in a title (the hover tooltip).
func donutSVG(label string, keys []string, w []float64) app.UI {
	var slices []sv
	for _, a := range chart.Donut(w, 100, 100, 58, 96) {
		k := a.Index
		slices = append(slices, sv{spec: "path slice " + colourClass(k), s: a.D, title: keys[k] + ": " + fmtPct(w[k])})
	}
	legend := make([]app.UI, len(keys))
	for i, k := range keys {
		legend[i] = elLi().Body(elSpan().Class("swatch "+colourClass(i)), app.Text(k+" "+fmtPct(w[i])))
	}
	return elFigure().Class("alloc-fig").Body(
		svgChart("donut #alloc-donut", 200, 200, "Donut chart of the allocation by "+label+": "+weightsText(keys, w), slices...),
		elUl().Class("alloc-legend").Body(legend...),
	)
}

// treemapSVG draws the weights as a treemap; tiles large enough carry
// their name and weight.
func treemapSVG(label string, keys []string, w []float64) app.UI {
	var tiles []sv
	for i, r := range chart.Treemap(w, chart.Rect{W: 360, H: 240}) {
		if r.W*r.H <= 0 {
			continue
		}
		tiles = append(tiles, sv{spec: "rect tile " + colourClass(i), nums: [4]float64{r.X, r.Y, r.W, r.H},
			title: keys[i] + ": " + fmtPct(w[i])})
		if r.W > 7*float64(len(keys[i]))+10 && r.H > 36 {
			tiles = append(tiles, sv{spec: "text tile-text", nums: [4]float64{r.X + 6, r.Y + 17}, s: keys[i]},
				sv{spec: "text tile-text", nums: [4]float64{r.X + 6, r.Y + 32}, s: fmtPct(w[i])})
		}
	}
	return elFigure().Class("alloc-fig").Body(
		svgChart("treemap #alloc-treemap", 360, 240, "Treemap of the allocation by "+label+": "+weightsText(keys, w), tiles...),
	)
}

// weightsText lists the groups and weights for screen readers.
func weightsText(keys []string, w []float64) string {
	s := ""
	for i, k := range keys {
		if i > 0 {
			s += ", "
		}
		s += k + " " + fmtPct(w[i])
	}
	return s + "."
}
