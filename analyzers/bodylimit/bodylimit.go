package bodylimit

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/cfg"

	"github.com/resetlint/resetlint/analyzers/internal/edit"
	"github.com/resetlint/resetlint/analyzers/internal/facts"
	"github.com/resetlint/resetlint/analyzers/internal/flow"
	"github.com/resetlint/resetlint/analyzers/internal/scope"
	"github.com/resetlint/resetlint/analyzers/internal/suppress"
)

// Analyzer is the bodylimit pass with its default settings.
var Analyzer = New()

// config holds one analyzer's flag values.
type config struct {
	multipartMax   sizeFlag     // maxMemory above which a multipart parse is a memory problem
	multipartSpill bool         // also report multipart parses that spill to temp files
	assume         patternsFlag // packages whose handlers sit behind a body limit we cannot see
}

// New returns a fresh bodylimit analyzer with its own flags, so that two
// configurations (two golangci-lint linter instances) never share state.
func New() *analysis.Analyzer {
	cfg := &config{multipartMax: 32 << 20, multipartSpill: true}
	a := &analysis.Analyzer{
		Name:      "bodylimit",
		Doc:       doc,
		URL:       "https://github.com/resetlint/resetlint#bodylimit",
		Requires:  []*analysis.Analyzer{inspect.Analyzer, ctrlflow.Analyzer, scope.Analyzer},
		FactTypes: []analysis.Fact{new(facts.Body)},
	}
	a.Flags.Var(&cfg.multipartMax, "multipart-max",
		"report ParseMultipartForm whose maxMemory exceeds this many bytes (suffixes KiB, MiB, GiB)")
	a.Flags.BoolVar(&cfg.multipartSpill, "multipart-spill", true,
		"also report multipart parses (FormFile, ParseMultipartForm) of an unbounded body whose maxMemory is small: files beyond it go to temp files with no bound")
	a.Flags.Var(&cfg.assume, "assume-middleware",
		"comma-separated import paths (a trailing /... matches below) whose handlers are served behind a body limit the pass cannot see; it reports nothing there")
	a.Run = func(pass *analysis.Pass) (any, error) { return run(pass, cfg) }
	return a
}

func run(pass *analysis.Pass, cfg *config) (any, error) {
	// Fast path: a package that imports neither net/http nor a framework
	// declares no handler, no helper and no middleware.
	if !scope.ImportsFramework(pass.Pkg) {
		return nil, nil
	}
	scopes := pass.ResultOf[scope.Analyzer].(*scope.Scopes)
	c := &checker{
		pass:        pass,
		cfg:         cfg,
		scopes:      scopes,
		cfgs:        pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs),
		ins:         pass.ResultOf[inspect.Analyzer].(*inspector.Inspector),
		rep:         suppress.New(pass),
		ed:          edit.New(pass),
		summaries:   make(map[ast.Node]*facts.Body, len(scopes.List)),
		declOf:      make(map[*types.Func]*ast.FuncDecl),
		readKinds:   make(map[*ast.FuncDecl]readKind),
		imported:    make(map[*types.Func]*facts.Body),
		calleeKinds: make(map[*types.Func]calleeKind),
		callees:     make(map[*types.Func]calleeInfo),
	}
	c.indexDecls()
	c.summarizeReaderHelpers()
	c.scan()
	c.summarizeScopes()
	c.findMiddleware()
	c.exportFacts()
	// The user says the package's handlers are behind a limit we cannot
	// see (a middleware wired in another package, a proxy). Facts are
	// still exported above: other packages may use its helpers.
	if cfg.assume.matches(pass.Pkg.Path()) {
		return nil, nil
	}
	c.report()
	return nil, nil
}

// checker is the state of one run of the pass over one package.
type checker struct {
	pass   *analysis.Pass
	cfg    *config
	scopes *scope.Scopes
	cfgs   *ctrlflow.CFGs
	ins    *inspector.Inspector
	rep    *suppress.Reporter
	ed     *edit.Editor // builds the fixes' edits

	// declOf maps the package's functions and methods to their
	// declarations.
	declOf map[*types.Func]*ast.FuncDecl
	// summaries holds what each scope of the package (by function node)
	// does to its request body when entered with an unbounded body.
	summaries map[ast.Node]*facts.Body
	// readerParams lists, per function of the package, the io.Reader
	// parameters it reads to the end (decodeJSON(body io.Reader, v any)).
	readerParams map[*types.Func][]readerParam
	// middleware holds the package's functions that return a handler (or
	// a middleware) whose requests have a bounded body.
	middleware map[*types.Func]bool
	// assigns holds the values assigned to each variable of the package.
	assigns map[*types.Var][]ast.Expr
	// calledOnly holds functions that the package only ever calls
	// directly: helpers, whose reads are reported at their call sites.
	// It is computed by report, for the handlers that read, and only them.
	calledOnly map[*types.Func]bool
	// readKinds caches helperReadKind.
	readKinds map[*ast.FuncDecl]readKind
	// sourceCache holds the body sources of each scope.
	sourceCache map[*scope.Scope]*sources
	// bounded holds the handlers (function objects and literals) that the
	// visible wiring places behind a body-limiting middleware.
	bounded map[any]bool
	// consulted collects, while summarizeScopes analyses a scope
	// (consulting is set), the declarations whose summaries the analysis
	// reads; made on the first, as most scopes read none.
	consulted  map[*ast.FuncDecl]bool
	consulting bool
	// runs holds summarizeScopes' last analysis of each scope, and
	// changedAt the step at which each summary last changed.
	runs      map[*scope.Scope]scopeRun
	changedAt map[*ast.FuncDecl]int
	// evals caches evalOrder.
	evals map[ast.Node][]ast.Node
	// events holds the events of each scope.
	events map[*scope.Scope]events
	// calleeKinds caches calleeKindOf, imported importedSummary.
	calleeKinds map[*types.Func]calleeKind
	// callees caches calleeOf, by the function a call uses.
	callees  map[*types.Func]calleeInfo
	imported map[*types.Func]*facts.Body
	// called holds the functions of the package that some call calls
	// (by name: f(...), x.f(...)).
	called map[*types.Func]bool
	// returns holds the first result of each return statement of each
	// declaration (not of the literals in it).
	returns map[*ast.FuncDecl][]ast.Expr
	// seedCalls and seedLits are the calls and composite literals that
	// may seed the wiring (anySeed).
	seedCalls []inspector.Cursor
	seedLits  []*ast.CompositeLit
}

// scopeRun is one analysis of a scope by summarizeScopes: its step, the
// declarations whose summaries it read, and the dataflow solution.
type scopeRun struct {
	step      int
	consulted map[*ast.FuncDecl]bool
	g         *cfg.CFG
	in        flow.Solution[state]
}

// indexDecls maps function objects to declarations.
func (c *checker) indexDecls() {
	for _, f := range c.pass.Files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				if fn, ok := c.pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
					c.declOf[fn] = fd
				}
			}
		}
	}
}

// findCalledOnly sets c.calledOnly to those of fns (functions of the
// package) that the package only ever calls directly, never uses as a
// value. Only the uses of fns are looked at: their parents are found
// through the inspector.
func (c *checker) findCalledOnly(fns map[*types.Func]bool) {
	called := make(map[*types.Func]bool)
	asValue := make(map[*types.Func]bool)
	root := c.ins.Root()
	// A function that no call calls is not called only.
	for fn := range fns {
		if !c.called[fn] {
			delete(fns, fn)
		}
	}
	if len(fns) == 0 {
		c.calledOnly = make(map[*types.Func]bool)
		return
	}
	for id, obj := range c.pass.TypesInfo.Uses {
		fn, ok := obj.(*types.Func)
		if !ok || !fns[fn.Origin()] {
			continue
		}
		fn = fn.Origin()
		if isCallee(root, id) {
			called[fn] = true
		} else {
			asValue[fn] = true
		}
	}
	c.calledOnly = make(map[*types.Func]bool)
	for fn := range called {
		if !asValue[fn] {
			c.calledOnly[fn] = true
		}
	}
}

// isCallee reports whether id is the function a call calls: the call's
// Fun, parentheses aside, or the Sel of a selector that is.
func isCallee(root inspector.Cursor, id *ast.Ident) bool {
	cur, ok := root.FindByPos(id.Pos(), id.End())
	if !ok || cur.Node() != id {
		return false // not in the package's files: not a call of it there
	}
	if cur.ParentEdgeKind() == edge.SelectorExpr_Sel {
		cur = cur.Parent()
	}
	for cur.ParentEdgeKind() == edge.ParenExpr_X {
		cur = cur.Parent()
	}
	return cur.ParentEdgeKind() == edge.CallExpr_Fun
}

// summarizeScopes computes, for every scope of the package, whether it
// reads its request body unbounded and whether it bounds it. A scope's
// summary depends on those of the helpers it calls, so the computation is
// repeated until nothing changes (call chains are short). A repetition
// analyses again only the scopes that read a summary which changed since
// their last analysis: the others would find what they found.
func (c *checker) summarizeScopes() {
	c.runs = make(map[*scope.Scope]scopeRun)
	c.changedAt = make(map[*ast.FuncDecl]int)
	// A scope without events neither reads nor bounds, whatever the
	// others do: its summary is final at once, and it acts as no summary
	// would for a scope that reads it first.
	// Summaries are never changed in place: the eventless ones with the
	// same parameter share one.
	var nevers []*facts.Body // by parameter index + 1
	var active []*scope.Scope
	for _, sc := range c.scopes.List {
		if len(c.events[sc]) == 0 {
			p := requestParam(sc)
			for len(nevers) <= p+1 {
				nevers = append(nevers, &facts.Body{Param: len(nevers) - 1, Reads: facts.Never, Bounds: facts.Never})
			}
			c.summaries[sc.Func] = nevers[p+1]
		} else {
			active = append(active, sc)
		}
	}
	step := 0
	for range 8 {
		changed := false
		for _, sc := range active {
			if run, ok := c.runs[sc]; ok && c.stillValid(run) {
				continue
			}
			step++
			c.consulted, c.consulting = nil, true
			w := c.walker(sc, nil)
			g, in := w.solve(sc.Func, false)
			exit := w.replay(sc.Func, g, in)
			c.runs[sc], c.consulted, c.consulting = scopeRun{step: step, consulted: c.consulted, g: g, in: in}, nil, false
			sum := facts.Body{Param: requestParam(sc), Reads: exit.readEffect(), Bounds: exit.boundEffect()}
			if old := c.summaries[sc.Func]; old == nil || *old != sum {
				c.summaries[sc.Func] = &sum
				changed = true
				if decl, ok := sc.Func.(*ast.FuncDecl); ok {
					c.changedAt[decl] = step
				}
			}
		}
		if !changed {
			return
		}
	}
}

// stillValid reports whether none of the summaries that run read has
// changed since: analysing the scope again would find the same.
func (c *checker) stillValid(run scopeRun) bool {
	for decl := range run.consulted {
		if c.changedAt[decl] >= run.step {
			return false
		}
	}
	return true
}

// requestParam returns the index of the parameter that carries the request
// (the *http.Request, or the framework context), or -1.
func requestParam(sc *scope.Scope) int {
	v := sc.Request
	if sc.Context != nil {
		v = sc.Context
	}
	if v == nil {
		return -1
	}
	// As sc.ParamIndex, by position: a parameter's object is declared at
	// its name, and this asks no map.
	i := 0
	for _, field := range sc.Type.Params.List {
		if len(field.Names) == 0 {
			i++
			continue
		}
		for _, name := range field.Names {
			if name.Pos() == v.Pos() {
				return i
			}
			i++
		}
	}
	return -1
}

// bodySummary returns what fn does to the request body: from this
// package's summaries, or from a fact exported by fn's package.
func (c *checker) bodySummary(fn *types.Func) *facts.Body {
	if fn == nil {
		return nil
	}
	if decl := c.declOf[fn]; decl != nil {
		if c.consulting {
			if c.consulted == nil {
				c.consulted = make(map[*ast.FuncDecl]bool)
			}
			c.consulted[decl] = true
		}
		return c.summaries[decl]
	}
	if fn.Pkg() == nil || fn.Pkg() == c.pass.Pkg {
		return nil
	}
	return c.importedSummary(fn)
}

// exportFacts attaches a Body fact to each exported function of the
// package that reads or bounds the request body it receives, or is a
// body-limiting middleware: other packages can call only exported ones.
// Facts are for non-std packages only: std is in the tables.
func (c *checker) exportFacts() {
	if !facts.Exportable(c.pass) {
		return
	}
	for fn, decl := range c.declOf {
		if !fn.Exported() {
			continue
		}
		f := facts.Body{Param: -1, Middleware: c.middleware[fn]}
		if sum := c.summaries[decl]; sum != nil {
			f.Param, f.Reads, f.Bounds = sum.Param, sum.Reads, sum.Bounds
		}
		if f.Reads == facts.Never && f.Bounds == facts.Never && !f.Middleware {
			continue
		}
		c.pass.ExportObjectFact(fn, &f)
	}
}
