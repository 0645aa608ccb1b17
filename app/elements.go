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
func thead(rows ...app.UI) app.UI { return app.THead().Body(rows...) }

// tbody is a table's body.
func tbody(rows ...app.UI) app.UI { return app.TBody().Body(rows...) }

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
func h3(text string) app.UI { return app.H3().Text(text) }

// dt is the term of a definition list entry.
func dt(text string) app.UI { return app.Dt().Text(text) }

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

// The element constructors below are go-app's, called rather than
// inlined. Inlined, app.Div() tells the compiler the element's concrete
// type, so it calls each link of the chain that follows directly and
// inlines the small ones, once more at every place a chain is written;
// called, the chain goes through the element's interface, which is less
// code in app.wasm (docs/performance.md, Client size). They return
// exactly what go-app's constructors return.

// elDiv is app.Div().
//
//go:noinline
func elDiv() app.HTMLDiv { return app.Div() }

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

// elP is app.P().
//
//go:noinline
func elP() app.HTMLP { return app.P() }

// elTable is app.Table().
//
//go:noinline
func elTable() app.HTMLTable { return app.Table() }

// elForm is app.Form().
//
//go:noinline
func elForm() app.HTMLForm { return app.Form() }

// elTd is app.Td().
//
//go:noinline
func elTd() app.HTMLTd { return app.Td() }

// elSelect is app.Select().
//
//go:noinline
func elSelect() app.HTMLSelect { return app.Select() }

// elLabel is app.Label().
//
//go:noinline
func elLabel() app.HTMLLabel { return app.Label() }

// elLi is app.Li().
//
//go:noinline
func elLi() app.HTMLLi { return app.Li() }

// elTr is app.Tr().
//
//go:noinline
func elTr() app.HTMLTr { return app.Tr() }

// elSpan is app.Span().
//
//go:noinline
func elSpan() app.HTMLSpan { return app.Span() }

// elOption is app.Option().
//
//go:noinline
func elOption() app.HTMLOption { return app.Option() }

// elDd is app.Dd().
//
//go:noinline
func elDd() app.HTMLDd { return app.Dd() }

// elTh is app.Th().
//
//go:noinline
func elTh() app.HTMLTh { return app.Th() }

// elUl is app.Ul().
//
//go:noinline
func elUl() app.HTMLUl { return app.Ul() }

// elH2 is app.H2().
//
//go:noinline
func elH2() app.HTMLH2 { return app.H2() }

// elH1 is app.H1().
//
//go:noinline
func elH1() app.HTMLH1 { return app.H1() }

// elSection is app.Section().
//
//go:noinline
func elSection() app.HTMLSection { return app.Section() }

// elDl is app.Dl().
//
//go:noinline
func elDl() app.HTMLDl { return app.Dl() }

// elStrong is app.Strong().
//
//go:noinline
func elStrong() app.HTMLStrong { return app.Strong() }

// elTextarea is app.Textarea().
//
//go:noinline
func elTextarea() app.HTMLTextarea { return app.Textarea() }

// elCode is app.Code().
//
//go:noinline
func elCode() app.HTMLCode { return app.Code() }

// elImg is app.Img().
//
//go:noinline
func elImg() app.HTMLImg { return app.Img() }

// elFigure is app.Figure().
//
//go:noinline
func elFigure() app.HTMLFigure { return app.Figure() }
