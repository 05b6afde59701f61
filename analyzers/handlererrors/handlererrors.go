package handlererrors

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/resetlint/resetlint/analyzers/internal/code"
	"github.com/resetlint/resetlint/analyzers/internal/respflow"
	"github.com/resetlint/resetlint/analyzers/internal/scope"
	"github.com/resetlint/resetlint/analyzers/internal/suppress"
)

// Analyzer is the handlererrors pass with its default settings.
var Analyzer = New()

// New returns a fresh handlererrors analyzer with its own flags, so that two
// configurations (two golangci-lint linter instances) never share state.
func New() *analysis.Analyzer {
	cfg := &config{context: true}
	a := &analysis.Analyzer{
		Name:     "handlererrors",
		Doc:      doc,
		URL:      "https://github.com/resetlint/resetlint#handlererrors",
		Requires: []*analysis.Analyzer{respflow.Analyzer, inspect.Analyzer},
	}
	a.Flags.BoolVar(&cfg.context, "context", cfg.context,
		"count calls that take a context.Context as outbound work (the Go convention for work that may block on I/O)")
	a.Flags.BoolVar(&cfg.tests, "tests", false, "also report in _test.go files (test servers often ignore errors on purpose)")
	a.Run = func(pass *analysis.Pass) (any, error) { return run(pass, cfg) }
	return a
}

type config struct {
	context bool // calls taking a context.Context are outbound work
	tests   bool // report in _test.go files
}

func run(pass *analysis.Pass, cfg *config) (any, error) {
	// Fast path: without net/http or a framework there is no request scope.
	if !scope.ImportsFramework(pass.Pkg) {
		return nil, nil
	}
	flows := pass.ResultOf[respflow.Analyzer].(*respflow.Result)
	if len(flows.Funcs()) == 0 {
		return nil, nil // no request scope
	}
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	c := &checker{
		pass:    pass,
		cfg:     cfg,
		flows:   flows,
		rep:     suppress.New(pass),
		streams: make(map[*scope.Scope]*streams),
	}
	c.indexStatements(ins)
	for _, f := range flows.Funcs() {
		if sc := f.Scope; sc.Role != scope.Handler && sc.Writer == nil && sc.Context == nil {
			// A helper handed only an *http.Request may as well be client
			// code (a RoundTripper's outbound request); the handler that
			// calls it is checked instead.
			continue
		}
		if c.background[f.Node] {
			continue // a go or defer literal: its errors cannot reach this reply
		}
		if !cfg.tests && code.InTestFile(pass.Fset, f.Node.Pos()) {
			continue // test servers ignore errors on purpose
		}
		c.checkDiscarded(f)
		c.checkLoggedOnly(f)
	}
	return nil, nil
}

type checker struct {
	pass  *analysis.Pass
	cfg   *config
	flows *respflow.Result
	rep   *suppress.Reporter

	// background holds the function literals run by go and defer.
	background map[ast.Node]bool
	// discarded maps the calls whose error result is thrown away to
	// their statement.
	discarded map[*ast.CallExpr]ast.Node
	// discardedAt holds the positions of those calls, sorted.
	discardedAt []token.Pos
	// before maps a statement to the one before it in its block.
	before map[ast.Stmt]ast.Stmt

	streams map[*scope.Scope]*streams
}

// indexStatements finds, in one walk, the literals run by go and defer,
// the calls whose error is discarded, and each statement's predecessor.
func (c *checker) indexStatements(ins *inspector.Inspector) {
	c.background = make(map[ast.Node]bool)
	c.discarded = make(map[*ast.CallExpr]ast.Node)
	c.before = make(map[ast.Stmt]ast.Stmt)
	info := c.pass.TypesInfo
	filter := []ast.Node{(*ast.GoStmt)(nil), (*ast.DeferStmt)(nil), (*ast.ExprStmt)(nil),
		(*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil), (*ast.BlockStmt)(nil), (*ast.CaseClause)(nil), (*ast.CommClause)(nil)}
	ins.Preorder(filter, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.GoStmt:
			if lit, ok := ast.Unparen(n.Call.Fun).(*ast.FuncLit); ok {
				c.background[lit] = true
			}
		case *ast.DeferStmt:
			if lit, ok := ast.Unparen(n.Call.Fun).(*ast.FuncLit); ok {
				c.background[lit] = true
			}
		case *ast.ExprStmt:
			if call, ok := ast.Unparen(n.X).(*ast.CallExpr); ok {
				c.discarded[call] = n
			}
		case *ast.AssignStmt:
			if len(n.Rhs) == 1 {
				if call, ok := ast.Unparen(n.Rhs[0]).(*ast.CallExpr); ok && blankError(info, call, n.Lhs) {
					c.discarded[call] = n
				}
			}
		case *ast.ValueSpec:
			if len(n.Values) == 1 && len(n.Names) > 1 {
				if call, ok := ast.Unparen(n.Values[0]).(*ast.CallExpr); ok {
					lhs := make([]ast.Expr, len(n.Names))
					for i, id := range n.Names {
						lhs[i] = id
					}
					if blankError(info, call, lhs) {
						c.discarded[call] = n
					}
				}
			}
		case *ast.BlockStmt:
			c.chain(n.List)
		case *ast.CaseClause:
			c.chain(n.Body)
		case *ast.CommClause:
			c.chain(n.Body)
		}
	})
}

func (c *checker) chain(list []ast.Stmt) {
	for i := 1; i < len(list); i++ {
		c.before[list[i]] = list[i-1]
	}
}

// blankError reports whether the error result of call is assigned to
// the blank identifier in lhs.
func blankError(info *types.Info, call *ast.CallExpr, lhs []ast.Expr) bool {
	tup, ok := info.TypeOf(call).(*types.Tuple)
	if ok && tup.Len() == len(lhs) {
		for i := range tup.Len() {
			if isError(tup.At(i).Type()) && isBlank(lhs[i]) {
				return true
			}
		}
		return false
	}
	return len(lhs) == 1 && isError(info.TypeOf(call)) && isBlank(lhs[0])
}

func isBlank(e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && id.Name == "_"
}

func isError(t types.Type) bool {
	return t != nil && types.Identical(t, types.Universe.Lookup("error").Type())
}

// checkDiscarded reports the calls of f that read the request or do
// outbound work and whose error is thrown away.
func (c *checker) checkDiscarded(f *respflow.Func) {
	for _, b := range f.CFG.Blocks {
		if _, reached := f.In(b); !reached {
			continue
		}
		for _, node := range b.Nodes {
			if !c.holdsDiscarded(node) {
				continue // most nodes: no need to list their calls
			}
			for _, call := range respflow.Calls(node) {
				if _, ok := c.discarded[call]; !ok || !returnsError(c.pass.TypesInfo, call) {
					continue
				}
				w := c.classify(f.Scope, call)
				if w.kind == noWork || (w.content && c.drains(call)) {
					continue
				}
				// `_ = cache.Set(ctx, k, v)`: an explicit blank discard of
				// work known only by its context parameter is Go's idiom
				// for best-effort work, as errcheck treats it.
				if w.kind == contextual && allBlank(c.discarded[call]) {
					continue
				}
				c.rep.Report(analysis.Diagnostic{
					Pos:     call.Pos(),
					End:     call.End(),
					Message: fmt.Sprintf("the error of %s is discarded: %s", w.name, w.consequence()),
				})
			}
		}
	}
}

// holdsDiscarded reports whether one of the calls whose error is thrown
// away is inside node.
func (c *checker) holdsDiscarded(node ast.Node) bool {
	if c.discardedAt == nil {
		c.discardedAt = make([]token.Pos, 0, len(c.discarded))
		for call := range c.discarded {
			c.discardedAt = append(c.discardedAt, call.Pos())
		}
		slices.Sort(c.discardedAt)
	}
	i, _ := slices.BinarySearch(c.discardedAt, node.Pos())
	return i < len(c.discardedAt) && c.discardedAt[i] < node.End()
}

// drains reports whether a read of the request's content throws all of
// it away (`io.ReadAll(r.Body)` as a statement): the body is drained,
// and its error changes nothing. A call with a destination (&v) keeps
// what it read.
func (c *checker) drains(call *ast.CallExpr) bool {
	if _, stmt := c.discarded[call].(*ast.ExprStmt); !stmt {
		if !allBlank(c.discarded[call]) {
			return false
		}
	}
	for _, arg := range call.Args {
		if _, ptr := c.pass.TypesInfo.TypeOf(arg).Underlying().(*types.Pointer); ptr {
			return false
		}
	}
	return true
}

func allBlank(n ast.Node) bool {
	var lhs []ast.Expr
	switch n := n.(type) {
	case *ast.AssignStmt:
		lhs = n.Lhs
	case *ast.ValueSpec:
		for _, id := range n.Names {
			lhs = append(lhs, id)
		}
	}
	for _, e := range lhs {
		if !isBlank(e) {
			return false
		}
	}
	return len(lhs) > 0
}

// returnsError reports whether one of call's results is an error.
func returnsError(info *types.Info, call *ast.CallExpr) bool {
	switch t := info.TypeOf(call).(type) {
	case *types.Tuple:
		for v := range t.Variables() {
			if isError(v.Type()) {
				return true
			}
		}
		return false
	default:
		return isError(t)
	}
}

func (c *checker) line(pos token.Pos) int { return c.pass.Fset.Position(pos).Line }
