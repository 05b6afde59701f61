package edit_test

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"path"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/resetlint/resetlint/analyzers/internal/edit"
)

// stdImporter type-checks "time" from source and fakes every other
// package, so the test sources need nothing else.
type stdImporter struct{ std types.Importer }

func (im stdImporter) Import(p string) (*types.Package, error) {
	if p == "time" {
		return im.std.Import(p)
	}
	pkg := types.NewPackage(p, path.Base(p))
	pkg.MarkComplete()
	return pkg, nil
}

var timeImporter = stdImporter{importer.ForCompiler(token.NewFileSet(), "source", nil)}

// newPass type-checks src as the one file of a package and returns a
// pass over it, and the file.
func newPass(t *testing.T, src string) (*analysis.Pass, *ast.File) {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{
		Types:     map[ast.Expr]types.TypeAndValue{},
		Defs:      map[*ast.Ident]types.Object{},
		Uses:      map[*ast.Ident]types.Object{},
		Implicits: map[ast.Node]types.Object{},
		Scopes:    map[ast.Node]*types.Scope{},
	}
	conf := types.Config{Importer: timeImporter, Error: func(error) {}}
	pkg, _ := conf.Check("p", fset, []*ast.File{f}, info)
	return &analysis.Pass{
		Fset:      fset,
		Files:     []*ast.File{f},
		Pkg:       pkg,
		TypesInfo: info,
		ReadFile:  func(string) ([]byte, error) { return []byte(src), nil },
	}, f
}

// apply applies edits to src.
func apply(t *testing.T, pass *analysis.Pass, src string, edits []analysis.TextEdit) string {
	t.Helper()
	edits = slices.Clone(edits)
	slices.SortFunc(edits, func(a, b analysis.TextEdit) int { return int(b.Pos - a.Pos) })
	tf := pass.Fset.File(pass.Files[0].Pos())
	for _, e := range edits {
		start, end := tf.Offset(e.Pos), tf.Offset(e.End)
		src = src[:start] + string(e.NewText) + src[end:]
	}
	return src
}

// marker returns the position of the comment /*here*/ in f.
func marker(t *testing.T, f *ast.File) token.Pos {
	for _, cg := range f.Comments {
		for _, c := range cg.List {
			if c.Text == "/*here*/" {
				return c.Pos()
			}
		}
	}
	t.Fatal("no /*here*/ marker")
	return token.NoPos
}

func TestImport(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		path      string // the package to import; "" for "time"
		qual      string
		want      string // "" when Import must fail
	}{{
		name: "no imports",
		src:  "package p\n\nvar x = 1 /*here*/\n",
		qual: "time.",
		want: "package p\n\nimport \"time\"\n\nvar x = 1 /*here*/\n",
	}, {
		name: "already imported",
		src:  "package p\n\nimport \"time\"\n\nvar x = time.Second /*here*/\n",
		qual: "time.",
		want: "package p\n\nimport \"time\"\n\nvar x = time.Second /*here*/\n",
	}, {
		name: "renamed",
		src:  "package p\n\nimport stdtime \"time\"\n\nvar x = stdtime.Second /*here*/\n",
		qual: "stdtime.",
		want: "package p\n\nimport stdtime \"time\"\n\nvar x = stdtime.Second /*here*/\n",
	}, {
		name: "dot import",
		src:  "package p\n\nimport . \"time\"\n\nvar x = Second /*here*/\n",
		qual: "",
		want: "package p\n\nimport . \"time\"\n\nvar x = Second /*here*/\n",
	}, {
		name: "block, in order among std",
		src:  "package p\n\nimport (\n\t\"net\"\n\t\"unicode\"\n\n\t\"example.com/x\"\n)\n\nvar _ = net.IPv4len\nvar _ = unicode.MaxASCII\nvar _ = x.Y /*here*/\n",
		qual: "time.",
		want: "package p\n\nimport (\n\t\"net\"\n\t\"time\"\n\t\"unicode\"\n\n\t\"example.com/x\"\n)\n\nvar _ = net.IPv4len\nvar _ = unicode.MaxASCII\nvar _ = x.Y /*here*/\n",
	}, {
		name: "block without std",
		src:  "package p\n\nimport (\n\t\"example.com/x\"\n)\n\nvar _ = x.Y /*here*/\n",
		qual: "time.",
		want: "package p\n\nimport (\n\t\"time\"\n\n\t\"example.com/x\"\n)\n\nvar _ = x.Y /*here*/\n",
	}, {
		name: "lone std import",
		src:  "package p\n\nimport \"net\"\n\nvar _ = net.IPv4len /*here*/\n",
		qual: "time.",
		want: "package p\n\nimport (\n\t\"net\"\n\t\"time\"\n)\n\nvar _ = net.IPv4len /*here*/\n",
	}, {
		name: "lone import sorting after",
		src:  "package p\n\nimport \"unicode\"\n\nvar _ = unicode.MaxASCII /*here*/\n",
		qual: "time.",
		want: "package p\n\nimport (\n\t\"time\"\n\t\"unicode\"\n)\n\nvar _ = unicode.MaxASCII /*here*/\n",
	}, {
		name: "lone non-std import",
		src:  "package p\n\nimport \"example.com/x\"\n\nvar _ = x.Y /*here*/\n",
		qual: "time.",
		want: "package p\n\nimport (\n\t\"time\"\n\n\t\"example.com/x\"\n)\n\nvar _ = x.Y /*here*/\n",
	}, {
		name: "net/http beside a lone framework import",
		src:  "package p\n\nimport \"github.com/gin-gonic/gin\"\n\nvar _ = gin.Y /*here*/\n",
		path: "net/http",
		qual: "http.",
		want: "package p\n\nimport (\n\t\"net/http\"\n\n\t\"github.com/gin-gonic/gin\"\n)\n\nvar _ = gin.Y /*here*/\n",
	}, {
		name: "context before net/http in a block",
		src:  "package p\n\nimport (\n\t\"log\"\n\t\"net/http\"\n\n\t\"github.com/gin-gonic/gin\"\n)\n\nvar _, _, _ = log.Y, http.Y, gin.Y /*here*/\n",
		path: "context",
		qual: "context.",
		want: "package p\n\nimport (\n\t\"context\"\n\t\"log\"\n\t\"net/http\"\n\n\t\"github.com/gin-gonic/gin\"\n)\n\nvar _, _, _ = log.Y, http.Y, gin.Y /*here*/\n",
	}, {
		name: "shadowed by a local",
		src:  "package p\n\nfunc f(time int) int {\n\treturn time /*here*/\n}\n",
	}, {
		name: "name taken by another import",
		src:  "package p\n\nimport time \"example.com/clock\"\n\nvar _ = time.Y /*here*/\n",
	}} {
		t.Run(tc.name, func(t *testing.T) {
			pass, f := newPass(t, tc.src)
			pkgPath := tc.path
			if pkgPath == "" {
				pkgPath = "time"
			}
			qual, edits, ok := edit.New(pass).Import(marker(t, f), pkgPath)
			if tc.want == "" {
				if ok {
					t.Fatalf("Import succeeded (%q, %d edits), want failure", qual, len(edits))
				}
				return
			}
			if !ok {
				t.Fatal("Import failed")
			}
			if qual != tc.qual {
				t.Errorf("qualifier = %q, want %q", qual, tc.qual)
			}
			if got := apply(t, pass, tc.src, edits); got != tc.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}

func TestAddFields(t *testing.T) {
	fields := []edit.Field{{Name: "A", Value: "1"}, {Name: "B", Value: "2"}}
	for _, tc := range []struct {
		name, lit string
		want      string // "" when AddFields must fail
	}{
		{"empty", "T{}", "T{A: 1, B: 2}"},
		{"one line", "T{C: 3}", "T{C: 3, A: 1, B: 2}"},
		{"empty multi-line", "T{\n\t}", "T{\n\t\tA: 1,\n\t\tB: 2,\n\t}"},
		{"multi-line", "T{\n\t\tC: 3, // c\n\t}", "T{\n\t\tC: 3, // c\n\t\tA: 1,\n\t\tB: 2,\n\t}"},
		{"closing brace after last element", "T{\n\t\tC: 3}", "T{\n\t\tC: 3, A: 1, B: 2}"},
		{"unkeyed", "T{3, 4}", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\ntype T struct{ A, B, C, D int }\n\nfunc f() {\n\t_ = " + tc.lit + "\n}\n"
			pass, f := newPass(t, src)
			var lit *ast.CompositeLit
			ast.Inspect(f, func(n ast.Node) bool {
				if l, ok := n.(*ast.CompositeLit); ok && lit == nil {
					lit = l
				}
				return true
			})
			e, ok := edit.New(pass).AddFields(lit, fields)
			if tc.want == "" {
				if ok {
					t.Fatal("AddFields succeeded, want failure")
				}
				return
			}
			if !ok {
				t.Fatal("AddFields failed")
			}
			got := apply(t, pass, src, []analysis.TextEdit{e})
			if want := strings.Replace(src, tc.lit, tc.want, 1); got != want {
				t.Errorf("got:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}
