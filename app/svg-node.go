package ui

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// svgNS is the SVG namespace; go-app needs it on every SVG element.
const svgNS = "http://www.w3.org/2000/svg"

// sv describes an SVG element as data; one renderer (ui) turns it into
// go-app elements. Charts build many elements, and a small struct literal
// costs far less of app.wasm than a chain of builder calls per element.
type sv struct {
	// spec is the tag, then classes and "#id", space separated:
	// "text tick", "g tip #perf-line-tip".
	spec string
	// nums are the tag's numeric attributes in the order of svgKeys.
	nums [4]float64
	// s is the path data of a path, the points of a polyline or polygon,
	// the text of a text element, the accessible label of an svg.
	s     string
	title string // a <title> child: the hover tooltip
	kids  []sv
}

// svgKeys names the numeric attributes of each tag, in nums order (an
// svg's width and height are its viewBox, see svgChart).
var svgKeys = map[string][]string{
	"line": {"x1", "x2", "y1", "y2"}, "rect": {"x", "y", "width", "height"},
	"circle": {"cx", "cy", "r"}, "text": {"x", "y"},
}

// ui renders the element and its children.
func (n *sv) ui() app.UI {
	tag, rest, _ := strings.Cut(n.spec, " ")
	e := svgE(tag)
	var cls []string
	for _, t := range strings.Fields(rest) {
		if t[0] == '#' {
			e = e.ID(t[1:])
		} else {
			cls = append(cls, t)
		}
	}
	if len(cls) > 0 {
		e = e.Class(strings.Join(cls, " "))
	}
	for i, k := range svgKeys[tag] {
		e = e.Attr(k, f1(n.nums[i]))
	}
	kids := make([]app.UI, 0, len(n.kids)+1)
	if n.title != "" {
		kids = append(kids, svgE("title").Text(n.title))
	}
	for i := range n.kids {
		kids = append(kids, n.kids[i].ui())
	}
	switch {
	case tag == "svg":
		e = e.Attr("viewBox", "0 0 "+f1(n.nums[0])+" "+f1(n.nums[1])).Attr("role", "img").Aria("label", n.s)
	case tag == "path":
		e = e.Attr("d", n.s)
	case tag == "polyline" || tag == "polygon":
		e = e.Attr("points", n.s)
	case n.s != "":
		kids = append(kids, app.Text(n.s))
	}
	if len(kids) > 0 {
		e = e.Body(kids...)
	}
	return e
}

// svgChart is an inline chart: an <svg> with the spec's classes and id,
// w by h user units, labelled for screen readers, drawing marks.
func svgChart(spec string, w, h float64, label string, marks ...sv) app.UI {
	root := sv{spec: "svg " + spec, nums: [4]float64{w, h}, s: label, kids: marks}
	return root.ui()
}

// svgUI renders a list of elements.
func svgUI(ns []sv) []app.UI {
	out := make([]app.UI, len(ns))
	for i := range ns {
		out[i] = ns[i].ui()
	}
	return out
}

func svgE(tag string) app.HTMLElem { return app.Elem(tag).XMLNS(svgNS) }
