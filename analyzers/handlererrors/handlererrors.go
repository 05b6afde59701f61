package handlererrors

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

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
	c := &checker{
		pass:    pass,
		cfg:     cfg,
		flows:   flows,
		rep:     suppress.New(pass),
		ins:     pass.ResultOf[inspect.Analyzer].(*inspector.Inspector),
		streams: make(map[*scope.Scope]*streams),
	}
	c.index()
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
	ins   *inspector.Inspector

	// background holds the function literals run by go and defer.
	background map[ast.Node]bool
	// funcs holds the cursors of the functions flows follows.
	funcs map[ast.Node]inspector.Cursor

	streams map[*scope.Scope]*streams

	// Buffers reused by successAfter and streamsOf.
	seen       []bool
	queue      []searchItem
	streamVars []streamVar
}

// index finds, in one walk, the literals run by go and defer and the
// cursors of the functions flows follows.
func (c *checker) index() {
	c.background = make(map[ast.Node]bool)
	c.funcs = make(map[ast.Node]inspector.Cursor, len(c.flows.Funcs()))
	filter := []ast.Node{(*ast.GoStmt)(nil), (*ast.DeferStmt)(nil), (*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)}
	for cur := range c.ins.Root().Preorder(filter...) {
		var call *ast.CallExpr
		switch n := cur.Node().(type) {
		case *ast.GoStmt:
			call = n.Call
		case *ast.DeferStmt:
			call = n.Call
		default:
			if c.flows.Func(n) != nil {
				c.funcs[n] = cur
			}
			continue
		}
		if lit, ok := ast.Unparen(call.Fun).(*ast.FuncLit); ok {
			c.background[lit] = true
		}
	}
}

// discardedCall returns the call whose error statement st throws away:
// the call of an expression statement, or one whose error result is
// assigned to the blank identifier. Such a statement is always a node
// of its own in a CFG.
func discardedCall(info *types.Info, st ast.Node) *ast.CallExpr {
	switch st := st.(type) {
	case *ast.ExprStmt:
		call, _ := ast.Unparen(st.X).(*ast.CallExpr)
		return call
	case *ast.AssignStmt:
		if len(st.Rhs) == 1 && slices.ContainsFunc(st.Lhs, isBlank) {
			if call, ok := ast.Unparen(st.Rhs[0]).(*ast.CallExpr); ok && blankError(info, call, st.Lhs) {
				return call
			}
		}
	case *ast.ValueSpec:
		if len(st.Values) == 1 && len(st.Names) > 1 && slices.ContainsFunc(st.Names, isBlankIdent) {
			if call, ok := ast.Unparen(st.Values[0]).(*ast.CallExpr); ok {
				lhs := make([]ast.Expr, len(st.Names))
				for i, id := range st.Names {
					lhs[i] = id
				}
				if blankError(info, call, lhs) {
					return call
				}
			}
		}
	}
	return nil
}

// cursorOf returns the cursor of node n of the package's syntax, which
// lies in function fn.
func (c *checker) cursorOf(n, fn ast.Node) (inspector.Cursor, bool) {
	from, ok := c.funcs[fn]
	if !ok {
		from = c.ins.Root()
	}
	// The innermost node around n's extent is n or one of its first
	// descendants.
	cur, ok := from.FindByPos(n.Pos(), n.End())
	for ok && cur.Node() != n {
		if cur.Node() == nil {
			return cur, false
		}
		cur = cur.Parent()
	}
	return cur, ok
}

// before returns the statement before st of function fn in its
// statement list, or nil.
func (c *checker) before(st ast.Stmt, fn ast.Node) ast.Stmt {
	cur, ok := c.cursorOf(st, fn)
	if !ok {
		return nil
	}
	// The previous node of the same list of statements: of a block, or
	// of the body of a case or select clause (not a clause's comm).
	prev, ok := cur.PrevSibling()
	if !ok || prev.ParentEdgeKind() != cur.ParentEdgeKind() {
		return nil
	}
	switch cur.ParentEdgeKind() {
	case edge.BlockStmt_List, edge.CaseClause_Body, edge.CommClause_Body:
		p, _ := prev.Node().(ast.Stmt)
		return p
	}
	return nil
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

func isBlankIdent(id *ast.Ident) bool { return id.Name == "_" }

func isError(t types.Type) bool {
	return t != nil && types.Identical(t, types.Universe.Lookup("error").Type())
}

// checkDiscarded reports the calls of f that read the request or do
// outbound work and whose error is thrown away.
func (c *checker) checkDiscarded(f *respflow.Func) {
	info := c.pass.TypesInfo
	for _, b := range f.CFG.Blocks {
		if _, reached := f.In(b); !reached {
			continue
		}
		for _, node := range b.Nodes {
			call := discardedCall(info, node)
			if call == nil {
				continue
			}
			// A call of a function value is no work classify knows.
			fn, _ := typeutil.Callee(info, call).(*types.Func)
			if fn == nil || !returnsError(info, call, fn) {
				continue
			}
			w := c.classify(f.Scope, call, fn)
			if w.kind == noWork || (w.content && c.drains(call, node)) {
				continue
			}
			// `_ = cache.Set(ctx, k, v)`: an explicit blank discard of
			// work known only by its context parameter is Go's idiom
			// for best-effort work, as errcheck treats it.
			if w.kind == contextual && allBlank(node) {
				continue
			}
			c.rep.Report(analysis.Diagnostic{
				Pos:     call.Pos(),
				End:     call.End(),
				Message: fmt.Sprintf("the error of %s is discarded: %s", c.callName(w.fn), w.consequence()),
			})
		}
	}
}

// drains reports whether a read of the request's content throws all of
// it away (`io.ReadAll(r.Body)` as a statement): the body is drained,
// and its error changes nothing. A call with a destination (&v) keeps
// what it read. st is the statement that discards the call's error.
func (c *checker) drains(call *ast.CallExpr, st ast.Node) bool {
	if _, stmt := st.(*ast.ExprStmt); !stmt {
		if !allBlank(st) {
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

// returnsError reports whether one of call's results is an error. fn
// is its callee: the results of its declaration say, unless one is a
// type parameter, which the call may instantiate with error.
func returnsError(info *types.Info, call *ast.CallExpr, fn *types.Func) bool {
	sig := fn.Type().(*types.Signature)
	generic := false
	for v := range sig.Results().Variables() {
		if isError(v.Type()) {
			return true
		}
		if _, ok := types.Unalias(v.Type()).(*types.TypeParam); ok {
			generic = true
		}
	}
	if !generic {
		return false
	}
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
