package fuzzseed

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// TestEveryFuzzTargetRequiresSeeds parses every test file of the module
// and fails for a fuzz target whose body does not call fuzzseed.Require:
// a new target cannot silently check nothing.
func TestEveryFuzzTargetRequiresSeeds(t *testing.T) {
	root := filepath.Join("..", "..")
	fset := token.NewFileSet()
	targets := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") && path != root || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		file, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		for _, decl := range file.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Recv != nil || !strings.HasPrefix(fn.Name.Name, "Fuzz") || fn.Body == nil {
				continue
			}
			targets++
			if !callsRequire(fn.Body) {
				t.Errorf("%s: %s does not call fuzzseed.Require, so nothing proves its seeds reach its checks", path, fn.Name.Name)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if targets == 0 {
		t.Fatal("found no fuzz targets: the walk looked in the wrong place")
	}
}

// callsRequire reports whether body calls fuzzseed.Require (or Require
// from inside this package).
func callsRequire(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return !found
		}
		switch f := call.Fun.(type) {
		case *ast.SelectorExpr:
			if x, ok := f.X.(*ast.Ident); ok && x.Name == "fuzzseed" && f.Sel.Name == "Require" {
				found = true
			}
		case *ast.Ident:
			found = found || f.Name == "Require"
		}
		return !found
	})
	return found
}
