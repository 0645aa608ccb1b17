package api_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// The hostile sweep reads its routes from the source of this package, so
// a route added later is swept without anyone listing it here.

// modulePath is the import path prefix of this repository's packages.
const modulePath = "github.com/fortfolio/fortfolio/"

// sweptRoute is one mux.Handle / mux.HandleFunc registration.
type sweptRoute struct {
	method  string   // "" for a pattern without a method
	path    string   // the pattern's path, wildcards as {name}
	access  string   // "public", "user" (User or Compute) or "admin"
	handler string   // the Handlers method it ends in
	fields  []string // JSON fields of the body it decodes
	params  []string // query parameters it reads
}

func (r sweptRoute) String() string { return strings.TrimSpace(r.method + " " + r.path) }

// srcPackage is the parsed non-test source of one package directory.
type srcPackage struct {
	files   []*ast.File
	consts  map[string]ast.Expr
	types   map[string]ast.Expr
	funcs   map[string]*ast.FuncDecl // Handlers methods by name
	plain   map[string]*ast.FuncDecl // functions by name
	imports map[*ast.File]map[string]string
}

// sourceTree loads packages of this module by import path, on demand.
type sourceTree struct {
	fset *token.FileSet
	root string
	pkgs map[string]*srcPackage
}

func newSourceTree(root string) *sourceTree {
	return &sourceTree{fset: token.NewFileSet(), root: root, pkgs: map[string]*srcPackage{}}
}

func (st *sourceTree) load(dir string) (*srcPackage, error) {
	if p, ok := st.pkgs[dir]; ok {
		return p, nil
	}
	names, err := filepath.Glob(filepath.Join(st.root, dir, "*.go"))
	if err != nil {
		return nil, err
	}
	p := &srcPackage{consts: map[string]ast.Expr{}, types: map[string]ast.Expr{}, funcs: map[string]*ast.FuncDecl{},
		plain: map[string]*ast.FuncDecl{}, imports: map[*ast.File]map[string]string{}}
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(st.fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		p.files = append(p.files, f)
		p.imports[f] = fileImports(f)
		collectDecls(p, f)
	}
	if len(p.files) == 0 {
		return nil, fmt.Errorf("no Go files in %s", dir)
	}
	st.pkgs[dir] = p
	return p, nil
}

func fileImports(f *ast.File) map[string]string {
	m := map[string]string{}
	for _, im := range f.Imports {
		path, _ := strconv.Unquote(im.Path.Value)
		name := filepath.Base(path)
		if im.Name != nil {
			name = im.Name.Name
		}
		m[name] = path
	}
	return m
}

func collectDecls(p *srcPackage, f *ast.File) {
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.ValueSpec:
					if d.Tok == token.CONST {
						for i, n := range s.Names {
							if i < len(s.Values) {
								p.consts[n.Name] = s.Values[i]
							}
						}
					}
				case *ast.TypeSpec:
					p.types[s.Name.Name] = s.Type
				}
			}
		case *ast.FuncDecl:
			if d.Recv == nil {
				p.plain[d.Name.Name] = d
			}
			if d.Recv != nil && len(d.Recv.List) == 1 {
				if star, ok := d.Recv.List[0].Type.(*ast.StarExpr); ok {
					if id, ok := star.X.(*ast.Ident); ok && id.Name == "Handlers" {
						p.funcs[d.Name.Name] = d
					}
				}
			}
		}
	}
}

// fileOf returns the file of p that holds pos.
func (st *sourceTree) fileOf(p *srcPackage, pos token.Pos) *ast.File {
	for _, f := range p.files {
		if f.Pos() <= pos && pos <= f.End() {
			return f
		}
	}
	return nil
}

// importedDir maps an import name used in file f to a directory of this
// module.
func (st *sourceTree) importedDir(p *srcPackage, f *ast.File, name string) (string, error) {
	path, ok := p.imports[f][name]
	if !ok || !strings.HasPrefix(path, modulePath) {
		return "", fmt.Errorf("%s is not a package of this module", name)
	}
	return strings.TrimPrefix(path, modulePath), nil
}

// str evaluates a constant string expression: literals, + and named
// constants of this module.
func (st *sourceTree) str(p *srcPackage, f *ast.File, e ast.Expr) (string, error) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind != token.STRING {
			return "", fmt.Errorf("not a string literal: %s", e.Value)
		}
		return strconv.Unquote(e.Value)
	case *ast.ParenExpr:
		return st.str(p, f, e.X)
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return "", fmt.Errorf("operator %s in a route", e.Op)
		}
		a, err := st.str(p, f, e.X)
		if err != nil {
			return "", err
		}
		b, err := st.str(p, f, e.Y)
		return a + b, err
	case *ast.Ident:
		v, ok := p.consts[e.Name]
		if !ok {
			return "", fmt.Errorf("%s is not a constant", e.Name)
		}
		return st.str(p, st.fileOf(p, v.Pos()), v)
	case *ast.SelectorExpr:
		pkg, ok := e.X.(*ast.Ident)
		if !ok {
			return "", fmt.Errorf("unsupported selector in a route")
		}
		dir, err := st.importedDir(p, f, pkg.Name)
		if err != nil {
			return "", err
		}
		q, err := st.load(dir)
		if err != nil {
			return "", err
		}
		return st.str(q, nil, &ast.Ident{Name: e.Sel.Name})
	}
	return "", fmt.Errorf("unsupported expression %T in a route", e)
}

// collectRoutes returns every route the package in dir registers on a
// variable named mux, in source order.
func collectRoutes(t *testing.T, root, dir string) []sweptRoute {
	t.Helper()
	st := newSourceTree(root)
	p, err := st.load(dir)
	if err != nil {
		t.Fatal(err)
	}
	var routes []sweptRoute
	for _, f := range p.files {
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) != 2 {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || (sel.Sel.Name != "Handle" && sel.Sel.Name != "HandleFunc") {
				return true
			}
			if x, ok := sel.X.(*ast.Ident); !ok || x.Name != "mux" {
				return true
			}
			pattern, err := st.str(p, f, call.Args[0])
			if err != nil {
				t.Fatalf("%s: route pattern: %v", st.fset.Position(call.Pos()), err)
			}
			r := sweptRoute{path: pattern, access: "public"}
			if m, rest, ok := strings.Cut(pattern, " "); ok {
				r.method, r.path = m, rest
			}
			r.handler, r.access = handlerOf(call.Args[1], r.access)
			if fn, ok := p.funcs[r.handler]; ok {
				r.fields = st.decodedFields(p, fn, 2)
				r.params = st.readParams(p, fn, 2, map[*ast.FuncDecl]bool{})
			}
			routes = append(routes, r)
			return true
		})
	}
	return routes
}

// handlerOf unwraps h.User(h.x), h.Admin(h.x), h.Compute(h.x), serve(h.x)
// and h.x to the method name x and who may call it.
func handlerOf(e ast.Expr, access string) (string, string) {
	switch e := e.(type) {
	case *ast.CallExpr:
		if sel, ok := e.Fun.(*ast.SelectorExpr); ok {
			switch sel.Sel.Name {
			case "User", "Compute":
				access = "user"
			case "Admin":
				access = "admin"
			}
		}
		if len(e.Args) == 1 {
			return handlerOf(e.Args[0], access)
		}
	case *ast.SelectorExpr:
		return e.Sel.Name, access
	}
	return "", access
}

// decodedFields returns the JSON names of the fields of the value fn
// decodes its body into (httpx.Decode / DecodeBytes into &v), looking
// into the functions and Handlers methods fn calls, depth levels deep.
func (st *sourceTree) decodedFields(p *srcPackage, fn *ast.FuncDecl, depth int) []string {
	target := ""
	var callees []*ast.FuncDecl
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		switch fun := call.Fun.(type) {
		case *ast.SelectorExpr:
			if strings.HasPrefix(fun.Sel.Name, "Decode") && len(call.Args) > 0 {
				if u, ok := call.Args[len(call.Args)-1].(*ast.UnaryExpr); ok && u.Op == token.AND {
					if id, ok := u.X.(*ast.Ident); ok && target == "" {
						target = id.Name
					}
				}
			}
			if x, ok := fun.X.(*ast.Ident); ok && x.Name == "h" && p.funcs[fun.Sel.Name] != nil {
				callees = append(callees, p.funcs[fun.Sel.Name])
			}
		case *ast.Ident:
			if d := p.plain[fun.Name]; d != nil {
				callees = append(callees, d)
			}
		}
		return true
	})
	if target == "" {
		if depth == 0 {
			return nil
		}
		for _, c := range callees {
			if out := st.decodedFields(p, c, depth-1); len(out) > 0 {
				return out
			}
		}
		return nil
	}
	var typ ast.Expr
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		if vs, ok := n.(*ast.ValueSpec); ok && typ == nil {
			for _, name := range vs.Names {
				if name.Name == target && vs.Type != nil {
					typ = vs.Type
				}
			}
		}
		return typ == nil
	})
	seen := map[string]bool{}
	var out []string
	st.fieldsOf(p, st.fileOf(p, fn.Pos()), typ, seen, &out, 0)
	sort.Strings(out)
	return out
}

// readParams returns the string literals fn and the functions it calls
// (depth levels deep) pass to .Get and .Has or use as index: the query
// parameters it reads, and maybe some other names, which a query string
// may carry harmlessly.
func (st *sourceTree) readParams(p *srcPackage, fn *ast.FuncDecl, depth int, seen map[*ast.FuncDecl]bool) []string {
	if seen[fn] {
		return nil
	}
	seen[fn] = true
	names := map[string]bool{}
	var callees []*ast.FuncDecl
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			switch fun := n.Fun.(type) {
			case *ast.SelectorExpr:
				if (fun.Sel.Name == "Get" || fun.Sel.Name == "Has") && len(n.Args) == 1 {
					addParam(names, n.Args[0])
				}
				if x, ok := fun.X.(*ast.Ident); ok && x.Name == "h" && p.funcs[fun.Sel.Name] != nil {
					callees = append(callees, p.funcs[fun.Sel.Name])
				}
			case *ast.Ident:
				if d := p.plain[fun.Name]; d != nil {
					callees = append(callees, d)
				}
			}
		case *ast.IndexExpr:
			addParam(names, n.Index)
		}
		return true
	})
	if depth > 0 {
		for _, c := range callees {
			for _, n := range st.readParams(p, c, depth-1, seen) {
				names[n] = true
			}
		}
	}
	out := make([]string, 0, len(names))
	for n := range names {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func addParam(names map[string]bool, e ast.Expr) {
	if lit, ok := e.(*ast.BasicLit); ok && lit.Kind == token.STRING {
		if s, err := strconv.Unquote(lit.Value); err == nil && isParamName(s) {
			names[s] = true
		}
	}
}

// fieldsOf appends the JSON names of a struct type's fields (embedded
// structs flattened) to out.
func (st *sourceTree) fieldsOf(p *srcPackage, f *ast.File, e ast.Expr, seen map[string]bool, out *[]string, depth int) {
	if e == nil || depth > 5 {
		return
	}
	switch e := e.(type) {
	case *ast.Ident:
		if t, ok := p.types[e.Name]; ok {
			st.fieldsOf(p, st.fileOf(p, t.Pos()), t, seen, out, depth+1)
		}
	case *ast.StarExpr:
		st.fieldsOf(p, f, e.X, seen, out, depth+1)
	case *ast.SelectorExpr:
		pkg, ok := e.X.(*ast.Ident)
		if !ok || f == nil {
			return
		}
		dir, err := st.importedDir(p, f, pkg.Name)
		if err != nil {
			return
		}
		q, err := st.load(dir)
		if err != nil {
			return
		}
		st.fieldsOf(q, nil, &ast.Ident{Name: e.Sel.Name}, seen, out, depth+1)
	case *ast.StructType:
		for _, fld := range e.Fields.List {
			tag := ""
			if fld.Tag != nil {
				raw, _ := strconv.Unquote(fld.Tag.Value)
				tag, _, _ = strings.Cut(reflect.StructTag(raw).Get("json"), ",")
			}
			if tag == "-" {
				continue
			}
			if len(fld.Names) == 0 && tag == "" { // embedded
				st.fieldsOf(p, f, fld.Type, seen, out, depth+1)
				continue
			}
			for _, n := range fld.Names {
				name := tag
				if name == "" {
					name = n.Name
				}
				if ast.IsExported(n.Name) && !seen[name] {
					seen[name] = true
					*out = append(*out, name)
				}
			}
		}
	}
}

// queryNames returns the names readParams finds anywhere in dir.
func queryNames(t *testing.T, root, dir string) []string {
	t.Helper()
	st := newSourceTree(root)
	p, err := st.load(dir)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, f := range p.files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				if sel, ok := n.Fun.(*ast.SelectorExpr); ok && (sel.Sel.Name == "Get" || sel.Sel.Name == "Has") && len(n.Args) == 1 {
					addParam(seen, n.Args[0])
				}
			case *ast.IndexExpr:
				addParam(seen, n.Index)
			}
			return true
		})
	}
	out := make([]string, 0, len(seen))
	for s := range seen {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

func isParamName(s string) bool {
	if s == "" || len(s) > 32 {
		return false
	}
	for _, c := range s {
		if (c < 'a' || c > 'z') && c != '_' {
			return false
		}
	}
	return true
}
