package driver

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/resetlint/resetlint/analyzers"
)

func TestVetCanSkip(t *testing.T) {
	std := filepath.Join(goroot(), "src")
	t.Setenv("GOROOT", goroot())
	for _, tc := range []struct {
		name string
		cfg  map[string]any
		want bool
	}{
		{"std", map[string]any{"ImportPath": "fmt", "GoFiles": []string{std + "/fmt/print.go"}, "VetxOnly": true}, true},
		{"std that does not return", map[string]any{"ImportPath": "os", "GoFiles": []string{std + "/os/proc.go"}, "VetxOnly": true}, false},
		{"std target", map[string]any{"ImportPath": "fmt", "GoFiles": []string{std + "/fmt/print.go"}}, false},
		{"released without net/http", map[string]any{"ImportPath": "example.com/x", "GoFiles": []string{"/m/x.go"}, "ModulePath": "example.com", "ModuleVersion": "v1.0.0", "ImportMap": map[string]string{"fmt": "fmt"}, "VetxOnly": true}, true},
		{"released with net/http", map[string]any{"ImportPath": "example.com/x", "GoFiles": []string{"/m/x.go"}, "ModulePath": "example.com", "ModuleVersion": "v1.0.0", "ImportMap": map[string]string{"net/http": "net/http"}, "VetxOnly": true}, false},
		{"user code", map[string]any{"ImportPath": "example.com/x", "GoFiles": []string{"/m/x.go"}, "ModulePath": "example.com", "VetxOnly": true}, false},
	} {
		data, _ := json.Marshal(tc.cfg)
		file := filepath.Join(t.TempDir(), "x.cfg")
		if err := os.WriteFile(file, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if got := vetCanSkip(file); got != tc.want {
			t.Errorf("%s: vetCanSkip = %v, want %v", tc.name, got, tc.want)
		}
	}
	if vetCanSkip(filepath.Join(t.TempDir(), "missing.cfg")) {
		t.Errorf("vetCanSkip of a missing file")
	}
}

// TestHollow: the hollow analyzers of the suite have its names, flags
// and fact types (so go vet's flags parse and imported facts decode) and
// form a valid suite.
func TestHollow(t *testing.T) {
	all := analyzers.All()
	h := hollow(all)
	if err := analysis.Validate(h); err != nil {
		t.Fatal(err)
	}
	facts := func(as []*analysis.Analyzer) map[string]int {
		n := make(map[string]int)
		var visit func(a *analysis.Analyzer)
		seen := make(map[*analysis.Analyzer]bool)
		visit = func(a *analysis.Analyzer) {
			if seen[a] {
				return
			}
			seen[a] = true
			n[a.Name] = len(a.FactTypes)
			for _, r := range a.Requires {
				visit(r)
			}
		}
		for _, a := range as {
			visit(a)
		}
		return n
	}
	want, got := facts(all), facts(h)
	if len(want) != len(got) {
		t.Errorf("hollow graph has %d analyzers, suite %d", len(got), len(want))
	}
	for name, n := range want {
		if got[name] != n {
			t.Errorf("%s: %d fact types, hollow %d", name, n, got[name])
		}
	}
	for i, a := range all {
		var flags, hflags []string
		a.Flags.VisitAll(func(f *flag.Flag) { flags = append(flags, f.Name) })
		h[i].Flags.VisitAll(func(f *flag.Flag) { hflags = append(hflags, f.Name) })
		if len(flags) != len(hflags) {
			t.Errorf("%s: flags %v, hollow %v", a.Name, flags, hflags)
		}
	}
}
