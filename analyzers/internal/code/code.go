// Package code holds small predicates about where a piece of code lives
// that several passes share, so that they draw the same lines.
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
// passes about servers and clients: a _test.go file, a file that imports
// net/http/httptest (a test helper), or a file of httptest itself.
func IsTestSupport(pass *analysis.Pass, f *ast.File) bool {
	if InTestFile(pass.Fset, f.Pos()) || pass.Pkg.Path() == httptestPath {
		return true
	}
	for _, imp := range f.Imports {
		if imp.Path.Value == `"`+httptestPath+`"` {
			return true
		}
	}
	return false
}
