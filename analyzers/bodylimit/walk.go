package bodylimit

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/cfg"

	"github.com/resetlint/resetlint/analyzers/internal/facts"
	"github.com/resetlint/resetlint/analyzers/internal/flow"
	"github.com/resetlint/resetlint/analyzers/internal/scope"
)

// state is what the dataflow tracks along a path through a function.
type state struct {
	bounded    bool // the body is bounded on every path to here
	boundedMay bool // the body is bounded on some path to here
	readMay    bool // an unbounded read happened on some path to here
	readMust   bool // an unbounded read happened on every path to here
}

func join(x, y state) state {
	return state{
		bounded:    x.bounded && y.bounded,
		boundedMay: x.boundedMay || y.boundedMay,
		readMay:    x.readMay || y.readMay,
		readMust:   x.readMust && y.readMust,
	}
}

func effect(must, may bool) facts.Effect {
	switch {
	case must:
		return facts.Always
	case may:
		return facts.Maybe
	}
	return facts.Never
}

func (s state) readEffect() facts.Effect  { return effect(s.readMust, s.readMay) }
func (s state) boundEffect() facts.Effect { return effect(s.bounded, s.boundedMay) }

// A funcWalker runs the dataflow over one function of a scope (the
// scope's own function, or a literal nested in it that is not a scope of
// its own, such as a goroutine body).
type funcWalker struct {
	c   *checker
	sc  *scope.Scope
	src *sources
	ev  events   // the scope's
	fn  ast.Node // the function whose CFG is walked
	// onRead, when set, receives each unbounded read. It is set only on
	// the final replay over the solved states, so that each read is seen
	// once.
	onRead func(read)
	// probe, set by mayRead, leaves a helper read's kind unknown rather
	// than analyse the helper for it.
	probe bool
}

// analyzeFunc runs the dataflow over fn, a function of scope sc, entered
// with the body bounded or not, and returns the state on exit (the join
// over every path that returns). With onRead set, every read of the body
// while it is unbounded is passed to onRead, including reads in function
// literals nested in fn (evaluated with the state where the literal is).
func (c *checker) analyzeFunc(sc *scope.Scope, fn ast.Node, entryBounded bool, onRead func(read)) state {
	return c.walker(sc, onRead).run(fn, entryBounded)
}

// walker returns a funcWalker over the functions of scope sc.
func (c *checker) walker(sc *scope.Scope, onRead func(read)) *funcWalker {
	return &funcWalker{c: c, sc: sc, src: c.sourcesOf(sc), ev: c.events[sc], onRead: onRead}
}

// replayScope passes every unbounded read of sc's function, entered
// with an unbounded body, to onRead, as analyzeFunc does; it reuses the
// dataflow solution summarizeScopes found for sc when no summary that
// solution read has changed since.
func (c *checker) replayScope(sc *scope.Scope, onRead func(read)) {
	if len(c.events[sc]) == 0 {
		return // nothing in it reads the body
	}
	w := c.walker(sc, onRead)
	if run, ok := c.runs[sc]; ok && c.stillValid(run) {
		w.replay(sc.Func, run.g, run.in)
		return
	}
	w.run(sc.Func, false)
}

func (w *funcWalker) run(fn ast.Node, entryBounded bool) state {
	g, in := w.solve(fn, entryBounded)
	return w.replay(fn, g, in)
}

// solve runs the dataflow over fn and returns its CFG (nil if it has
// none) and the state on entry to each reachable block.
func (w *funcWalker) solve(fn ast.Node, entryBounded bool) (*cfg.CFG, flow.Solution[state]) {
	var g *cfg.CFG
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		g = w.c.cfgs.FuncDecl(fn)
	case *ast.FuncLit:
		g = w.c.cfgs.FuncLit(fn)
	}
	// No CFG: a declaration without a body, or a node ctrlflow did not
	// see. Nothing to say about it.
	if g == nil || len(g.Blocks) == 0 {
		return nil, flow.Solution[state]{}
	}
	entry := state{bounded: entryBounded, boundedMay: entryBounded}
	solve := *w
	solve.onRead, solve.fn = nil, fn
	p := flow.Problem[state]{
		Entry:    entry,
		Transfer: func(n any, in state) state { return solve.node(n, in) },
		Join:     join,
		Equal:    func(x, y state) bool { return x == y },
	}
	return g, flow.Solve(g, p)
}

// replay walks the solved function fn once, passing its reads to onRead
// (if set), and returns the state on exit: the join over the paths that
// return.
func (w *funcWalker) replay(fn ast.Node, g *cfg.CFG, in flow.Solution[state]) state {
	if g == nil {
		return state{}
	}
	w.fn = fn
	var exit *state
	for _, b := range g.Blocks {
		s, reached := in.In(b)
		if !reached || (w.onRead == nil && len(b.Succs) != 0) {
			// Without onRead only the exit state is wanted: solving
			// made the transfers of the other blocks already.
			continue
		}
		for _, n := range b.Nodes {
			s = w.node(n, s)
		}
		if len(b.Succs) == 0 {
			if exit == nil {
				exit = &s
			} else {
				*exit = join(*exit, s)
			}
		}
	}
	if exit == nil {
		return state{}
	}
	return *exit
}

// node is the transfer function: the state after CFG node n.
func (w *funcWalker) node(n any, s state) state {
	if n, ok := n.(ast.Node); ok && !w.ev.within(n.Pos(), n.End()) {
		return s
	}
	switch n := n.(type) {
	case *ast.AssignStmt:
		// The right-hand side is evaluated before the assignment.
		for _, rhs := range n.Rhs {
			s = w.expr(rhs, s)
		}
		for _, lhs := range n.Lhs {
			if _, ok := lhs.(*ast.Ident); !ok {
				s = w.expr(lhs, s)
			}
		}
		for i, lhs := range n.Lhs {
			if !w.sc.IsRequestBody(lhs) {
				continue
			}
			// r.Body = http.MaxBytesReader(w, r.Body, n), or the body
			// replaced by something else (bytes already read). Only an
			// unbounded wrapper of the body leaves it unbounded.
			if len(n.Lhs) != len(n.Rhs) || !w.src.isBodySource(n.Rhs[i]) {
				s.bounded, s.boundedMay = true, true
			}
		}
		return s
	case *ast.ValueSpec:
		for _, v := range n.Values {
			s = w.expr(v, s)
		}
		return s
	case ast.Node:
		return w.expr(n, s)
	}
	return s
}

// expr walks n in evaluation order (operands before the call that uses
// them) and applies each call's effect on the body.
func (w *funcWalker) expr(n ast.Node, s state) state {
	// Only events change the state, and only the literals that contain
	// some run a read; the common single call of the walked function
	// needs no walk of n.
	i, j := w.ev.span(n.Pos(), n.End())
	if i == j {
		return s
	}
	if j == i+1 && w.ev[i].fn == w.fn {
		if call, ok := w.ev[i].node.(*ast.CallExpr); ok {
			return w.call(call, s)
		}
	}
	for _, m := range w.c.evalOrder(n) {
		if lit, ok := m.(*ast.FuncLit); ok {
			// A literal that is a scope of its own (a handler defined
			// here) is analysed as such. Any other literal (goroutine
			// body, callback) runs with the body as it is here.
			if w.onRead != nil && w.c.scopes.Of(lit) == nil {
				inner := *w
				inner.run(lit, s.bounded)
			}
			continue
		}
		s = w.call(m.(*ast.CallExpr), s)
	}
	return s
}

// evalOrder returns the calls of n in evaluation order, each after its
// operands, and the function literals of n (not what they contain) where
// they are evaluated. It is computed once per node: the dataflow
// evaluates each node on every visit of its block, for every summary
// round and for the report.
func (c *checker) evalOrder(n ast.Node) []ast.Node {
	if evs, ok := c.evals[n]; ok {
		return evs
	}
	var evs, stack []ast.Node
	ast.Inspect(n, func(m ast.Node) bool {
		if m == nil {
			top := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if call, ok := top.(*ast.CallExpr); ok {
				evs = append(evs, call)
			}
			return true
		}
		if lit, ok := m.(*ast.FuncLit); ok {
			evs = append(evs, lit)
			return false
		}
		stack = append(stack, m)
		return true
	})
	if c.evals == nil {
		c.evals = make(map[ast.Node][]ast.Node)
	}
	c.evals[n] = evs
	return evs
}

// call applies one call's effect: a read while the body is unbounded is
// recorded; a helper that bounds the body bounds it.
func (w *funcWalker) call(call *ast.CallExpr, s state) state {
	if rd, ok := w.classifyRead(call); ok && !s.bounded {
		s.readMay, s.readMust = true, true
		if w.onRead != nil {
			w.onRead(rd)
		}
	}
	if w.boundsBody(call) {
		s.bounded, s.boundedMay = true, true
	}
	return s
}

// boundsBody reports whether call is a helper that bounds the body of the
// request it is given (on some path: precision first).
func (w *funcWalker) boundsBody(call *ast.CallExpr) bool {
	sum, arg := w.helperCall(call)
	return sum != nil && sum.Bounds != facts.Never && arg
}

// helperCall returns the body summary of call's callee and whether the
// call passes it this scope's request (or framework context) at the
// summary's parameter.
func (w *funcWalker) helperCall(call *ast.CallExpr) (*facts.Body, bool) {
	fn := staticCallee(w.c.pass.TypesInfo, call)
	if fn == nil {
		fn = w.c.funcVarCallee(call)
	}
	sum := w.c.bodySummary(fn)
	if sum == nil || sum.Param < 0 || sum.Param >= len(call.Args) {
		return nil, false
	}
	arg := call.Args[sum.Param]
	return sum, w.sc.IsRequest(arg) || w.sc.IsFrameworkContext(arg)
}

// staticCallee returns the function or method a call statically calls.
func staticCallee(info *types.Info, call *ast.CallExpr) *types.Func {
	var id *ast.Ident
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		id = fun
	case *ast.SelectorExpr:
		id = fun.Sel
	case *ast.IndexExpr: // generic instantiation f[T](...)
		if x, ok := ast.Unparen(fun.X).(*ast.Ident); ok {
			id = x
		}
	}
	if id == nil {
		return nil
	}
	fn, _ := info.Uses[id].(*types.Func)
	if fn == nil {
		return nil
	}
	// An interface method has no body to summarise.
	if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil && types.IsInterface(sig.Recv().Type()) {
		return nil
	}
	return fn.Origin()
}

// funcVarCallee resolves a call through a package-level function
// variable of this package that is only ever assigned one function
// (var Decode = DefaultDecoder), or returns nil.
func (c *checker) funcVarCallee(call *ast.CallExpr) *types.Func {
	var id *ast.Ident
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		id = fun
	case *ast.SelectorExpr:
		id = fun.Sel
	}
	if id == nil {
		return nil
	}
	v, ok := c.pass.TypesInfo.Uses[id].(*types.Var)
	if !ok || v.Pkg() != c.pass.Pkg || v.Parent() != c.pass.Pkg.Scope() || len(c.assigns[v]) != 1 {
		return nil
	}
	fn, _ := objectOf(c.pass.TypesInfo, c.assigns[v][0]).(*types.Func)
	if fn == nil {
		return nil
	}
	return fn.Origin()
}
