package code_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/resetlint/resetlint/analyzers/internal/code"
)

func TestTestFiles(t *testing.T) {
	for _, tc := range []struct {
		pkgPath, filename, src string
		inTest, support        bool
	}{
		{"p", "p.go", `package p; import "net/http"`, false, false},
		{"p", "p_test.go", `package p; import "net/http"`, true, true},
		{"p", "helper.go", `package p; import "net/http/httptest"`, false, true},
		{"net/http/httptest", "server.go", `package httptest`, false, true},
		// The go command goes by the file's name, not a //line directive.
		{"p", "gen_test.go", "package p\n//line gen.go:1\nvar x = 1", true, true},
	} {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, tc.filename, tc.src, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		pass := &analysis.Pass{Fset: fset, Files: []*ast.File{f}, Pkg: types.NewPackage(tc.pkgPath, f.Name.Name)}
		last := f.End()
		if got := code.InTestFile(fset, last); got != tc.inTest {
			t.Errorf("%s: InTestFile = %v, want %v", tc.filename, got, tc.inTest)
		}
		if got := code.IsTestSupport(pass, f); got != tc.support {
			t.Errorf("%s: IsTestSupport = %v, want %v", tc.filename, got, tc.support)
		}
	}
	if code.InTestFile(token.NewFileSet(), token.NoPos) {
		t.Errorf("InTestFile(NoPos) = true, want false")
	}
}
