package chart

import (
	"encoding/base64"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Colours of the SVG output (presentation attributes, no style).
const (
	lineColour   = "#3b82f6"
	fillColour   = "#e5484d"
	axisColour   = "#8b949e"
	textColour   = "#8b949e"
	markCurrent  = "#e5484d"
	markOptimal  = "#2da44e"
	svgNamespace = "http://www.w3.org/2000/svg"
)

// Escape returns s safe for XML text and attributes: the five XML
// specials become entities, and invalid UTF-8 and control characters
// (which XML 1.0 forbids) are removed. One pass by hand: a
// strings.Replacer would add its machinery to app.wasm.
func Escape(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size == 1:
		case r < 0x20 && r != '\t' && r != '\n', r == 0x7f, r == 0xfffe, r == 0xffff:
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '"':
			b.WriteString("&quot;")
		case r == '\'':
			b.WriteString("&#39;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// num formats a coordinate with two decimals.
func num(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }

// points formats a point list for a polyline or polygon.
func points(pts []Pt) string {
	var b strings.Builder
	for i, p := range pts {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(num(p.X) + "," + num(p.Y))
	}
	return b.String()
}

// SVG renders the plot as a standalone SVG document. Only numbers and
// escaped labels are written.
func (p Plot) SVG() string {
	var b strings.Builder
	b.WriteString(`<svg xmlns="` + svgNamespace + `" viewBox="0 0 ` + num(p.W) + " " + num(p.H) +
		`" width="` + num(p.W) + `" height="` + num(p.H) + `" role="img" font-family="sans-serif" font-size="11">`)
	b.WriteString("<title>" + Escape(p.Title) + "</title>")
	b.WriteString(`<text x="` + num(p.Area.X) + `" y="16" fill="` + textColour + `" font-size="13">` + Escape(p.Title) + "</text>")
	p.axesSVG(&b)
	if len(p.Fill) > 0 {
		b.WriteString(`<polygon points="` + points(p.Fill) + `" fill="` + fillColour + `" fill-opacity="0.3" stroke="none"/>`)
	}
	stroke := lineColour
	if len(p.Fill) > 0 {
		stroke = fillColour
	}
	b.WriteString(`<polyline points="` + points(p.Line) + `" fill="none" stroke="` + stroke + `" stroke-width="1.5"/>`)
	for _, m := range p.Markers {
		c := markOptimal
		if m.Kind == "current" {
			c = markCurrent
		}
		b.WriteString(`<circle cx="` + num(m.At.X) + `" cy="` + num(m.At.Y) + `" r="5" fill="` + c + `"/>`)
		b.WriteString(`<text x="` + num(m.At.X+8) + `" y="` + num(m.At.Y-6) + `" fill="` + c + `">` + Escape(m.Label) + "</text>")
	}
	b.WriteString("</svg>")
	return b.String()
}

// axesSVG writes the frame, grid lines and tick labels.
func (p Plot) axesSVG(b *strings.Builder) {
	a := p.Area
	b.WriteString(`<rect x="` + num(a.X) + `" y="` + num(a.Y) + `" width="` + num(a.W) + `" height="` + num(a.H) +
		`" fill="none" stroke="` + axisColour + `" stroke-width="0.5"/>`)
	for _, t := range p.YTicks {
		b.WriteString(`<line x1="` + num(a.X) + `" y1="` + num(t.Pos) + `" x2="` + num(a.X+a.W) + `" y2="` + num(t.Pos) +
			`" stroke="` + axisColour + `" stroke-width="0.3"/>`)
		b.WriteString(`<text x="` + num(a.X-6) + `" y="` + num(t.Pos+4) + `" text-anchor="end" fill="` + textColour + `">` + Escape(t.Label) + "</text>")
	}
	if p.Zero != nil {
		b.WriteString(`<line x1="` + num(a.X) + `" y1="` + num(*p.Zero) + `" x2="` + num(a.X+a.W) + `" y2="` + num(*p.Zero) +
			`" stroke="` + axisColour + `" stroke-width="1"/>`)
	}
	for i, t := range p.XTicks {
		anchor := "middle"
		if i == 0 {
			anchor = "start"
		} else if i == 1 && len(p.XTicks) <= 3 {
			anchor = "end"
		}
		b.WriteString(`<text x="` + num(t.Pos) + `" y="` + num(a.Y+a.H+18) + `" text-anchor="` + anchor + `" fill="` + textColour + `">` + Escape(t.Label) + "</text>")
	}
}

// DataURL returns the SVG as a base64 data: URL for an <img> element (the
// image cannot run scripts and needs no style attributes).
func DataURL(svg string) string {
	return "data:image/svg+xml;base64," + base64.StdEncoding.EncodeToString([]byte(svg))
}
