// Package code holds small predicates about code (where it lives, what a
// call names) that several passes share, so that they draw the same lines.
package code

import (
	"go/ast"
	"go/token"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// httptestPath is the import path of net/http/httptest.
const httptestPath = "net/http/httptest"

// InTestFile reports whether pos lies in a _test.go file. It goes by the
// file's own name, as the go command does, not by a //line directive.
func InTestFile(fset *token.FileSet, pos token.Pos) bool {
	f := fset.File(pos)
	return f != nil && strings.HasSuffix(f.Name(), "_test.go")
}

// IsTestSupport reports whether f is test code in the wider sense of the
// passes about servers and clients: a _test.go file, a file of httptest
// itself, or a test helper file: one that imports "testing", or that
// starts httptest servers. A file that only uses httptest.NewRecorder is
// production code (caching, prerendering and gzip middleware do that).
func IsTestSupport(pass *analysis.Pass, f *ast.File) bool {
	if InTestFile(pass.Fset, f.Pos()) || pass.Pkg.Path() == httptestPath {
		return true
	}
	imported := false
	for _, imp := range f.Imports {
		switch imp.Path.Value {
		case `"testing"`:
			return true
		case `"` + httptestPath + `"`:
			imported = true
		}
	}
	return imported && usesTestServer(pass, f)
}

// usesTestServer reports whether f refers to httptest.Server or one of
// its constructors.
func usesTestServer(pass *analysis.Pass, f *ast.File) bool {
	found := false
	ast.Inspect(f, func(n ast.Node) bool {
		if found {
			return false
		}
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		switch sel.Sel.Name {
		case "Server", "NewServer", "NewTLSServer", "NewUnstartedServer":
			if obj := pass.TypesInfo.Uses[sel.Sel]; obj != nil && obj.Pkg() != nil && obj.Pkg().Path() == httptestPath {
				found = true
			}
		}
		return true
	})
	return found
}

// CalleeIdent returns the identifier that names the function a call's
// function expression fun calls (through an instantiation: f[T], x.M[T]),
// or nil. A function that typeutil.Callee resolves is always called by its
// own name, so comparing this name against the names a pass looks for is
// an exact filter before the costlier lookup.
func CalleeIdent(fun ast.Expr) *ast.Ident {
	switch e := ast.Unparen(fun).(type) {
	case *ast.IndexExpr:
		fun = e.X
	case *ast.IndexListExpr:
		fun = e.X
	}
	switch e := ast.Unparen(fun).(type) {
	case *ast.Ident:
		return e
	case *ast.SelectorExpr:
		return e.Sel
	}
	return nil
}
