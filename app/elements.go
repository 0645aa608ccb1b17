package ui

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// The element shorthands below build the elements pages repeat most, each
// in one call. A go-app builder chain (app.Td().Class(c).Text(t)) compiles
// to an inlined constructor and one call per link at every place it is
// written; the shorthand is one call there, which keeps app.wasm small
// (docs/performance.md, Client size). They render exactly what the chain
// renders.

// td is a table cell holding text.
func td(text string) app.UI { return app.Td().Text(text) }

// tdc is a table cell with a class, holding text.
func tdc(class, text string) app.UI { return app.Td().Class(class).Text(text) }

// th is a column heading.
func th(text string) app.UI { return app.Th().Text(text) }

// thc is a column heading with a class.
func thc(class, text string) app.UI { return app.Th().Class(class).Text(text) }

// tr is a table row.
func tr(cells ...app.UI) app.UI { return app.Tr().Body(cells...) }

// thead is a table's head.
func thead(rows ...app.UI) app.UI { return app.THead().Body(rows...) }

// tbody is a table's body.
func tbody(rows ...app.UI) app.UI { return app.TBody().Body(rows...) }

// para is a paragraph of text.
func para(text string) app.UI { return app.P().Text(text) }

// parac is a paragraph of text with a class.
func parac(class, text string) app.UI { return app.P().Class(class).Text(text) }

// spanc is a span of text with a class.
func spanc(class, text string) app.UI { return app.Span().Class(class).Text(text) }

// divc is a div with a class around children.
func divc(class string, children ...app.UI) app.UI { return app.Div().Class(class).Body(children...) }

// divct is a div with a class holding text.
func divct(class, text string) app.UI { return app.Div().Class(class).Text(text) }

// h2 is a section heading.
func h2(text string) app.UI { return app.H2().Text(text) }

// h3 is a sub-section heading.
func h3(text string) app.UI { return app.H3().Text(text) }

// dt is the term of a definition list entry.
func dt(text string) app.UI { return app.Dt().Text(text) }

// button is a button with a class and an id that runs h when clicked.
func button(class, id, text string, h app.EventHandler) app.UI {
	return app.Button().Class(class).ID(id).Text(text).OnClick(h)
}

// stateButton is button, disabled while disabled is true.
func stateButton(class, id string, disabled bool, text string, h app.EventHandler) app.UI {
	return app.Button().Class(class).ID(id).Disabled(disabled).Text(text).OnClick(h)
}

// formButton is a button of the given type (submit, button) in a form,
// disabled while disabled is true.
func formButton(class, id, typ string, disabled bool, text string) app.UI {
	return app.Button().Class(class).ID(id).Type(typ).Disabled(disabled).Text(text)
}

// paraID is a paragraph of text with a class and an id.
func paraID(class, id, text string) app.UI { return app.P().Class(class).ID(id).Text(text) }

// divID is a div of text with a class and an id.
func divID(class, id, text string) app.UI { return app.Div().Class(class).ID(id).Text(text) }

// spanID is a span of text with a class and an id.
func spanID(class, id, text string) app.UI { return app.Span().Class(class).ID(id).Text(text) }

// divcID is a div with a class and an id around children.
func divcID(class, id string, children ...app.UI) app.UI {
	return app.Div().Class(class).ID(id).Body(children...)
}

// label is a label: its text, then the field (and anything after it).
func label(text string, field ...app.UI) app.UI {
	return app.Label().Body(append([]app.UI{app.Text(text)}, field...)...)
}

// when is app.If without an else branch. go-app's If is small enough to be
// inlined, which adds a wrapper function at every place it is written;
// calling it from here keeps one.
//
//go:noinline
func when(cond bool, elem func() app.UI) app.UI { return app.If(cond, elem) }
