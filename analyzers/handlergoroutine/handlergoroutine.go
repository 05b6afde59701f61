package handlergoroutine

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/cfg"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/resetlint/resetlint/analyzers/internal/edit"
	"github.com/resetlint/resetlint/analyzers/internal/scope"
	"github.com/resetlint/resetlint/analyzers/internal/suppress"
)

// Analyzer is the handlergoroutine pass with its default settings.
var Analyzer = New()

// New returns a fresh handlergoroutine analyzer with its own flags, so that two
// configurations (two golangci-lint linter instances) never share state.
func New() *analysis.Analyzer {
	a := &analysis.Analyzer{
		Name:     "handlergoroutine",
		Doc:      doc,
		URL:      "https://github.com/resetlint/resetlint#handlergoroutine",
		Requires: []*analysis.Analyzer{inspect.Analyzer, ctrlflow.Analyzer, scope.Analyzer},
	}
	a.Run = run
	return a
}

func run(pass *analysis.Pass) (any, error) {
	// Fast path: without net/http or a framework there is no request
	// scope, and goroutines outside request scopes are not our business.
	if !scope.ImportsFramework(pass.Pkg) {
		return nil, nil
	}
	scopes := pass.ResultOf[scope.Analyzer].(*scope.Scopes)
	cfgs := pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs)
	rep := suppress.New(pass)
	ed := edit.New(pass)
	starts := startPositions(pass.TypesInfo, pass.ResultOf[inspect.Analyzer].(*inspector.Inspector))
	var serverSide map[*types.Func]bool // computed when first needed
	for _, sc := range scopes.List {
		// Most scopes start no goroutine: skip them without a walk.
		if !startsIn(starts, sc.Body) {
			continue
		}
		// A function that receives only a *http.Request may be client
		// code (a RoundTripper, a client middleware): only helpers that
		// a handler hands its request to are known to serve one. A
		// ResponseWriter or a framework context is always server-side.
		if sc.Role == scope.Helper && sc.Writer == nil && sc.Context == nil {
			if sc.Obj == nil {
				continue
			}
			if serverSide == nil {
				serverSide = serverHelpers(pass, scopes)
			}
			if !serverSide[sc.Obj.Origin()] {
				continue
			}
		}
		var g *cfg.CFG
		switch fn := sc.Func.(type) {
		case *ast.FuncDecl:
			g = cfgs.FuncDecl(fn)
		case *ast.FuncLit:
			g = cfgs.FuncLit(fn)
		}
		// No CFG: nothing ctrlflow could build a graph for.
		if g == nil || len(g.Blocks) == 0 {
			continue
		}
		fa := &funcAnalysis{pass: pass, sc: sc, g: g, rep: rep, ed: ed}
		fa.collectStarts()
		// Most scopes start no goroutine.
		if len(fa.starts) == 0 {
			continue
		}
		fa.reportUnjoined()
		fa.reportFanOut()
	}
	return nil, nil
}

// startPositions returns, sorted, the positions of the package's go
// statements and of its method selections named Go or TryGo (wg.Go,
// g.Go): every place where a goroutine may start, and more. Go
// statements are rare, so the walk skips most of the package; the
// selections come from the type information, not from a walk of every
// selector.
func startPositions(info *types.Info, ins *inspector.Inspector) []token.Pos {
	var out []token.Pos
	ins.Preorder([]ast.Node{(*ast.GoStmt)(nil)}, func(n ast.Node) {
		out = append(out, n.Pos())
	})
	// The selected object's name is the selector's, and the method
	// objects are shared by all their selections (hot in cache) where
	// each selector's identifier is a separate, cold AST node.
	for e, sel := range info.Selections {
		if name := sel.Obj().Name(); name == "Go" || name == "TryGo" {
			out = append(out, e.Pos())
		}
	}
	slices.Sort(out)
	return out
}

// startsIn reports whether one of the sorted positions is inside body.
func startsIn(starts []token.Pos, body *ast.BlockStmt) bool {
	if body == nil {
		return false
	}
	i, _ := slices.BinarySearch(starts, body.Pos())
	return i < len(starts) && starts[i] < body.End()
}

// serverHelpers returns the package's functions that a handler (or a
// helper of one) calls with its request, writer or framework context.
func serverHelpers(pass *analysis.Pass, scopes *scope.Scopes) map[*types.Func]bool {
	out := make(map[*types.Func]bool)
	for range 4 {
		changed := false
		for _, sc := range scopes.List {
			if sc.Role != scope.Handler && (sc.Obj == nil || !out[sc.Obj.Origin()]) {
				continue
			}
			ast.Inspect(sc.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				fn := calleeMethod(pass.TypesInfo, call)
				if fn == nil || fn.Pkg() != pass.Pkg || out[fn.Origin()] {
					return true
				}
				fn = fn.Origin()
				for _, arg := range call.Args {
					if sc.IsRequest(arg) || sc.IsWriter(arg) || sc.IsFrameworkContext(arg) {
						out[fn], changed = true, true
						break
					}
				}
				return true
			})
		}
		if !changed {
			break
		}
	}
	return out
}

// funcAnalysis holds what the pass knows about one scope's function.
type funcAnalysis struct {
	pass *analysis.Pass
	sc   *scope.Scope
	g    *cfg.CFG
	rep  *suppress.Reporter
	ed   *edit.Editor // builds the fixes' edits

	starts []*start
	// startAt maps a go statement or a wg.Go / g.Go call to its start.
	startAt map[ast.Node]*start
	// escapes holds the local variables that leave the function.
	escapes map[types.Object]bool
	// tainted holds the local variables that hold request data.
	tainted map[types.Object]bool
	// ctxFirst memoizes takesContextFirst.
	ctxFirst map[*ast.CallExpr]bool
}

// A start is one place where the scope starts a goroutine: a go
// statement, or a call of sync.WaitGroup.Go or errgroup's Go / TryGo.
type start struct {
	index int
	node  ast.Node      // the *ast.GoStmt or the *ast.CallExpr of .Go
	call  *ast.CallExpr // the call the goroutine makes (go f(x)), or .Go(f)
	fn    ast.Expr      // the function the goroutine runs
	// group is the WaitGroup or errgroup.Group of a .Go call; errgroup
	// says which.
	group    types.Object
	errgroup bool
	// loops are the loops around the start in the same function,
	// innermost last.
	loops []ast.Stmt

	uses usage
	// joins are the objects through which the scope can wait for the
	// goroutine: channels it sends on or closes, WaitGroups it marks
	// Done, the group of a .Go call.
	joins []types.Object
	// untracked: a join object escapes the function (a parameter, a
	// field, returned or passed on), so someone else may wait.
	untracked bool
}

// collectStarts finds the goroutines the scope's own function starts
// (not those of nested function literals: their lifetime is unknown).
func (fa *funcAnalysis) collectStarts() {
	fa.startAt = make(map[ast.Node]*start)
	// A filtered walk skips the subtrees without a call or a go
	// statement. The enclosing loops are the ones on the stack whose
	// subtree holds the node; a loop's condition, post statement and
	// range expression are inside it.
	var loops []inspector.Cursor
	filter := []ast.Node{(*ast.FuncLit)(nil), (*ast.ForStmt)(nil), (*ast.RangeStmt)(nil), (*ast.GoStmt)(nil), (*ast.CallExpr)(nil)}
	fa.sc.Cursor.Child(fa.sc.Body).Inspect(filter, func(cur inspector.Cursor) bool {
		for len(loops) > 0 && !loops[len(loops)-1].Contains(cur) {
			loops = loops[:len(loops)-1]
		}
		switch n := cur.Node().(type) {
		case *ast.FuncLit:
			return false
		case *ast.ForStmt, *ast.RangeStmt:
			loops = append(loops, cur)
		case *ast.GoStmt:
			fa.addStart(&start{node: n, call: n.Call, fn: n.Call.Fun, loops: loopStmts(loops)})
			// Arguments of the go call are evaluated here: a nested go
			// in them is not ours, a literal is the goroutine's body.
			return false
		case *ast.CallExpr:
			if inRangeVars(loops, cur) {
				return false
			}
			if group, errgroup, ok := fa.groupGo(n); ok && len(n.Args) == 1 {
				fa.addStart(&start{node: n, call: n, fn: n.Args[0], group: group, errgroup: errgroup,
					loops: loopStmts(loops)})
			}
		}
		return true
	})
	for _, s := range fa.starts {
		fa.classify(s)
	}
}

// loopStmts returns the statements of the loop cursors, innermost last.
func loopStmts(loops []inspector.Cursor) []ast.Stmt {
	out := make([]ast.Stmt, len(loops))
	for i, l := range loops {
		out[i] = l.Node().(ast.Stmt)
	}
	return out
}

// inRangeVars reports whether cur is in the key or value of the
// innermost loop (a range's iteration variables start nothing of
// ours). Only the innermost loop can hold it: a loop inside an
// expression needs a function literal, which the walk skips.
func inRangeVars(loops []inspector.Cursor, cur inspector.Cursor) bool {
	if len(loops) == 0 {
		return false
	}
	l := loops[len(loops)-1]
	rs, ok := l.Node().(*ast.RangeStmt)
	if !ok {
		return false
	}
	return rs.Key != nil && l.ChildAt(edge.RangeStmt_Key, -1).Contains(cur) ||
		rs.Value != nil && l.ChildAt(edge.RangeStmt_Value, -1).Contains(cur)
}

func (fa *funcAnalysis) addStart(s *start) {
	s.index = len(fa.starts)
	fa.starts = append(fa.starts, s)
	fa.startAt[s.node] = s
}

// errgroupPath is the package of errgroup.Group, matched by path so the
// pass needs no dependency on it.
const errgroupPath = "golang.org/x/sync/errgroup"

// groupGo reports whether call is wg.Go(f) on a sync.WaitGroup, or
// g.Go(f) / g.TryGo(f) on an errgroup.Group, and returns the group.
func (fa *funcAnalysis) groupGo(call *ast.CallExpr) (types.Object, bool, bool) {
	fn := calleeMethod(fa.pass.TypesInfo, call)
	sel, _ := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if fn == nil || sel == nil {
		return nil, false, false
	}
	switch {
	case scope.IsMethod(fn, "sync", "WaitGroup", "Go"):
		return objectOf(fa.pass.TypesInfo, sel.X), false, true
	case scope.IsMethod(fn, errgroupPath, "Group", "Go"), scope.IsMethod(fn, errgroupPath, "Group", "TryGo"):
		return objectOf(fa.pass.TypesInfo, sel.X), true, true
	}
	return nil, false, false
}

// calleeMethod returns the method or function call statically calls.
func calleeMethod(info *types.Info, call *ast.CallExpr) *types.Func {
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	return fn
}

// objectOf returns the variable (or field) an expression denotes, looking
// through & and parentheses: wg, &wg, s.wg.
func objectOf(info *types.Info, e ast.Expr) types.Object {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		if v, ok := info.ObjectOf(e).(*types.Var); ok {
			return v
		}
	case *ast.SelectorExpr:
		if sel := info.Selections[e]; sel != nil && sel.Kind() == types.FieldVal {
			return sel.Obj()
		}
		if v, ok := info.Uses[e.Sel].(*types.Var); ok {
			return v
		}
	case *ast.UnaryExpr:
		return objectOf(info, e.X)
	case *ast.StarExpr:
		return objectOf(info, e.X)
	}
	return nil
}
