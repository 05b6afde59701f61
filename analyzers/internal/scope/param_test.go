package scope_test

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/resetlint/resetlint/analyzers/internal/scope"
)

// TestParamIndex checks that ParamIndex counts parameters the way a
// fact's Param does: one per name, blank names included.
func TestParamIndex(t *testing.T) {
	const src = `package p

import "net/http"

func handler(w http.ResponseWriter, r *http.Request) {}

func helper(_ int, a, b string, r *http.Request) {}

func writes(n int, _ string, w http.ResponseWriter) {}
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{
		Types: map[ast.Expr]types.TypeAndValue{},
		Defs:  map[*ast.Ident]types.Object{},
		Uses:  map[*ast.Ident]types.Object{},
	}
	conf := types.Config{Importer: importer.Default()}
	pkg, err := conf.Check("p", fset, []*ast.File{f}, info)
	if err != nil {
		t.Fatal(err)
	}
	pass := &analysis.Pass{
		Fset:      fset,
		Files:     []*ast.File{f},
		Pkg:       pkg,
		TypesInfo: info,
		ResultOf:  map[*analysis.Analyzer]any{inspect.Analyzer: inspector.New([]*ast.File{f})},
	}
	res, err := scope.Analyzer.Run(pass)
	if err != nil {
		t.Fatal(err)
	}
	got := make(map[string][2]int) // function -> ParamIndex(Writer), ParamIndex(Request)
	for _, sc := range res.(*scope.Scopes).List {
		got[sc.Obj.Name()] = [2]int{sc.ParamIndex(sc.Writer), sc.ParamIndex(sc.Request)}
		// A variable that is not a parameter of the scope.
		if i := sc.ParamIndex(types.NewVar(token.NoPos, pkg, "x", types.Typ[types.Int])); i != -1 {
			t.Errorf("%s: ParamIndex(non-parameter) = %d, want -1", sc.Obj.Name(), i)
		}
	}
	want := map[string][2]int{
		"handler": {0, 1},
		"helper":  {-1, 3},
		"writes":  {2, -1},
	}
	for name, w := range want {
		if g, ok := got[name]; !ok || g != w {
			t.Errorf("%s: ParamIndex(Writer), ParamIndex(Request) = %v (scope found: %v), want %v", name, g, ok, w)
		}
	}
}
