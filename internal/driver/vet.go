package driver

import (
	"encoding/json"
	"flag"
	"go/build"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/resetlint/resetlint/analyzers"
)

// The go vet protocol.
//
// `go vet -vettool=resetlint` runs the tool once per package, dependencies
// first; on a dependency it asks only for facts (VetxOnly) and for the
// package's types, which the packages that import it read from the same
// output file. On a package that can carry no fact (analyzers.MayCarryFacts
// is false: the standard library, released modules that import neither
// net/http nor a framework) the analyzers have nothing to compute, so the
// run gets hollow analyzers: unitchecker still type-checks the package and
// writes its types and the facts it re-exports for its importers, but
// builds no CFG and runs no pass. This is the same split as the
// standalone loader's, so both drivers see the same facts.

// vetConfig is the part of unitchecker's *.cfg file that the decision
// reads.
type vetConfig struct {
	ImportPath    string
	GoFiles       []string
	ModulePath    string
	ModuleVersion string
	Module        *struct{ Version string }
	ImportMap     map[string]string
	Standard      map[string]bool
	VetxOnly      bool
}

// vetCanSkip reports whether the *.cfg file describes a facts-only run on
// a package that can carry no fact. Any doubt (unreadable file) says no:
// unitchecker then runs and reports the problem.
func vetCanSkip(cfgFile string) bool {
	data, err := os.ReadFile(cfgFile)
	if err != nil {
		return false
	}
	var cfg vetConfig
	if err := json.Unmarshal(data, &cfg); err != nil || !cfg.VetxOnly || len(cfg.GoFiles) == 0 {
		return false
	}
	std := isStdFile(cfg.GoFiles[0])
	if std {
		_, keep := stdNoReturn[cfg.ImportPath]
		return !keep
	}
	imports := make([]string, 0, len(cfg.ImportMap))
	for _, path := range cfg.ImportMap {
		imports = append(imports, path)
	}
	version := cfg.ModuleVersion
	if cfg.Module != nil {
		version = cfg.Module.Version
	}
	return !analyzers.MayCarryFacts(cfg.ImportPath, imports, false, version)
}

// isStdFile reports whether file belongs to the standard library. The go
// command runs vet tools with GOROOT set.
func isStdFile(file string) bool {
	goroot := os.Getenv("GOROOT")
	if goroot == "" {
		goroot = build.Default.GOROOT
	}
	if goroot == "" {
		return false
	}
	return strings.HasPrefix(file, filepath.Join(goroot, "src")+string(filepath.Separator))
}

// hollow returns analyzers that look like all (names, flags, fact types,
// requirements) but do nothing, for facts-only runs that can produce no
// fact. Names and flags must match because go vet passes the same flags
// to every run; fact types must be registered so that the facts of the
// package's imports can be decoded and re-exported.
func hollow(all []*analysis.Analyzer) []*analysis.Analyzer {
	twins := make(map[*analysis.Analyzer]*analysis.Analyzer)
	var twin func(a *analysis.Analyzer) *analysis.Analyzer
	twin = func(a *analysis.Analyzer) *analysis.Analyzer {
		if t, ok := twins[a]; ok {
			return t
		}
		t := &analysis.Analyzer{
			Name:      a.Name,
			Doc:       a.Doc,
			URL:       a.URL,
			FactTypes: a.FactTypes,
			Run:       func(*analysis.Pass) (any, error) { return nil, nil },
		}
		a.Flags.VisitAll(func(f *flag.Flag) { t.Flags.Var(f.Value, f.Name, f.Usage) })
		twins[a] = t
		for _, req := range a.Requires {
			t.Requires = append(t.Requires, twin(req))
		}
		return t
	}
	out := make([]*analysis.Analyzer, len(all))
	for i, a := range all {
		out[i] = twin(a)
	}
	return out
}
