package driver

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const trimSrc = `package p

import (
	"net/http"
	"strings"
	"unused/by/trim"
)

var table = [4]uint16{1, 2, 3, 4}

var (
	words = []string{"a", "}", "{"}
	count = [...]int{1, 2}
	sub   = words[1:]
	fn    = func() int { return 1 }
)

type T struct{}

func (T) ServeHTTP(w http.ResponseWriter, r *http.Request) { helper() }

func helper() { _ = strings.ToUpper(words[0]) }

func Unrelated() { trim.Do(table[0]) }
`

func TestTrim(t *testing.T) {
	fset := token.NewFileSet()
	src := skim([]byte(trimSrc))
	if len(src) != len(trimSrc) || strings.Count(string(src), "\n") != strings.Count(trimSrc, "\n") {
		t.Fatalf("skim moved text:\n%s", src)
	}
	for _, want := range []string{"[4]uint16{          }", `[]string{             }`, "[...]int{1, 2}", "words[1:]", "func() int { return 1 }"} {
		if !strings.Contains(string(src), want) {
			t.Errorf("skimmed source lacks %q:\n%s", want, src)
		}
	}
	f, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	trim([]*ast.File{f}, requestFunctions())
	bodies := make(map[string]bool)
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok {
			bodies[fd.Name.Name] = fd.Body != nil
		}
	}
	if !bodies["ServeHTTP"] || !bodies["helper"] || bodies["Unrelated"] {
		t.Errorf("bodies kept: %v; want ServeHTTP and helper (called by it), not Unrelated", bodies)
	}
}

// TestSkimParses skims every file of some standard packages: the result
// parses as the original does, with the same declarations.
func TestSkimParses(t *testing.T) {
	root := filepath.Join(goroot(), "src")
	for _, dir := range []string{"unicode", "net/http", "go/types", "syscall", "crypto/internal/fips140/edwards25519/field", "time"} {
		files, _ := filepath.Glob(filepath.Join(root, dir, "*.go"))
		for _, name := range files {
			src, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			orig, err := parser.ParseFile(token.NewFileSet(), name, src, 0)
			if err != nil {
				continue
			}
			skimmed, err := parser.ParseFile(token.NewFileSet(), name, skim(src), 0)
			if err != nil {
				t.Errorf("%s: skimmed source does not parse: %v", name, err)
				continue
			}
			if len(orig.Decls) != len(skimmed.Decls) {
				t.Errorf("%s: %d declarations, %d after skim", name, len(orig.Decls), len(skimmed.Decls))
			}
		}
	}
}

// TestTrimKeepsTypes type-checks package unicode (all tables) trimmed
// and untrimmed: every package-level object has the same type.
func TestTrimKeepsTypes(t *testing.T) {
	check := func(trimmed bool) *types.Package {
		fset := token.NewFileSet()
		files, _ := filepath.Glob(filepath.Join(goroot(), "src", "unicode", "*.go"))
		var syntax []*ast.File
		for _, name := range files {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			src, _ := os.ReadFile(name)
			if trimmed {
				src = skim(src)
			}
			f, err := parser.ParseFile(fset, name, src, 0)
			if err != nil {
				t.Fatal(err)
			}
			syntax = append(syntax, f)
		}
		if trimmed {
			trim(syntax, requestFunctions())
		}
		conf := types.Config{Importer: importer.Default(), Error: func(error) {}}
		pkg, _ := conf.Check("unicode", fset, syntax, nil)
		return pkg
	}
	full, trimmed := check(false), check(true)
	for _, name := range full.Scope().Names() {
		a, b := full.Scope().Lookup(name), trimmed.Scope().Lookup(name)
		if b == nil || a.Type().String() != b.Type().String() {
			t.Errorf("%s: type %v, trimmed %v", name, a.Type(), b)
		}
	}
}
