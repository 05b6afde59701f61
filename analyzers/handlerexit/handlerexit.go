package handlerexit

import (
	"fmt"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/analysis/passes/inspect"

	"github.com/resetlint/resetlint/analyzers/internal/code"
	"github.com/resetlint/resetlint/analyzers/internal/facts"
	"github.com/resetlint/resetlint/analyzers/internal/scope"
	"github.com/resetlint/resetlint/analyzers/internal/suppress"
)

// Analyzer is the handlerexit pass with its default settings.
var Analyzer = New()

// config holds the pass's flags.
type config struct {
	tests bool // report in _test.go files too
}

// New returns a fresh handlerexit analyzer with its own flags, so that two
// configurations (two golangci-lint linter instances) never share state.
func New() *analysis.Analyzer {
	cfg := new(config)
	a := &analysis.Analyzer{
		Name:      "handlerexit",
		Doc:       doc,
		URL:       "https://github.com/resetlint/resetlint#handlerexit",
		Requires:  []*analysis.Analyzer{inspect.Analyzer, ctrlflow.Analyzer, scope.Analyzer},
		FactTypes: []analysis.Fact{new(facts.Exit)},
	}
	a.Flags.BoolVar(&cfg.tests, "tests", false,
		"also report in _test.go files (test handlers often panic on purpose to exercise recovery code)")
	a.Run = func(pass *analysis.Pass) (any, error) { return run(pass, cfg) }
	return a
}

func run(pass *analysis.Pass, cfg *config) (any, error) {
	// Exit facts are exported for user code only (facts.Relevant allows
	// more: released packages that import net/http). A released library's
	// panics are mostly internal invariants ("can't happen") deep in its
	// implementation: as facts they would flag every call of its API. Its
	// deliberate exits and panics (a logger's Fatal, a Must) are in the
	// tables of tables.go.
	exportable := facts.Relevant(pass) && facts.UserCode(pass.Module)
	serves := scope.ImportsFramework(pass.Pkg)
	// Nothing to export and no request scope to report in.
	if !exportable && !serves {
		return nil, nil
	}
	c := collect(pass)
	c.solve()
	if exportable {
		c.exportFacts()
	}
	// Without net/http or a framework the package has no request scope;
	// its facts (a check(err) helper package) are all it contributes.
	if !serves {
		return nil, nil
	}
	c.report(cfg)
	return nil, nil
}

// Messages. They name the consequence: one client's reset (a panic that
// net/http recovers), or every client's (the process ends).
const (
	resetConsequence = "net/http recovers it and aborts the connection, so the client receives a reset instead of a 500"
	exitConsequence  = "stops the whole server, so every client's connection is reset"
	crashConsequence = "nothing recovers it, so the whole server crashes and every client's connection is reset"
)

// report reports the calls in handler scopes that may panic or exit.
func (c *checker) report(cfg *config) {
	rep := suppress.New(c.pass)
	for _, s := range c.sites {
		if s.scope == nil {
			continue
		}
		if !cfg.tests && code.InTestFile(c.pass.Fset, s.call.Pos()) {
			continue
		}
		// A call of another handler: its own body is reported where it
		// is declared.
		if s.callee != nil && isHandlerSignature(s.callee) {
			continue
		}
		panics, exits := c.calleeEffects(s)
		if exits.on && c.happens(s, exits.guard) {
			rep.Reportf(s.call.Pos(), "%s", exitMessage(s, exits))
			continue
		}
		if !panics.on || !c.happens(s, panics.guard) {
			continue
		}
		switch {
		case s.goroutine && !s.protected:
			rep.Reportf(s.call.Pos(), "%s in a goroutine started by a request handler: %s", panicSubject(s, panics), crashConsequence)
		case s.protected:
			// A deferred recover in the handler turns it into a response.
		default:
			rep.Reportf(s.call.Pos(), "%s in a request handler: %s", panicSubject(s, panics), resetConsequence)
		}
	}
}

// happens reports whether, at a handler's call site, the condition g on
// the callee's parameters may hold: only a constant argument can rule
// it out.
func (c *checker) happens(s *site, g facts.Guard) bool {
	ok, _ := c.resolve(s, g, nil)
	return ok
}

func exitMessage(s *site, e effect) string {
	name := types.ExprString(s.call.Fun)
	if e.direct {
		return fmt.Sprintf("%s in a request handler %s", name, exitConsequence)
	}
	return fmt.Sprintf("%s may end the process (via %s): in a request handler that %s", name, e.via, exitConsequence)
}

func panicSubject(s *site, e effect) string {
	name := types.ExprString(s.call.Fun)
	switch {
	case s.builtin:
		return "panic"
	case e.direct:
		return name + " panics"
	case e.via != "" && e.via != "panic":
		return name + " may panic (via " + e.via + ")"
	}
	return name + " may panic"
}

// isHandlerSignature reports whether fn is itself a handler (it receives a
// whole request): its body is a scope of its own.
func isHandlerSignature(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	if !ok {
		return false
	}
	var w, r bool
	params := sig.Params()
	for i := range params.Len() {
		t := params.At(i).Type()
		w = w || scope.IsResponseWriter(t)
		r = r || scope.IsRequest(t)
	}
	if w && r {
		return true
	}
	if params.Len() != 1 {
		return false
	}
	t := params.At(0).Type()
	res := sig.Results()
	switch {
	case scope.IsGinContext(t):
		return res.Len() == 0
	case scope.IsEchoContext(t):
		return res.Len() == 1 && types.Identical(res.At(0).Type(), types.Universe.Lookup("error").Type())
	}
	return false
}

// reportable reports whether panics in sc are reported in place: sc is a
// handler, or a function literal inside one (closures belong to the
// handler around them). A declared helper that receives only part of a
// request is reported at its callers, like any may-panic function.
func reportable(sc *scope.Scope) bool {
	for s := sc; s != nil; s = s.Parent {
		if s.Role == scope.Handler {
			return true
		}
		if _, lit := s.Func.(*ast.FuncLit); !lit {
			return false
		}
	}
	return false
}
