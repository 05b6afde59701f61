package code_test

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/resetlint/resetlint/analyzers/internal/code"
)

func TestTestFiles(t *testing.T) {
	imp := importer.Default()
	for _, tc := range []struct {
		pkgPath, filename, src string
		inTest, support        bool
	}{
		{"p", "p.go", `package p; import "net/http"; var _ http.Handler`, false, false},
		{"p", "p_test.go", `package p; import "net/http"; var _ http.Handler`, true, true},
		{"p", "helper.go", `package p; import "testing"; var _ testing.TB`, false, true},
		{"p", "helper.go", `package p; import "net/http/httptest"; var _ = httptest.NewServer`, false, true},
		// A recorder alone is production code (caching, gzip middleware).
		{"p", "cache.go", `package p; import "net/http/httptest"; var _ = httptest.NewRecorder`, false, false},
		{"net/http/httptest", "server.go", `package httptest`, false, true},
		// The go command goes by the file's name, not a //line directive.
		{"p", "gen_test.go", "package p\n//line gen.go:1\nvar x = 1", true, true},
	} {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, tc.filename, tc.src, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		info := &types.Info{Uses: map[*ast.Ident]types.Object{}, Defs: map[*ast.Ident]types.Object{}}
		pkg, err := (&types.Config{Importer: imp}).Check(tc.pkgPath, fset, []*ast.File{f}, info)
		if err != nil {
			t.Fatal(err)
		}
		pass := &analysis.Pass{Fset: fset, Files: []*ast.File{f}, Pkg: pkg, TypesInfo: info}
		if got := code.InTestFile(fset, f.End()); got != tc.inTest {
			t.Errorf("%s: InTestFile = %v, want %v", tc.filename, got, tc.inTest)
		}
		if got := code.IsTestSupport(pass, f); got != tc.support {
			t.Errorf("%s (%s): IsTestSupport = %v, want %v", tc.filename, tc.src, got, tc.support)
		}
	}
	if code.InTestFile(token.NewFileSet(), token.NoPos) {
		t.Errorf("InTestFile(NoPos) = true, want false")
	}
}
