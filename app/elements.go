package ui

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// The element shorthands below build the elements pages repeat most, each
// in one call. A go-app builder chain (elTd().Class(c).Text(t)) compiles
// to an inlined constructor and one call per link at every place it is
// written; the shorthand is one call there, which keeps app.wasm small
// (docs/performance.md, Client size). They render exactly what the chain
// renders.

// td is a table cell holding text.
func td(text string) app.UI { return elTd().Text(text) }

// tdc is a table cell with a class, holding text.
func tdc(class, text string) app.UI { return elTd().Class(class).Text(text) }

// th is a column heading.
func th(text string) app.UI { return elTh().Text(text) }

// thc is a column heading with a class.
func thc(class, text string) app.UI { return elTh().Class(class).Text(text) }

// tr is a table row.
func tr(cells ...app.UI) app.UI { return elTr().Body(cells...) }

// thead is a table's head.
func thead(rows ...app.UI) app.UI { return el("thead").Body(rows...) }

// tbody is a table's body.
func tbody(rows ...app.UI) app.UI { return el("tbody").Body(rows...) }

// para is a paragraph of text.
func para(text string) app.UI { return elP().Text(text) }

// parac is a paragraph of text with a class.
func parac(class, text string) app.UI { return elP().Class(class).Text(text) }

// spanc is a span of text with a class.
func spanc(class, text string) app.UI { return elSpan().Class(class).Text(text) }

// divc is a div with a class around children.
func divc(class string, children ...app.UI) app.UI { return elDiv().Class(class).Body(children...) }

// divct is a div with a class holding text.
func divct(class, text string) app.UI { return elDiv().Class(class).Text(text) }

// h2 is a section heading.
func h2(text string) app.UI { return elH2().Text(text) }

// h3 is a sub-section heading.
func h3(text string) app.UI { return el("h3").Text(text) }

// dt is the term of a definition list entry.
func dt(text string) app.UI { return el("dt").Text(text) }

// button is a button with a class and an id that runs h when clicked.
func button(class, id, text string, h app.EventHandler) app.UI {
	return elButton().Class(class).ID(id).Text(text).OnClick(h)
}

// stateButton is button, disabled while disabled is true.
func stateButton(class, id string, disabled bool, text string, h app.EventHandler) app.UI {
	return elButton().Class(class).ID(id).Disabled(disabled).Text(text).OnClick(h)
}

// formButton is a button of the given type (submit, button) in a form,
// disabled while disabled is true.
func formButton(class, id, typ string, disabled bool, text string) app.UI {
	return elButton().Class(class).ID(id).Type(typ).Disabled(disabled).Text(text)
}

// paraID is a paragraph of text with a class and an id.
func paraID(class, id, text string) app.UI { return elP().Class(class).ID(id).Text(text) }

// divID is a div of text with a class and an id.
func divID(class, id, text string) app.UI { return elDiv().Class(class).ID(id).Text(text) }

// spanID is a span of text with a class and an id.
func spanID(class, id, text string) app.UI { return elSpan().Class(class).ID(id).Text(text) }

// divcID is a div with a class and an id around children.
func divcID(class, id string, children ...app.UI) app.UI {
	return elDiv().Class(class).ID(id).Body(children...)
}

// label is a label: its text, then the field (and anything after it).
func label(text string, field ...app.UI) app.UI {
	return elLabel().Body(append([]app.UI{app.Text(text)}, field...)...)
}

// when is app.If without an else branch. go-app's If is small enough to be
// inlined, which adds a wrapper function at every place it is written;
// calling it from here keeps one.
//
//go:noinline
func when(cond bool, elem func() app.UI) app.UI { return app.If(cond, elem) }

// The element constructors below are called rather than inlined. Inlined,
// a constructor tells the compiler the element's concrete type, so it calls
// each link of the chain that follows directly and inlines the small ones,
// once more at every place a chain is written; called, the chain goes
// through the element's interface, which is less code in app.wasm
// (docs/performance.md, Client size).
//
// Elements that need no attribute of their own are go-app's generic
// element (app.Elem) with the tag: go-app renders it exactly as its typed
// element of that tag, and every typed element the client uses adds its
// own copy of go-app's element methods to app.wasm. The others return
// exactly what go-app's constructors return.

// el is app.Elem(tag), a generic element with the given tag.
//
//go:noinline
func el(tag string) app.HTMLElem { return app.Elem(tag) }

// elDiv is app.Elem("div").
//
//go:noinline
func elDiv() app.HTMLElem { return app.Elem("div") }

// elInput is app.Input().
//
//go:noinline
func elInput() app.HTMLInput { return app.Input() }

// elA is app.A().
//
//go:noinline
func elA() app.HTMLA { return app.A() }

// elButton is app.Button().
//
//go:noinline
func elButton() app.HTMLButton { return app.Button() }

// elP is app.Elem("p").
//
//go:noinline
func elP() app.HTMLElem { return app.Elem("p") }

// elTable is app.Elem("table").
//
//go:noinline
func elTable() app.HTMLElem { return app.Elem("table") }

// elForm is app.Form().
//
//go:noinline
func elForm() app.HTMLForm { return app.Form() }

// elTd is app.Elem("td").
//
//go:noinline
func elTd() app.HTMLElem { return app.Elem("td") }

// elSelect is app.Select().
//
//go:noinline
func elSelect() app.HTMLSelect { return app.Select() }

// elLabel is app.Label().
//
//go:noinline
func elLabel() app.HTMLLabel { return app.Label() }

// elLi is app.Elem("li").
//
//go:noinline
func elLi() app.HTMLElem { return app.Elem("li") }

// elTr is app.Elem("tr").
//
//go:noinline
func elTr() app.HTMLElem { return app.Elem("tr") }

// elSpan is app.Elem("span").
//
//go:noinline
func elSpan() app.HTMLElem { return app.Elem("span") }

// elOption is app.Option().
//
//go:noinline
func elOption() app.HTMLOption { return app.Option() }

// elDd is app.Elem("dd").
//
//go:noinline
func elDd() app.HTMLElem { return app.Elem("dd") }

// elTh is app.Elem("th").
//
//go:noinline
func elTh() app.HTMLElem { return app.Elem("th") }

// elUl is app.Elem("ul").
//
//go:noinline
func elUl() app.HTMLElem { return app.Elem("ul") }

// elH2 is app.Elem("h2").
//
//go:noinline
func elH2() app.HTMLElem { return app.Elem("h2") }

// elH1 is app.Elem("h1").
//
//go:noinline
func elH1() app.HTMLElem { return app.Elem("h1") }

// elSection is app.Elem("section").
//
//go:noinline
func elSection() app.HTMLElem { return app.Elem("section") }

// elDl is app.Elem("dl").
//
//go:noinline
func elDl() app.HTMLElem { return app.Elem("dl") }

// elStrong is app.Elem("strong").
//
//go:noinline
func elStrong() app.HTMLElem { return app.Elem("strong") }

// elTextarea is app.Textarea().
//
//go:noinline
func elTextarea() app.HTMLTextarea { return app.Textarea() }

// elCode is app.Elem("code").
//
//go:noinline
func elCode() app.HTMLElem { return app.Elem("code") }

// elImg is app.Img().
//
//go:noinline
func elImg() app.HTMLImg { return app.Img() }

// elFigure is app.Elem("figure").
//
//go:noinline
func elFigure() app.HTMLElem { return app.Elem("figure") }
