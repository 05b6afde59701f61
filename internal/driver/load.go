package driver

import (
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"golang.org/x/tools/go/gcexportdata"
	"golang.org/x/tools/go/packages"

	"github.com/resetlint/resetlint/analyzers"
)

// Loading.
//
// A suite whose analyzers declare fact types must, with the stock
// drivers, type-check every dependency from source (packages.LoadAllSyntax):
// 3-12 times the time and 4-30 times the memory of an analysis without
// facts, which takes dependencies from the compiler's export data.
// resetlint's facts only ever concern packages for which
// analyzers.MayCarryFacts holds, so Load type-checks from source the target
// packages and those dependencies only, and reads every other package
// from export data, as the fact-free drivers do. Facts still flow across
// packages: the import graph handed to the analysis keeps, for each
// source package, an edge to the nearest source packages below it.

// metadataMode asks `go list` for the same build (export data for every
// dependency) as a fact-free driver does, but for no types yet.
const metadataMode = packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
	packages.NeedImports | packages.NeedDeps | packages.NeedExportFile |
	packages.NeedModule | packages.NeedTypesSizes

// stdNoReturn lists the standard packages that are type-checked from
// source although they carry no resetlint fact, with the functions (and
// methods) that are kept: the ctrlflow analysis, whose CFGs the passes
// use, learns from them that os.Exit, log.Fatal* and log.Panic* do not
// return (syscall.Exit is built into ctrlflow, but ctrlflow learns it by
// analysing package syscall). The fact-free drivers and `go vet` learn
// the same from analysing all of std, so every driver builds the same
// CFGs for request handlers.
var stdNoReturn = map[string][]string{
	"syscall": {"Exit"},
	"os":      {"Exit"},
	"log":     {"Fatal", "Fatalf", "Fatalln", "Panic", "Panicf", "Panicln"},
}

// LoadStats counts what Load took from source and from export data.
type LoadStats struct {
	Packages int // in the import graph
	Source   int // type-checked from source, targets included
	Export   int // read from export data
}

// Loaded is the outcome of Load.
type Loaded struct {
	// Roots are the target packages. Their Imports maps, and those of
	// the source packages below them, hold only source packages (see
	// above).
	Roots []*packages.Package
	// Errors lists the errors of every package in the import graph and
	// of their modules, dependencies first, as packages.PrintErrors
	// prints them.
	Errors []string
	Stats  LoadStats
}

// Load loads the packages matching patterns in directory dir ("" for
// the current one), with their tests if tests is set: targets, and the
// dependencies that may carry facts, type-checked from source, the rest
// read from export data.
func Load(dir string, tests bool, patterns ...string) (*Loaded, error) {
	cfg := &packages.Config{Mode: metadataMode, Tests: tests, Dir: dir}
	roots, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, err
	}
	if len(roots) == 0 {
		return nil, fmt.Errorf("%s matched no packages", strings.Join(patterns, " "))
	}
	ld := newLoader(roots)
	ld.load()
	errs := packageErrors(roots)
	ld.prune()
	return &Loaded{Roots: roots, Errors: errs, Stats: ld.stats}, nil
}

// packageErrors collects what packages.PrintErrors would print.
func packageErrors(roots []*packages.Package) []string {
	var out []string
	seenMod := make(map[*packages.Module]bool)
	for p := range packages.Postorder(roots) {
		for _, err := range p.Errors {
			out = append(out, err.Error())
		}
		if m := p.Module; m != nil && m.Error != nil && !seenMod[m] {
			seenMod[m] = true
			out = append(out, m.Error.Err)
		}
	}
	return out
}

type loader struct {
	fset   *token.FileSet
	roots  []*packages.Package
	order  []*node // dependencies first
	nodes  map[*packages.Package]*node
	goroot string
	stats  LoadStats

	exportMu sync.Mutex // serialises export data reads (they share types.Packages)
}

type node struct {
	pkg       *packages.Package
	source    bool // type-check from source
	root      bool
	trim      bool // a released or standard dependency: type-check a trimmed syntax (see trim)
	needType  bool // complete types needed (a direct import of a source package)
	exportErr error
	done      chan struct{}
}

func newLoader(roots []*packages.Package) *loader {
	ld := &loader{
		fset:   token.NewFileSet(),
		roots:  roots,
		nodes:  make(map[*packages.Package]*node),
		goroot: goroot(),
	}
	for _, p := range roots {
		ld.visit(p).root = true
	}
	for _, n := range ld.order {
		n.source = n.root || ld.mayCarryFacts(n.pkg)
		n.trim = n.source && !n.root && (n.pkg.Module != nil && n.pkg.Module.Version != "" || ld.isStd(n.pkg))
	}
	for _, n := range ld.order {
		if n.source {
			for _, imp := range n.pkg.Imports {
				ld.nodes[imp].needType = true
			}
		}
	}
	return ld
}

// visit records p and its dependencies in ld.order, dependencies first.
func (ld *loader) visit(p *packages.Package) *node {
	if n, ok := ld.nodes[p]; ok {
		return n
	}
	n := &node{pkg: p, done: make(chan struct{})}
	ld.nodes[p] = n
	for _, path := range sortedKeys(p.Imports) {
		ld.visit(p.Imports[path])
	}
	ld.order = append(ld.order, n)
	return n
}

// mayCarryFacts decides for a dependency whether to type-check it from
// source (see analyzers.MayCarryFacts and stdNoReturn).
func (ld *loader) mayCarryFacts(p *packages.Package) bool {
	if p.PkgPath == "unsafe" {
		return false
	}
	std := ld.isStd(p)
	if std {
		_, ok := stdNoReturn[p.PkgPath]
		return ok
	}
	version := ""
	if p.Module != nil {
		version = p.Module.Version
	}
	return analyzers.MayCarryFacts(p.PkgPath, sortedKeys(p.Imports), false, version)
}

// isStd tells a standard package by where its files live: neither import
// paths (GOPATH packages need no dot) nor Module (nil for both) can tell.
func (ld *loader) isStd(p *packages.Package) bool {
	files := p.GoFiles
	if len(files) == 0 {
		files = p.CompiledGoFiles
	}
	if ld.goroot == "" || len(files) == 0 {
		return p.Module == nil && !strings.Contains(strings.Split(p.PkgPath, "/")[0], ".")
	}
	return strings.HasPrefix(files[0], filepath.Join(ld.goroot, "src")+string(filepath.Separator))
}

// goroot returns the GOROOT of the go command that lists the packages.
func goroot() string {
	if out, err := exec.Command("go", "env", "GOROOT").Output(); err == nil {
		if s := strings.TrimSpace(string(out)); s != "" {
			return s
		}
	}
	return build.Default.GOROOT
}

func (ld *loader) load() {
	// Every package gets its types.Package up front, so that reading
	// export data never creates one (go/packages does the same).
	for _, n := range ld.order {
		if n.pkg.PkgPath == "unsafe" {
			n.pkg.Types = types.Unsafe
		} else {
			n.pkg.Types = types.NewPackage(n.pkg.PkgPath, n.pkg.Name)
		}
		n.pkg.Fset = ld.fset
	}
	ld.stats.Packages = len(ld.order)

	// Dependencies first: a package starts when all its imports are done,
	// and at most GOMAXPROCS packages are parsed or type-checked at once.
	cpu := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for _, n := range ld.order {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer close(n.done)
			for _, imp := range n.pkg.Imports {
				<-ld.nodes[imp].done
			}
			cpu <- struct{}{}
			defer func() { <-cpu }()
			ld.loadOne(n)
		}()
	}
	wg.Wait()

	for _, n := range ld.order {
		switch {
		case n.source:
			ld.stats.Source++
		case n.needType:
			ld.stats.Export++
		}
	}
}

func (ld *loader) loadOne(n *node) {
	p := n.pkg
	if p.PkgPath == "unsafe" {
		p.Syntax = []*ast.File{}
		p.TypesInfo = newTypesInfo()
		return
	}
	if !n.source {
		if n.needType {
			if err := ld.readExportData(n); err != nil {
				n.exportErr = err
				p.Errors = append(p.Errors, packages.Error{Pos: "-", Msg: err.Error(), Kind: packages.UnknownError})
			}
		}
		return
	}
	ld.check(n)
}

// readExportData completes n's types.Package from its export data.
func (ld *loader) readExportData(n *node) error {
	ld.exportMu.Lock()
	defer ld.exportMu.Unlock()
	p := n.pkg
	if p.Types.Complete() {
		return nil
	}
	p.IllTyped = true // until read
	if p.ExportFile == "" {
		return fmt.Errorf("no export data file")
	}
	f, err := os.Open(p.ExportFile)
	if err != nil {
		return err
	}
	defer f.Close()
	r, err := gcexportdata.NewReader(f)
	if err != nil {
		return fmt.Errorf("reading %s: %v", p.ExportFile, err)
	}
	// The view holds every package the export data may mention: the
	// transitive imports, each already created (and, for source
	// packages, complete: their objects are reused, not duplicated).
	view := make(map[string]*types.Package)
	seen := make(map[*packages.Package]bool)
	var walk func(map[string]*packages.Package)
	walk = func(imports map[string]*packages.Package) {
		for _, imp := range imports {
			if !seen[imp] {
				seen[imp] = true
				view[imp.PkgPath] = imp.Types
				walk(imp.Imports)
			}
		}
	}
	walk(p.Imports)
	view[p.PkgPath] = p.Types
	tpkg, err := gcexportdata.Read(r, ld.fset, view, p.PkgPath)
	if err != nil {
		return fmt.Errorf("reading %s: %v", p.ExportFile, err)
	}
	p.Types = tpkg
	p.IllTyped = false
	return nil
}

// check parses and type-checks a source package, recording its errors
// as packages.Load does.
func (ld *loader) check(n *node) {
	p := n.pkg
	appendError := func(err error) {
		if terr, ok := err.(types.Error); ok && terr.Soft && n.trim {
			return // an import left unused by trimming; the package compiled
		}
		switch err := err.(type) {
		case packages.Error:
			p.Errors = append(p.Errors, err)
		case *os.PathError:
			p.Errors = append(p.Errors, packages.Error{Pos: err.Path + ":1", Msg: err.Err.Error(), Kind: packages.ParseError})
		case scanner.ErrorList:
			for _, e := range err {
				p.Errors = append(p.Errors, packages.Error{Pos: e.Pos.String(), Msg: e.Msg, Kind: packages.ParseError})
			}
		case types.Error:
			p.TypeErrors = append(p.TypeErrors, err)
			p.Errors = append(p.Errors, packages.Error{Pos: err.Fset.Position(err.Pos).String(), Msg: err.Msg, Kind: packages.TypeError})
		default:
			p.Errors = append(p.Errors, packages.Error{Pos: "-", Msg: err.Error(), Kind: packages.UnknownError})
		}
	}

	files := p.CompiledGoFiles
	if len(files) == 0 && p.ExportFile != "" {
		appendError(packages.Error{Pos: "-", Msg: fmt.Sprintf("sources missing for package %s", p.ID), Kind: packages.ParseError})
		_ = ld.readExportData(n)
		return
	}
	p.Syntax = make([]*ast.File, 0, len(files))
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			appendError(err)
			continue
		}
		if n.trim {
			src = skim(src)
		}
		f, err := parser.ParseFile(ld.fset, name, src, parser.AllErrors|parser.ParseComments)
		if f != nil {
			p.Syntax = append(p.Syntax, f)
		}
		if err != nil {
			appendError(err)
		}
	}

	if n.trim && len(p.Errors) == 0 {
		if names, ok := stdNoReturn[p.PkgPath]; ok && ld.isStd(p) {
			trim(p.Syntax, namedFunctions(names))
		} else {
			trim(p.Syntax, requestFunctions())
		}
	}

	p.TypesInfo = newTypesInfo()
	importer := importerFunc(func(path string) (*types.Package, error) {
		if path == "unsafe" {
			return types.Unsafe, nil
		}
		imp := p.Imports[path]
		if imp == nil {
			return nil, fmt.Errorf("no metadata for %s", path)
		}
		if imp.Types != nil && imp.Types.Complete() {
			return imp.Types, nil
		}
		if err := ld.nodes[imp].exportErr; err != nil {
			return nil, err
		}
		return nil, fmt.Errorf("could not load %s", path)
	})
	tc := &types.Config{
		Importer: importer,
		Error:    appendError,
		Sizes:    p.TypesSizes,
	}
	if p.Module != nil && p.Module.GoVersion != "" {
		tc.GoVersion = "go" + p.Module.GoVersion
	}
	typErr := types.NewChecker(tc, ld.fset, p.Types, p.TypesInfo).Files(p.Syntax)
	if typErr != nil && len(p.Errors) == 0 {
		appendError(typErr)
	}
	ill := len(p.Errors) > 0
	for _, imp := range p.Imports {
		ill = ill || imp.IllTyped
	}
	p.IllTyped = ill
}

// prune replaces the Imports of each source package by the nearest
// source packages below it, so that the analysis runs fact-producing
// analyzers on source packages only and facts still reach every package
// that can name their objects. Packages from export data drop out of the
// graph handed to the analysis; their errors were recorded on the
// importing packages' type errors.
func (ld *loader) prune() {
	nearest := make(map[*packages.Package]map[string]*packages.Package)
	var below func(p *packages.Package) map[string]*packages.Package
	below = func(p *packages.Package) map[string]*packages.Package {
		if m, ok := nearest[p]; ok {
			return m
		}
		m := make(map[string]*packages.Package)
		for path, imp := range p.Imports {
			if ld.nodes[imp].source {
				m[path] = imp
				continue
			}
			for _, deeper := range below(imp) {
				// Key by the package's own path: an indirect
				// dependency has no import path here.
				if _, ok := m[deeper.PkgPath]; !ok {
					m[deeper.PkgPath] = deeper
				}
			}
		}
		nearest[p] = m
		return m
	}
	pruned := make(map[*packages.Package]map[string]*packages.Package)
	for _, n := range ld.order {
		if n.source {
			pruned[n.pkg] = below(n.pkg)
		}
	}
	for p, m := range pruned {
		p.Imports = m
	}
}

func newTypesInfo() *types.Info {
	return &types.Info{
		Types:        make(map[ast.Expr]types.TypeAndValue),
		Defs:         make(map[*ast.Ident]types.Object),
		Uses:         make(map[*ast.Ident]types.Object),
		Implicits:    make(map[ast.Node]types.Object),
		Instances:    make(map[*ast.Ident]types.Instance),
		Scopes:       make(map[ast.Node]*types.Scope),
		Selections:   make(map[*ast.SelectorExpr]*types.Selection),
		FileVersions: make(map[*ast.File]string),
	}
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
