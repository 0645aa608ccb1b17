package ui

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// svgNS is the SVG namespace; go-app needs it on every SVG element.
const svgNS = "http://www.w3.org/2000/svg"

// sv describes an SVG element as data; one renderer (ui) turns it into
// go-app elements. Charts build many elements, and a struct literal costs
// far less of app.wasm than a chain of builder calls per element.
type sv struct {
	tag, cls, id string
	keys         string     // names of the numeric attributes, space separated
	nums         [4]float64 // their values, in order
	d            string     // path data
	anchor       string     // text-anchor
	text         string
	title        string // a <title> child: the hover tooltip
	kids         []sv
}

// ui renders the element and its children.
func (n *sv) ui() app.UI {
	e := svgE(n.tag)
	if n.cls != "" {
		e = e.Class(n.cls)
	}
	if n.id != "" {
		e = e.ID(n.id)
	}
	for i, k := 0, n.keys; k != ""; i++ {
		name, rest, _ := strings.Cut(k, " ")
		e = e.Attr(name, f1(n.nums[i]))
		k = rest
	}
	if n.d != "" {
		e = e.Attr("d", n.d)
	}
	if n.anchor != "" {
		e = e.Attr("text-anchor", n.anchor)
	}
	kids := make([]app.UI, 0, len(n.kids)+1)
	if n.title != "" {
		kids = append(kids, svgE("title").Text(n.title))
	}
	for i := range n.kids {
		kids = append(kids, n.kids[i].ui())
	}
	if n.text != "" {
		kids = append(kids, app.Text(n.text))
	}
	if len(kids) > 0 {
		e = e.Body(kids...)
	}
	return e
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
