package ui

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// goappTypedElements are go-app's typed element constructors (app.Div(),
// app.Input(), …; html_gen.go of go-app v10).
var goappTypedElements = strings.Fields(`A Abbr Address Area Article Aside Audio B Base Bdi Bdo
	Blockquote Body Br Button Canvas Caption Cite Code Col ColGroup Data DataList Dd Del Details
	Dfn Dialog Div Dl Dt Em Embed FieldSet FigCaption Figure Footer Form H1 H2 H3 H4 H5 H6 Head
	Header Hr Html I IFrame Img Input Ins Kbd Label Legend Li Link Main Map Mark Meta Meter Nav
	NoScript Object Ol OptGroup Option Output P Param Picture Pre Progress Q Rp Rt Ruby S Samp
	Script Section Select Small Source Span Strong Style Sub Summary Sup Table TBody Td Template
	Textarea TFoot Th THead Time Title Tr U Ul Var Video Wbr`)

// TestClientUsesGenericElements keeps go-app's typed elements out of the
// client: each one the client creates adds its own copy of go-app's element
// methods to app.wasm (docs/performance.md, Client size). Elements come
// from the constructors of elements.go, which create app.Elem(tag).
func TestClientUsesGenericElements(t *testing.T) {
	typed := map[string]bool{}
	for _, n := range goappTypedElements {
		typed[n] = true
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) != 0 {
				return true
			}
			if name := appFunc(call.Fun); typed[name] {
				t.Errorf("%s: app.%s() creates a typed go-app element; use el(%q) or the constructors of elements.go",
					fset.Position(call.Pos()), name, strings.ToLower(name))
			}
			return true
		})
	}
}

// appFunc is the name of F in app.F, "" for any other expression.
func appFunc(fun ast.Expr) string {
	sel, ok := fun.(*ast.SelectorExpr)
	if !ok {
		return ""
	}
	if id, ok := sel.X.(*ast.Ident); ok && id.Name == "app" {
		return sel.Sel.Name
	}
	return ""
}
