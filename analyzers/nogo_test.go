package analyzers_test

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/resetlint/resetlint/analyzers"
)

// What Bazel's nogo (and any driver that links analyzers into its own
// binary) needs from the suite: each pass in its own package with a
// package-level `var Analyzer`, and facts that survive encoding/gob, the
// encoding nogo and `go vet` use to hand facts from one package's run to
// its importers'.

// TestPassPackages checks that each pass is the Analyzer variable of the
// package analyzers/<pass name>, the label a nogo target lists.
func TestPassPackages(t *testing.T) {
	for _, p := range analyzers.Passes {
		name := p.Analyzer.Name
		dir := name
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Errorf("%s: no package analyzers/%s: %v", name, dir, err)
			continue
		}
		found := false
		fset := token.NewFileSet()
		for _, e := range entries {
			if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, filepath.Join(dir, e.Name()), nil, parser.SkipObjectResolution)
			if err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			for _, d := range f.Decls {
				if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.VAR {
					for _, s := range g.Specs {
						for _, id := range s.(*ast.ValueSpec).Names {
							found = found || id.Name == "Analyzer"
						}
					}
				}
			}
		}
		if !found {
			t.Errorf("package %s declares no `var Analyzer`", filepath.Join("analyzers", dir))
		}
		if a := p.New(); a.Name != name {
			t.Errorf("%s.New() returns an analyzer named %q", name, a.Name)
		}
	}
}

// TestFactsGobRoundTrip walks every pass and the analyzers it requires
// and checks that each fact type it declares, filled with non-zero
// values, survives encoding/gob as a go/analysis driver sends it: as an
// analysis.Fact interface value of a registered type, encoded the same
// way twice.
func TestFactsGobRoundTrip(t *testing.T) {
	seen := make(map[*analysis.Analyzer]bool)
	factTypes := make(map[reflect.Type]string) // type -> declaring analyzer
	var walk func(a *analysis.Analyzer)
	walk = func(a *analysis.Analyzer) {
		if seen[a] {
			return
		}
		seen[a] = true
		for _, f := range a.FactTypes {
			factTypes[reflect.TypeOf(f)] = a.Name
		}
		for _, r := range a.Requires {
			walk(r)
		}
	}
	for _, a := range analyzers.All() {
		walk(a)
	}
	if len(factTypes) == 0 {
		t.Log("no pass declares a fact type yet")
	}
	for typ, owner := range factTypes {
		t.Run(typ.String(), func(t *testing.T) {
			if typ.Kind() != reflect.Pointer || typ.Elem().Kind() != reflect.Struct {
				t.Fatalf("%s (of %s): a fact type must be a pointer to a struct", typ, owner)
			}
			fact := reflect.New(typ.Elem())
			if err := fill(fact.Elem(), 1); err != nil {
				t.Fatalf("%s (of %s): %v", typ, owner, err)
			}
			gob.Register(fact.Interface())

			type envelope struct{ Fact analysis.Fact }
			in := envelope{fact.Interface().(analysis.Fact)}
			var first []byte
			for i := range 2 {
				var buf bytes.Buffer
				if err := gob.NewEncoder(&buf).Encode(in); err != nil {
					t.Fatalf("encode %s: %v", typ, err)
				}
				if i == 0 {
					first = bytes.Clone(buf.Bytes())
				} else if !bytes.Equal(first, buf.Bytes()) {
					t.Errorf("%s encodes differently on a second run", typ)
				}
				var out envelope
				if err := gob.NewDecoder(&buf).Decode(&out); err != nil {
					t.Fatalf("decode %s: %v", typ, err)
				}
				if !reflect.DeepEqual(in.Fact, out.Fact) {
					t.Errorf("%s: round trip gave %v, want %v", typ, out.Fact, in.Fact)
				}
			}
		})
	}
}

// fill sets every field of v to a non-zero value, so that a field gob
// drops (unexported, or of a kind gob cannot carry) shows up as a
// difference after the round trip. Facts may hold scalars, strings and
// slices and structs of them; a map could encode in two orders, and a
// pointer, func or channel does not belong in a fact.
func fill(v reflect.Value, seed int) error {
	switch v.Kind() {
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(int64(seed))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(uint64(seed))
	case reflect.Float32, reflect.Float64:
		v.SetFloat(float64(seed) + 0.5)
	case reflect.String:
		v.SetString(fmt.Sprintf("s%d", seed))
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 2, 2)
		for i := range 2 {
			if err := fill(s.Index(i), seed+i); err != nil {
				return err
			}
		}
		v.Set(s)
	case reflect.Array:
		for i := range v.Len() {
			if err := fill(v.Index(i), seed+i); err != nil {
				return err
			}
		}
	case reflect.Struct:
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if !f.IsExported() {
				return fmt.Errorf("field %s is unexported: gob drops it", f.Name)
			}
			if err := fill(v.Field(i), seed+i+1); err != nil {
				return fmt.Errorf("field %s: %v", f.Name, err)
			}
		}
	default:
		return fmt.Errorf("a %s has no place in a fact (maps encode in random order; pointers, funcs and channels do not travel)", v.Kind())
	}
	return nil
}
