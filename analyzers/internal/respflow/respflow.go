// Package respflow follows what each request-scope function does to the
// response, along its control-flow graph: whether the status has been
// sent (committed), whether a terminal reply (http.Error, http.Redirect,
// ...) has been sent, on some path or on every path. Helpers count as if
// their calls were inline: what a function that receives the response
// does to it is summarised, in dependency order within the package and
// as a facts.Response fact across packages.
//
// The analyzer reports nothing. Its result serves the passes that reason
// about replies (doublewrite, handlererrors): the state before every
// call that acts on the response, and the summary of any callee.
package respflow

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/cfg"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/resetlint/resetlint/analyzers/internal/facts"
	"github.com/resetlint/resetlint/analyzers/internal/flow"
	"github.com/resetlint/resetlint/analyzers/internal/respwriter"
	"github.com/resetlint/resetlint/analyzers/internal/scope"
)

// Analyzer computes the response flow of a package's request scopes and
// owns the facts.Response fact.
var Analyzer = &analysis.Analyzer{
	Name:       "respflow",
	Doc:        "follow what request handlers and their helpers do to the response (internal: reports nothing)",
	Run:        run,
	Requires:   []*analysis.Analyzer{scope.Analyzer, ctrlflow.Analyzer, inspect.Analyzer},
	FactTypes:  []analysis.Fact{new(facts.Response)},
	ResultType: reflect.TypeFor[*Result](),
}

// Result is the response flow of a package. It is complete when run
// returns and is only read afterwards, so passes may share it.
type Result struct {
	list      []*Func
	funcs     map[ast.Node]*Func
	calls     map[*ast.CallExpr]*Call
	summaries map[*types.Func]*facts.Response
	closures  map[*types.Var]*ast.FuncLit
}

// Funcs returns the flows of the package's request scopes and of the
// function literals inside them, in source order.
func (r *Result) Funcs() []*Func { return r.list }

// Func returns the flow of the function node fn (*ast.FuncDecl or
// *ast.FuncLit), or nil if fn is neither a request scope nor inside one.
func (r *Result) Func(fn ast.Node) *Func { return r.funcs[fn] }

// Call returns the call's effect on the response and the state before
// it, or nil if the call does nothing to the response of its scope.
func (r *Result) Call(call *ast.CallExpr) *Call { return r.calls[call] }

// Summary returns what fn does to the response it receives, or nil if it
// receives none or does nothing to it. It knows the functions of this
// package and the callees its request scopes call.
func (r *Result) Summary(fn *types.Func) *facts.Response {
	if fn == nil {
		return nil
	}
	return r.summaries[fn.Origin()]
}

// Closure returns the function literal that the local variable v is
// bound to (`reply := func() { ... }`), or nil: v must be bound once and
// never rebound (`reply = other`, `&reply`), so that a call through v is
// a call of the literal.
func (r *Result) Closure(v *types.Var) *ast.FuncLit { return r.closures[v] }

// A Func is the response flow of one function.
type Func struct {
	Node  ast.Node     // *ast.FuncDecl or *ast.FuncLit
	Scope *scope.Scope // its own scope, or the one it is nested in
	CFG   *cfg.CFG
	// Calls are the calls of the function that act on the response, in
	// source order.
	Calls []*Call
	// Summary is what the function does to the response it receives or
	// captures, over the paths that return; nil if it does nothing.
	Summary *facts.Response

	in flow.Solution[State]
}

// In returns the state on entry to block b, and whether b is reachable.
func (f *Func) In(b *cfg.Block) (State, bool) {
	return f.in.In(b)
}

// A Call is one call that acts on the response.
type Call struct {
	Op
	Call  *ast.CallExpr
	Func  *Func
	Index int // position in Func.Calls
	// Reached: the call is on a path from the function's entry.
	Reached bool
	// Before is the state on the paths that reach the call.
	Before State
}

func run(pass *analysis.Pass) (any, error) {
	res := &Result{
		funcs:     make(map[ast.Node]*Func),
		calls:     make(map[*ast.CallExpr]*Call),
		summaries: make(map[*types.Func]*facts.Response),
	}
	// Fast path: a package that imports neither net/http nor a framework
	// cannot name a request type, so no function of it receives one.
	// (A standard library package that does is analysed for the passes'
	// own findings when it is a target, but exports no fact; see below.)
	if !scope.ImportsFramework(pass.Pkg) {
		return res, nil
	}
	a := &analyzer{
		pass:     pass,
		scopes:   pass.ResultOf[scope.Analyzer].(*scope.Scopes),
		cfgs:     pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs),
		res:      res,
		scopeOf:  make(map[ast.Node]*scope.Scope),
		decls:    make(map[*types.Func]*ast.FuncDecl),
		closures: make(map[*types.Var]*ast.FuncLit),
		ignored:  make(map[*ast.CallExpr]bool),
		progress: make(map[ast.Node]uint8),
	}
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	a.index(ins)
	for _, n := range a.order {
		if f := a.analyze(n); f != nil {
			res.list = append(res.list, f)
		}
	}
	// Facts are exported for the helpers of non-std packages only: what
	// std does to a response is a table (respwriter), and drivers
	// compute no facts for std (facts.RequestRelevant).
	if facts.RequestRelevant(pass) {
		for _, n := range a.order {
			decl, ok := n.(*ast.FuncDecl)
			f := res.funcs[n]
			if !ok || f == nil || f.Summary == nil || f.Scope.Obj == nil || f.Scope.Func != decl {
				continue
			}
			fact := *f.Summary
			pass.ExportObjectFact(f.Scope.Obj, &fact)
		}
	}
	return res, nil
}

// analyzer holds the work of one run.
type analyzer struct {
	pass   *analysis.Pass
	scopes *scope.Scopes
	cfgs   *ctrlflow.CFGs
	res    *Result

	order    []ast.Node                    // functions to analyse, in source order
	scopeOf  map[ast.Node]*scope.Scope     // a function's own or enclosing scope
	decls    map[*types.Func]*ast.FuncDecl // request-scope declarations by object
	closures map[*types.Var]*ast.FuncLit   // local variables bound once to a literal
	ignored  map[*ast.CallExpr]bool        // calls whose results the caller drops
	progress map[ast.Node]uint8            // 1 running, 2 done: breaks recursion
}

// index finds the functions to analyse (request scopes and the literals
// inside them), the declarations helpers resolve to, and the local
// variables that name a closure.
func (a *analyzer) index(ins *inspector.Inspector) {
	info := a.pass.TypesInfo
	reassigned := make(map[*types.Var]bool)
	// rebind notes that v may be bound to something else. A local
	// variable is declared before any statement that rebinds it, so it
	// is dropped at once; a package-level one may be declared later.
	rebind := func(v *types.Var) {
		if v.Parent() == a.pass.Pkg.Scope() {
			reassigned[v] = true
		} else {
			delete(a.closures, v)
		}
	}
	for cur := range ins.Root().Preorder((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil), (*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil), (*ast.UnaryExpr)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			sc := a.scopes.EnclosingCursor(cur)
			if sc == nil {
				continue
			}
			a.scopeOf[n] = sc
			a.order = append(a.order, n)
			if decl, ok := n.(*ast.FuncDecl); ok && sc.Func == n {
				if fn, ok := info.Defs[decl.Name].(*types.Func); ok {
					a.decls[fn] = decl
				}
			}
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				id, ok := ast.Unparen(lhs).(*ast.Ident)
				if !ok {
					continue
				}
				if v, ok := info.Defs[id].(*types.Var); ok && n.Tok == token.DEFINE && len(n.Lhs) == len(n.Rhs) {
					if lit, ok := ast.Unparen(n.Rhs[i]).(*ast.FuncLit); ok {
						a.closures[v] = lit
						continue
					}
				}
				if v, ok := info.Uses[id].(*types.Var); ok {
					rebind(v)
				}
			}
		case *ast.ValueSpec:
			if len(n.Names) == len(n.Values) {
				for i, id := range n.Names {
					if v, ok := info.Defs[id].(*types.Var); ok {
						if lit, ok := ast.Unparen(n.Values[i]).(*ast.FuncLit); ok {
							a.closures[v] = lit
						}
					}
				}
			}
		case *ast.UnaryExpr:
			// &f lets anything rebind f.
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND {
				if v, ok := info.Uses[id].(*types.Var); ok {
					rebind(v)
				}
			}
		}
	}
	for v := range reassigned {
		delete(a.closures, v)
	}
	a.res.closures = a.closures
}

// analyze computes the flow of function n (once), and returns it; nil
// while it is being computed (recursion) or when n is not analysed.
func (a *analyzer) analyze(n ast.Node) *Func {
	switch a.progress[n] {
	case 1:
		return nil
	case 2:
		return a.res.funcs[n]
	}
	sc := a.scopeOf[n]
	if sc == nil {
		return nil
	}
	a.progress[n] = 1
	defer func() { a.progress[n] = 2 }()

	g := a.cfgOf(n)
	if g == nil {
		return nil
	}
	f := &Func{Node: n, Scope: sc, CFG: g}
	a.res.funcs[n] = f

	// Classify the calls of every block first, so that each call has its
	// index (origins are sorted by it) before the flow runs.
	// The calls are grouped by CFG node in one list, so that a node
	// costs no allocation of its own.
	var byNode nodeCalls
	var acting []*Call
	var calls callCollector
	for _, b := range g.Blocks {
		for _, node := range b.Nodes {
			// A call made as a statement drops its results (dropSignal).
			if stmt, ok := node.(*ast.ExprStmt); ok {
				if call, ok := ast.Unparen(stmt.X).(*ast.CallExpr); ok {
					a.ignored[call] = true
				}
			}
			calls.out = calls.out[:0]
			calls.walk(node)
			start := len(acting)
			// The nodes of a CFG are disjoint, so each call is seen once.
			for _, call := range calls.out {
				op, ok := a.classify(sc, call)
				if !ok {
					continue
				}
				acting = append(acting, &Call{Op: op, Call: call, Func: f})
			}
			if len(acting) > start {
				byNode = append(byNode, nodeSpan{node, acting[start:len(acting):len(acting)]})
			}
		}
	}
	byNode.sort()
	// Fast path: with no call acting on the response and no condition
	// that tells whether it was written, no state ever changes from the
	// empty one, and the function has no summary.
	if len(acting) == 0 && !hasWrittenGuard(sc, g) {
		f.in = flow.Unchanged(g, State{})
		return f
	}
	f.Calls = slices.Clone(acting)
	slices.SortFunc(f.Calls, func(x, y *Call) int { return int(x.Call.Pos() - y.Call.Pos()) })
	for i, c := range f.Calls {
		c.Index = i
		a.res.calls[c.Call] = c
	}
	pend := a.pendingWrites(byNode)
	back := backEdges(g)

	transfer := func(n any, s State, each func(*Call, State)) State {
		node, _ := n.(ast.Node)
		before := s
		for _, c := range byNode.at(node) {
			if each != nil {
				each(c, s)
			}
			s = s.apply(c)
		}
		if key, ok := pend[node]; ok {
			s.pendingKey, s.pending = key, before.snap()
		} else if s.pendingKey != nil && assigns(a.pass.TypesInfo, node, s.pendingKey) {
			s.pendingKey, s.pending = nil, nil
		}
		return s
	}
	prob := flow.Problem[State]{
		Transfer: func(n any, s State) State { return transfer(n, s, nil) },
		Join:     join,
		Equal:    equal,
		Edge: func(from *cfg.Block, i int, out State) State {
			return a.edge(sc, from, i, out, back)
		},
	}
	sol := flow.Solve(g, prob)
	f.in = sol

	// Record the state before each call, and join the states at the
	// returns for the summary.
	var exit State
	returns := false
	for _, b := range g.Blocks {
		s, ok := sol.In(b)
		if !ok {
			continue
		}
		for _, node := range b.Nodes {
			s = transfer(node, s, func(c *Call, before State) {
				c.Reached, c.Before = true, before
			})
		}
		if b.Return() == nil {
			continue
		}
		if !returns {
			exit, returns = s, true
		} else {
			exit = join(exit, s)
		}
	}
	if param, ok := a.summaryParam(n, sc); ok && returns {
		sum := exit.leaveLoop().summary(param)
		if (Op{Commits: sum.Commits, Status: sum.Status, Terminal: sum.Terminal, Body: sum.WritesBody, Header: sum.SetsHeader}).acts() {
			f.Summary = &sum
			if decl, ok := n.(*ast.FuncDecl); ok && sc.Func == decl && sc.Obj != nil {
				a.res.summaries[sc.Obj] = &sum
			}
		}
	}
	return f
}

// cfgOf returns the CFG of a function node from ctrlflow, or nil.
func (a *analyzer) cfgOf(n ast.Node) *cfg.CFG {
	switch n := n.(type) {
	case *ast.FuncDecl:
		// ctrlflow indexes declarations by their object; a declaration
		// whose name did not type-check has none.
		if n.Body == nil {
			return nil
		}
		if _, ok := a.pass.TypesInfo.Defs[n.Name].(*types.Func); !ok {
			return nil
		}
		return a.cfgs.FuncDecl(n)
	case *ast.FuncLit:
		return a.cfgs.FuncLit(n)
	}
	return nil
}

// summaryParam returns the parameter through which a function receives
// the response: the scope's own ResponseWriter or framework context, or
// -1 for a literal that uses the response of the scope around it.
func (a *analyzer) summaryParam(n ast.Node, sc *scope.Scope) (int, bool) {
	if sc.Func == n {
		p := responseParam(sc)
		return p, p >= 0
	}
	_, lit := n.(*ast.FuncLit)
	return -1, lit
}

// classify returns what call does to the response of sc.
func (a *analyzer) classify(sc *scope.Scope, call *ast.CallExpr) (Op, bool) {
	info := a.pass.TypesInfo
	if d := respwriter.Classify(info, sc, call); d.Kind != respwriter.None {
		op := directOp(info, call, d)
		return op, op.acts()
	}
	// A closure: called where it is written, or through a local variable
	// bound to it once.
	var lit *ast.FuncLit
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.FuncLit:
		lit = fun
	case *ast.Ident:
		if v, ok := info.Uses[fun].(*types.Var); ok {
			lit = a.closures[v]
		}
	}
	if lit != nil {
		f := a.analyze(lit)
		sig, _ := info.TypeOf(lit).(*types.Signature)
		if f == nil {
			return Op{}, false
		}
		op, ok := helperOp(info, sc, call, sig, f.Summary)
		return a.dropSignal(call, op), ok
	}
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	if fn == nil || a.unknownHandler(fn) {
		return handlerOp(info, sc, call)
	}
	fn = fn.Origin()
	sig, _ := fn.Type().(*types.Signature)
	op, ok := helperOp(info, sc, call, sig, a.summaryOf(fn))
	op = a.dropSignal(call, op)
	op.Helper = fn
	return op, ok
}

// dropSignal undoes Signals for a helper call whose results the caller
// drops (`requireAuth(w, r)` as a statement): nothing tells the caller
// which of the helper's conditional replies happened, so they count as
// happening on some path.
func (a *analyzer) dropSignal(call *ast.CallExpr, op Op) Op {
	if a.ignored[call] {
		op.Signals = false
	}
	return op
}

// unknownHandler reports whether fn is a ServeHTTP method whose effect
// no summary describes: an interface method (next.ServeHTTP), or a
// standard library handler (a ServeMux, a file server, a reverse
// proxy), for which there are no facts.
func (a *analyzer) unknownHandler(fn *types.Func) bool {
	if fn.Name() != "ServeHTTP" || fn.Pkg() == nil {
		return false
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return false
	}
	if types.IsInterface(sig.Recv().Type()) {
		return true
	}
	return fn.Pkg() != a.pass.Pkg && facts.IsStdPackage(fn.Pkg().Path())
}

// handlerOp returns the op of handing the response to a handler the
// analysis cannot see into: next.ServeHTTP(w, r), h(w, r) for a handler
// value. It may reply, so a status or header after it is late on some
// path, and a reply before it is one the handler will answer again.
func handlerOp(info *types.Info, sc *scope.Scope, call *ast.CallExpr) (Op, bool) {
	if len(call.Args) != 2 || !sc.IsWriter(call.Args[0]) || !scope.IsRequest(info.TypeOf(call.Args[1])) {
		return Op{}, false
	}
	return Op{
		Name:    types.ExprString(ast.Unparen(call.Fun)),
		Commits: facts.Maybe,
		Status:  facts.Maybe,
		Body:    facts.Maybe,
	}, true
}

// summaryOf returns the summary of fn: computed for a function of this
// package, imported as a fact for one of another package.
func (a *analyzer) summaryOf(fn *types.Func) *facts.Response {
	if sum, ok := a.res.summaries[fn]; ok {
		return sum
	}
	if decl, ok := a.decls[fn]; ok {
		if f := a.analyze(decl); f != nil {
			return f.Summary
		}
		return nil
	}
	if fn.Pkg() == nil || fn.Pkg() == a.pass.Pkg {
		return nil
	}
	if !takesResponse(fn) {
		// Remembered, so that the next call of fn costs a lookup.
		a.res.summaries[fn] = nil
		return nil
	}
	var fact facts.Response
	if !a.pass.ImportObjectFact(fn, &fact) {
		a.res.summaries[fn] = nil
		return nil
	}
	a.res.summaries[fn] = &fact
	return &fact
}

// takesResponse reports whether fn has a parameter that can carry a
// response; only such functions can have a Response fact.
func takesResponse(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	if !ok {
		return false
	}
	for v := range sig.Params().Variables() {
		t := v.Type()
		if scope.IsResponseWriter(t) || scope.IsGinContext(t) || scope.IsEchoContext(t) {
			return true
		}
	}
	return false
}

// nodeSpan holds the calls of one CFG node that act on the response.
type nodeSpan struct {
	node  ast.Node
	calls []*Call
}

// nodeCalls holds, by position, the CFG nodes of a function that make a
// call acting on the response: few nodes do, so a lookup by binary
// search costs less than a map per function.
type nodeCalls []nodeSpan

func (nc nodeCalls) sort() {
	slices.SortFunc(nc, func(x, y nodeSpan) int { return int(x.node.Pos() - y.node.Pos()) })
}

// at returns the acting calls of CFG node n.
func (nc nodeCalls) at(n ast.Node) []*Call {
	if n == nil || len(nc) == 0 {
		return nil
	}
	pos := n.Pos()
	i, _ := slices.BinarySearchFunc(nc, pos, func(sp nodeSpan, p token.Pos) int { return int(sp.node.Pos() - p) })
	for ; i < len(nc) && nc[i].node.Pos() == pos; i++ {
		if nc[i].node == n {
			return nc[i].calls
		}
	}
	return nil
}

func pendingAt(m map[ast.Node]any, n ast.Node, key any) map[ast.Node]any {
	if m == nil {
		m = make(map[ast.Node]any)
	}
	m[n] = key
	return m
}

// pendingWrites finds the nodes that store the error of a call that
// writes to the response, `err := enc.Encode(v)` or the condition
// `tmpl.Execute(w, v) != nil`, and returns the key the state keeps for
// each: the error variable, or the call.
func (a *analyzer) pendingWrites(byNode nodeCalls) map[ast.Node]any {
	info := a.pass.TypesInfo
	var out map[ast.Node]any // most functions have none: no map then
	for _, sp := range byNode {
		node, calls := sp.node, sp.calls
		if len(calls) != 1 || calls[0].Commits == facts.Never || !returnsError(info, calls[0].Call) {
			continue
		}
		call := calls[0].Call
		switch node := node.(type) {
		case *ast.AssignStmt:
			if len(node.Rhs) != 1 || ast.Unparen(node.Rhs[0]) != call {
				continue
			}
			if v := errorVar(info, node.Lhs[len(node.Lhs)-1]); v != nil {
				out = pendingAt(out, node, v)
			}
		case *ast.ValueSpec:
			if len(node.Values) != 1 || ast.Unparen(node.Values[0]) != call {
				continue
			}
			if v := errorVar(info, node.Names[len(node.Names)-1]); v != nil {
				out = pendingAt(out, node, v)
			}
		case ast.Expr:
			if x, _ := nilComparison(node); x == call {
				out = pendingAt(out, node, call)
			}
		}
	}
	return out
}

// returnsError reports whether call's last result is an error.
func returnsError(info *types.Info, call *ast.CallExpr) bool {
	t := info.TypeOf(call)
	if tup, ok := t.(*types.Tuple); ok {
		if tup.Len() == 0 {
			return false
		}
		t = tup.At(tup.Len() - 1).Type()
	}
	return isError(t)
}

func isError(t types.Type) bool {
	return t != nil && types.Identical(t, types.Universe.Lookup("error").Type())
}

// errorVar returns the error variable e names, or nil.
func errorVar(info *types.Info, e ast.Expr) *types.Var {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok || id.Name == "_" {
		return nil
	}
	v, _ := info.ObjectOf(id).(*types.Var)
	if v == nil || !isError(v.Type()) {
		return nil
	}
	return v
}

// nilComparison returns x and whether the comparison `x != nil` (true)
// or `x == nil` (false) is cond, x unparenthesised; x is nil otherwise.
func nilComparison(cond ast.Expr) (ast.Expr, bool) {
	bin, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	if !ok || (bin.Op != token.NEQ && bin.Op != token.EQL) {
		return nil, false
	}
	x, y := ast.Unparen(bin.X), ast.Unparen(bin.Y)
	if isNil(x) {
		x, y = y, x
	}
	if !isNil(y) {
		return nil, false
	}
	return x, bin.Op == token.NEQ
}

func isNil(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == "nil"
}

// assigns reports whether node assigns variable key.
func assigns(info *types.Info, node ast.Node, key any) bool {
	v, ok := key.(*types.Var)
	if !ok {
		return false
	}
	var lhs []ast.Expr
	switch node := node.(type) {
	case *ast.AssignStmt:
		lhs = node.Lhs
	case *ast.ValueSpec:
		for _, id := range node.Names {
			lhs = append(lhs, id)
		}
	default:
		return false
	}
	for _, e := range lhs {
		if id, ok := ast.Unparen(e).(*ast.Ident); ok && info.ObjectOf(id) == v {
			return true
		}
	}
	return false
}

// edge refines the state that leaves block from along successor i.
func (a *analyzer) edge(sc *scope.Scope, from *cfg.Block, i int, out State, back map[[2]int32]bool) State {
	if len(from.Succs) == 2 && len(from.Nodes) > 0 {
		if cond, ok := from.Nodes[len(from.Nodes)-1].(ast.Expr); ok {
			out = a.refine(sc, cond, i == 0, out)
		}
	}
	if back[[2]int32{from.Index, int32(i)}] {
		return out.nextIteration()
	}
	switch from.Succs[i].Kind {
	case cfg.KindForDone, cfg.KindRangeDone:
		out = out.leaveLoop()
	}
	return out
}

// refine returns s on the branch of condition cond where it is taken
// (holds == true) or not.
func (a *analyzer) refine(sc *scope.Scope, cond ast.Expr, holds bool, s State) State {
	// The error of a write whose failure is pending.
	if s.pendingKey != nil {
		if x, nonNil := nilComparison(cond); x != nil && a.isKey(x, s.pendingKey) {
			if nonNil == holds {
				return s.revert()
			}
			s.pendingKey, s.pending = nil, nil
			return s
		}
	}
	// if c.Writer.Written() / if !c.Response().Committed
	if written, ok := writtenCondition(sc, cond); ok {
		if written == holds {
			return s.written()
		}
		return s.unwritten()
	}
	return s
}

func (a *analyzer) isKey(x ast.Expr, key any) bool {
	if call, ok := key.(*ast.CallExpr); ok {
		return x == call
	}
	id, ok := x.(*ast.Ident)
	return ok && a.pass.TypesInfo.Uses[id] == key
}

// hasWrittenGuard reports whether a branch of g tests whether the
// response was written (see writtenCondition).
func hasWrittenGuard(sc *scope.Scope, g *cfg.CFG) bool {
	for _, b := range g.Blocks {
		if len(b.Succs) != 2 || len(b.Nodes) == 0 {
			continue
		}
		if cond, ok := b.Nodes[len(b.Nodes)-1].(ast.Expr); ok {
			if _, ok := writtenCondition(sc, cond); ok {
				return true
			}
		}
	}
	return false
}

// writtenCondition recognises a test of whether the response has been
// committed: gin's `c.Writer.Written()`, echo's `c.Response().Committed`,
// possibly negated. It returns whether the condition holding means
// "committed".
func writtenCondition(sc *scope.Scope, cond ast.Expr) (written, ok bool) {
	written = true
	e := ast.Unparen(cond)
	for {
		u, isNot := e.(*ast.UnaryExpr)
		if !isNot || u.Op != token.NOT {
			break
		}
		written = !written
		e = ast.Unparen(u.X)
	}
	switch e := e.(type) {
	case *ast.CallExpr:
		sel, isSel := ast.Unparen(e.Fun).(*ast.SelectorExpr)
		if isSel && sel.Sel.Name == "Written" && len(e.Args) == 0 && sc.IsWriter(sel.X) {
			return written, true
		}
	case *ast.SelectorExpr:
		if e.Sel.Name == "Committed" && sc.IsWriter(e.X) {
			return written, true
		}
	}
	return false, false
}

// backEdges returns the edges of g that close a loop (their target is
// on the depth-first path that reaches their source), as pairs of the
// source block's index and the successor's position.
func backEdges(g *cfg.CFG) map[[2]int32]bool {
	back := make(map[[2]int32]bool)
	if len(g.Blocks) == 0 {
		return back
	}
	const (
		unseen = iota
		onPath
		done
	)
	mark := make([]uint8, len(g.Blocks))
	type frame struct {
		b    *cfg.Block
		next int
	}
	stack := []frame{{b: g.Blocks[0]}}
	mark[g.Blocks[0].Index] = onPath
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		if top.next == len(top.b.Succs) {
			mark[top.b.Index] = done
			stack = stack[:len(stack)-1]
			continue
		}
		i := top.next
		top.next++
		succ := top.b.Succs[i]
		switch mark[succ.Index] {
		case onPath:
			back[[2]int32{top.b.Index, int32(i)}] = true
		case unseen:
			mark[succ.Index] = onPath
			stack = append(stack, frame{b: succ})
		}
	}
	return back
}
