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
//
// The handler is scoped by the id. go-app keeps an element's handler while
// its scope stays the same, so a row of a list that now shows another item
// would otherwise keep running the handler made for the item it showed
// first (delete the wrong account). Ids name what a button acts on
// ("reset-"+username), so they are the scope.
func button(class, id, text string, h app.EventHandler) app.UI {
	return elButton().Class(class).ID(id).Text(text).OnClick(h, app.EventScope(id))
}

// stateButton is button, disabled while disabled is true, for a control
// of its own (Back up now, Next page): its handler is not scoped, so it
// is not for the rows of a list.
func stateButton(class, id string, disabled bool, text string, h app.EventHandler) app.UI {
	return elButton().Class(class).ID(id).Attr("disabled", disabled).Text(text).OnClick(h)
}

// formButton is a button of the given type (submit, button) in a form,
// disabled while disabled is true.
func formButton(class, id, typ string, disabled bool, text string) app.UI {
	return elButton().Class(class).ID(id).Attr("type", typ).Attr("disabled", disabled).Text(text)
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
// Every element is go-app's generic element with its tag (app.Elem, or
// app.ElemSelfClosing for void elements), and attributes without a method
// of their own are set by their HTML name (Attr("type", "submit")). go-app
// renders and updates it exactly as its typed element of that tag (whose
// setters only store the attribute under that name), while every typed
// element the client used added its own copy of go-app's element methods
// to app.wasm.

// el is an element with the given tag.
//
//go:noinline
func el(tag string) app.HTMLElem { return app.Elem(tag) }

// elDiv is a <div> element.
//
//go:noinline
func elDiv() app.HTMLElem { return app.Elem("div") }

// elInput is an <input> element.
//
//go:noinline
func elInput() app.HTMLElemSelfClosing { return app.ElemSelfClosing("input") }

// elA is a <a> element.
//
//go:noinline
func elA() app.HTMLElem { return app.Elem("a") }

// elButton is a <button> element.
//
//go:noinline
func elButton() app.HTMLElem { return app.Elem("button") }

// elP is a <p> element.
//
//go:noinline
func elP() app.HTMLElem { return app.Elem("p") }

// elTable is a <table> element.
//
//go:noinline
func elTable() app.HTMLElem { return app.Elem("table") }

// elForm is a <form> element.
//
//go:noinline
func elForm() app.HTMLElem { return app.Elem("form") }

// elTd is a <td> element.
//
//go:noinline
func elTd() app.HTMLElem { return app.Elem("td") }

// elSelect is a <select> element.
//
//go:noinline
func elSelect() app.HTMLElem { return app.Elem("select") }

// elLabel is a <label> element.
//
//go:noinline
func elLabel() app.HTMLElem { return app.Elem("label") }

// elLi is a <li> element.
//
//go:noinline
func elLi() app.HTMLElem { return app.Elem("li") }

// elTr is a <tr> element.
//
//go:noinline
func elTr() app.HTMLElem { return app.Elem("tr") }

// elSpan is a <span> element.
//
//go:noinline
func elSpan() app.HTMLElem { return app.Elem("span") }

// elOption is a <option> element.
//
//go:noinline
func elOption() app.HTMLElem { return app.Elem("option") }

// elDd is a <dd> element.
//
//go:noinline
func elDd() app.HTMLElem { return app.Elem("dd") }

// elTh is a <th> element.
//
//go:noinline
func elTh() app.HTMLElem { return app.Elem("th") }

// elUl is a <ul> element.
//
//go:noinline
func elUl() app.HTMLElem { return app.Elem("ul") }

// elH2 is a <h2> element.
//
//go:noinline
func elH2() app.HTMLElem { return app.Elem("h2") }

// elH1 is a <h1> element.
//
//go:noinline
func elH1() app.HTMLElem { return app.Elem("h1") }

// elSection is a <section> element.
//
//go:noinline
func elSection() app.HTMLElem { return app.Elem("section") }

// elDl is a <dl> element.
//
//go:noinline
func elDl() app.HTMLElem { return app.Elem("dl") }

// elStrong is a <strong> element.
//
//go:noinline
func elStrong() app.HTMLElem { return app.Elem("strong") }

// elTextarea is a <textarea> element.
//
//go:noinline
func elTextarea() app.HTMLElem { return app.Elem("textarea") }

// elCode is a <code> element.
//
//go:noinline
func elCode() app.HTMLElem { return app.Elem("code") }

// elImg is an <img> element.
//
//go:noinline
func elImg() app.HTMLElemSelfClosing { return app.ElemSelfClosing("img") }

// elFigure is a <figure> element.
//
//go:noinline
func elFigure() app.HTMLElem { return app.Elem("figure") }
