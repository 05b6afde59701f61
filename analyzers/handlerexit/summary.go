package handlerexit

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"github.com/resetlint/resetlint/analyzers/internal/facts"
	"github.com/resetlint/resetlint/analyzers/internal/scope"
)

// An effect is one way a call may end the goroutine (a panic) or the
// process (an exit).
type effect struct {
	on bool
	// guard is a condition on the parameters of the function the effect
	// belongs to, without which it does not happen; zero: none.
	guard  facts.Guard
	via    string // what it ends in, for messages and facts
	direct bool   // the panic builtin or a function of the tables
}

// join merges a further source of the same effect into e: two different
// conditions (or none) leave none.
func (e effect) join(o effect) effect {
	if !o.on {
		return e
	}
	if !e.on {
		return o
	}
	if e.guard != o.guard {
		e.guard = facts.Guard{}
	}
	return e
}

// A summary is what calling a function may do.
type summary struct {
	panics, exits effect
}

// solve computes the summaries of the package's functions: a fixed point
// over the static call graph, since a function may end through a helper
// declared after it, or through recursion. Effects only grow and guards
// only weaken, so it terminates; the bound guards against a bug.
func (c *checker) solve() {
	for round := 0; round < 4*len(c.order)+4; round++ {
		changed := false
		for _, fi := range c.order {
			var sum summary
			for _, s := range fi.sites {
				p, x := c.calleeEffects(s)
				sum.exits = sum.exits.join(c.atSite(s, x, fi))
				if !s.protectFn {
					sum.panics = sum.panics.join(c.atSite(s, p, fi))
				}
			}
			if sum != fi.sum {
				fi.sum, changed = sum, true
			}
		}
		if !changed {
			return
		}
	}
}

// atSite turns a callee's effect into an effect of fi, the function the
// call is in: a condition on the callee's parameters becomes false (the
// effect is dropped), a condition on fi's parameters, or none; a call
// under `if p == k` inherits that condition.
func (c *checker) atSite(s *site, e effect, fi *funcInfo) effect {
	if !e.on {
		return e
	}
	ok, g := c.resolve(s, e.guard, fi)
	if !ok {
		return effect{}
	}
	if g.Param == 0 {
		g = s.guard
	}
	via := e.via
	if !e.direct && s.callee != nil {
		via = c.calleeInfo(s.callee).name
	}
	return effect{on: true, guard: g, via: via}
}

// calleeEffects returns what the call of site s may do, with conditions on
// the callee's parameters: from the builtin, the tables, the package's
// own summaries, or imported facts.
func (c *checker) calleeEffects(s *site) (p, x effect) {
	switch {
	case s.builtin:
		if s.repanic || c.abortsHandler(s.call) {
			return
		}
		return effect{on: true, via: "panic", direct: true}, x
	case s.chain != noEffect:
		return tableEffects(s.chain, types.ExprString(s.call.Fun))
	}
	if s.constMust {
		return // Must over constants: it fails on every run or never
	}
	ci := c.calleeInfo(s.callee)
	if ci.local != nil {
		return ci.local.sum.panics, ci.local.sum.exits
	}
	return ci.panics, ci.exits
}

// A calleeInfo is what the tables, the package's functions and the
// imported facts say about a callee: the package's summaries change while
// solve runs, the rest does not, so it is worked out once per callee.
type calleeInfo struct {
	name          string    // funcName of the callee
	local         *funcInfo // the package's own function, if it is one
	panics, exits effect    // from the tables or a fact, when not local
}

func (c *checker) calleeInfo(fn *types.Func) *calleeInfo {
	if ci := c.callees[fn]; ci != nil {
		return ci
	}
	ci := &calleeInfo{name: funcName(fn, c.pass.Pkg)}
	c.callees[fn] = ci
	if e, ok := lookupTable(fn); ok {
		ci.panics, ci.exits = tableEffects(e, ci.name)
		return ci
	}
	if fi := c.funcs[fn]; fi != nil {
		ci.local = fi
		return ci
	}
	var f facts.Exit
	if c.pass.ImportObjectFact(fn, &f) {
		if f.Panics != facts.Never {
			ci.panics = effect{on: true, guard: f.PanicIf, via: f.Via}
		}
		if f.Exits != facts.Never {
			ci.exits = effect{on: true, guard: f.ExitIf, via: f.Via}
		}
	}
	return ci
}

func tableEffects(e tableEffect, via string) (p, x effect) {
	switch e {
	case panics:
		p = effect{on: true, via: via, direct: true}
	case exits:
		x = effect{on: true, via: via, direct: true}
	}
	return p, x
}

// abortsHandler reports whether call is panic(http.ErrAbortHandler): the
// deliberate way to abort a response, which net/http does not log.
func (c *checker) abortsHandler(call *ast.CallExpr) bool {
	if len(call.Args) != 1 {
		return false
	}
	var id *ast.Ident
	switch a := ast.Unparen(call.Args[0]).(type) {
	case *ast.Ident:
		id = a
	case *ast.SelectorExpr:
		id = a.Sel
	default:
		return false
	}
	v, ok := c.pass.TypesInfo.Uses[id].(*types.Var)
	return ok && v.Pkg() != nil && v.Pkg().Path() == scope.NetHTTPPath && v.Name() == "ErrAbortHandler"
}

// isMust reports whether fn is named Must* or must*.
func isMust(fn *types.Func) bool {
	return fn != nil && (strings.HasPrefix(fn.Name(), "Must") || strings.HasPrefix(fn.Name(), "must"))
}

// requestFree reports whether the arguments of call are built only from
// constants and package-level names: nothing local to the function, so
// nothing from the request. template.Must(template.New("x").Parse(page))
// fails on every run or on none, and a test finds it.
func (c *checker) requestFree(call *ast.CallExpr) bool {
	info := c.pass.TypesInfo
	free := true
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		if !free {
			return false
		}
		switch n := n.(type) {
		case *ast.SelectorExpr:
			ast.Inspect(n.X, visit) // n.Sel is a field, method or package member
			return false
		case *ast.Ident:
			if v, ok := info.Uses[n].(*types.Var); ok && (v.Pkg() == nil || v.Parent() != v.Pkg().Scope()) {
				free = false
			}
		case *ast.FuncLit:
			free = false
		}
		return true
	}
	for _, a := range call.Args {
		ast.Inspect(a, visit)
	}
	// A method's receiver counts too: re.MustX(...) on a local re.
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		ast.Inspect(sel.X, visit)
	}
	return free
}

// resolve decides a condition g on the callee's parameters at the call of
// site s. A constant argument decides it (false: the effect cannot
// happen); an argument that is an unassigned parameter of fi (when fi is
// given) turns it into the same condition on fi's parameter; anything else
// leaves it possible, with no condition.
func (c *checker) resolve(s *site, g facts.Guard, fi *funcInfo) (bool, facts.Guard) {
	if g.Param == 0 {
		return true, facts.Guard{}
	}
	op, okOp := comparisons[g.Op]
	arg := c.argFor(s.call, g.Param-1)
	if !okOp || arg == nil {
		return true, facts.Guard{}
	}
	if tv, ok := c.pass.TypesInfo.Types[arg]; ok && tv.Value != nil {
		want, ok := guardValue(g.Value)
		if v, okCmp := compare(tv.Value, op, want); ok && okCmp {
			return v, facts.Guard{}
		}
		return true, facts.Guard{}
	}
	if fi != nil {
		if i := c.paramIndex(arg, fi); i >= 0 {
			return true, facts.Guard{Param: i + 1, Op: g.Op, Value: g.Value}
		}
	}
	return true, facts.Guard{}
}

// argFor returns the argument of call for the callee's parameter i, or nil
// when it cannot be told (a spread, a multi-value call).
func (c *checker) argFor(call *ast.CallExpr, i int) ast.Expr {
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if s, ok := c.pass.TypesInfo.Selections[sel]; ok && s.Kind() == types.MethodExpr {
			i++ // T.Method(recv, args...)
		}
	}
	if call.Ellipsis.IsValid() && i >= len(call.Args)-1 {
		return nil
	}
	if len(call.Args) == 1 {
		if _, tuple := c.pass.TypesInfo.TypeOf(call.Args[0]).(*types.Tuple); tuple {
			return nil
		}
	}
	if i < len(call.Args) {
		return call.Args[i]
	}
	return nil
}

// enclosingGuard returns a condition on fi's parameters under which the
// call at the top of stack runs: it is in the body of `if p <op> k`, the
// else of one, or the `case k:` of `switch p`. The innermost one wins; any
// one is enough, since each is necessary.
func (c *checker) enclosingGuard(stack []ast.Node, fi *funcInfo) facts.Guard {
	for i := len(stack) - 2; i >= 0; i-- {
		child := stack[i+1]
		switch n := stack[i].(type) {
		case *ast.FuncDecl:
			return facts.Guard{}
		case *ast.IfStmt:
			switch {
			case child == n.Body:
				if g, ok := c.guardOf(n.Cond, false, fi); ok {
					return g
				}
			case child == n.Else:
				if _, block := n.Else.(*ast.BlockStmt); block {
					if g, ok := c.guardOf(n.Cond, true, fi); ok {
						return g
					}
				}
			}
		case *ast.CaseClause:
			if i < 2 || len(n.List) != 1 {
				continue
			}
			if sw, ok := stack[i-2].(*ast.SwitchStmt); ok && sw.Tag != nil {
				in := false
				for _, st := range n.Body {
					in = in || st == child
				}
				if !in {
					continue
				}
				cond := &ast.BinaryExpr{X: sw.Tag, Op: token.EQL, Y: n.List[0]}
				if g, ok := c.guardOf(cond, false, fi); ok {
					return g
				}
			}
		}
	}
	return facts.Guard{}
}

// guardOf turns cond (negated if negate) into a condition on one of fi's
// parameters, if it implies one.
func (c *checker) guardOf(cond ast.Expr, negate bool, fi *funcInfo) (facts.Guard, bool) {
	switch e := ast.Unparen(cond).(type) {
	case *ast.UnaryExpr:
		if e.Op == token.NOT {
			return c.guardOf(e.X, !negate, fi)
		}
	case *ast.BinaryExpr:
		switch e.Op {
		case token.LAND, token.LOR:
			// a && b implies each; so does !(a || b) of each negation.
			if (e.Op == token.LAND) == !negate {
				if g, ok := c.guardOf(e.X, negate, fi); ok {
					return g, true
				}
				return c.guardOf(e.Y, negate, fi)
			}
			return facts.Guard{}, false
		}
		op, ok := e.Op, comparisonOps[e.Op]
		if !ok {
			return facts.Guard{}, false
		}
		param, k := e.X, e.Y
		if c.paramIndex(param, fi) < 0 {
			param, k, op = e.Y, e.X, flipped[op]
		}
		i := c.paramIndex(param, fi)
		tv := c.pass.TypesInfo.Types[k]
		if negate {
			op = negated[op]
		}
		if i < 0 || tv.Value == nil {
			return facts.Guard{}, false
		}
		switch tv.Value.Kind() {
		case constant.Int, constant.String, constant.Bool:
			return facts.Guard{Param: i + 1, Op: op.String(), Value: tv.Value.ExactString()}, true
		}
		return facts.Guard{}, false
	}
	return facts.Guard{}, false
}

// paramIndex returns the index of the parameter of fi that e names, if it
// is one the body never assigns and not the variadic one; else -1.
func (c *checker) paramIndex(e ast.Expr, fi *funcInfo) int {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return -1
	}
	v, ok := c.pass.TypesInfo.Uses[id].(*types.Var)
	if !ok {
		return -1
	}
	for i, p := range fi.params {
		if p != v {
			continue
		}
		if (fi.variadic && i == len(fi.params)-1) || c.assignedParams(fi)[v] {
			return -1
		}
		return i
	}
	return -1
}

// assignedParams returns the parameters fi's body assigns or takes the
// address of: conditions on them say nothing about the arguments.
func (c *checker) assignedParams(fi *funcInfo) map[*types.Var]bool {
	if fi.assigned != nil {
		return fi.assigned
	}
	fi.assigned = make(map[*types.Var]bool)
	mark := func(e ast.Expr) {
		if id, ok := ast.Unparen(e).(*ast.Ident); ok {
			if v, ok := c.pass.TypesInfo.ObjectOf(id).(*types.Var); ok {
				fi.assigned[v] = true
			}
		}
	}
	ast.Inspect(fi.decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				mark(l)
			}
		case *ast.IncDecStmt:
			mark(n.X)
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				mark(n.X)
			}
		case *ast.RangeStmt:
			if n.Key != nil {
				mark(n.Key)
			}
			if n.Value != nil {
				mark(n.Value)
			}
		}
		return true
	})
	return fi.assigned
}

var comparisonOps = map[token.Token]bool{
	token.EQL: true, token.NEQ: true, token.LSS: true, token.LEQ: true, token.GTR: true, token.GEQ: true,
}

var comparisons = map[string]token.Token{
	"==": token.EQL, "!=": token.NEQ, "<": token.LSS, "<=": token.LEQ, ">": token.GTR, ">=": token.GEQ,
}

// flipped turns `k op p` into `p flipped[op] k`.
var flipped = map[token.Token]token.Token{
	token.EQL: token.EQL, token.NEQ: token.NEQ, token.LSS: token.GTR, token.LEQ: token.GEQ, token.GTR: token.LSS, token.GEQ: token.LEQ,
}

var negated = map[token.Token]token.Token{
	token.EQL: token.NEQ, token.NEQ: token.EQL, token.LSS: token.GEQ, token.LEQ: token.GTR, token.GTR: token.LEQ, token.GEQ: token.LSS,
}

// guardValue parses a guard's constant back.
func guardValue(s string) (constant.Value, bool) {
	var v constant.Value
	switch {
	case s == "true" || s == "false":
		return constant.MakeBool(s == "true"), true
	case strings.HasPrefix(s, `"`):
		v = constant.MakeFromLiteral(s, token.STRING, 0)
	case strings.HasPrefix(s, "-"):
		v = constant.UnaryOp(token.SUB, constant.MakeFromLiteral(s[1:], token.INT, 0), 0)
	default:
		v = constant.MakeFromLiteral(s, token.INT, 0)
	}
	return v, v.Kind() != constant.Unknown
}

// compare evaluates `x op y`, if the two are comparable constants.
func compare(x constant.Value, op token.Token, y constant.Value) (bool, bool) {
	numeric := func(k constant.Kind) bool { return k == constant.Int || k == constant.Float }
	switch kx, ky := x.Kind(), y.Kind(); {
	case kx == constant.Unknown || ky == constant.Unknown:
		return false, false
	case kx == ky && kx != constant.Complex, numeric(kx) && numeric(ky):
	default:
		return false, false
	}
	if x.Kind() == constant.Bool && op != token.EQL && op != token.NEQ {
		return false, false
	}
	return constant.Compare(x, op, y), true
}

// exportFacts exports an Exit fact for each function that may panic or
// exit and that a caller can use: not for handlers (they are reported in
// their own body, not at their callers), init functions, or package main,
// which nothing imports.
func (c *checker) exportFacts() {
	if c.pass.Pkg.Name() == "main" {
		return
	}
	for _, fi := range c.order {
		p, x := fi.sum.panics, fi.sum.exits
		if !p.on && !x.on || isHandlerSignature(fi.obj) || fi.decl.Recv == nil && fi.obj.Name() == "init" {
			continue
		}
		f := &facts.Exit{Panics: level(p), Exits: level(x), PanicIf: p.guard, ExitIf: x.guard}
		f.Via = p.via
		if x.on {
			f.Via = x.via
		}
		// Always: the function cannot return normally, and this is the
		// only way it ends.
		if !c.mayReturn(fi) {
			switch {
			case p.on && !x.on && p.guard.Param == 0:
				f.Panics = facts.Always
			case x.on && !p.on && x.guard.Param == 0:
				f.Exits = facts.Always
			}
		}
		c.pass.ExportObjectFact(fi.obj, f)
	}
}

func level(e effect) facts.Effect {
	if e.on {
		return facts.Maybe
	}
	return facts.Never
}

// mayReturn reports whether fi has a reachable return (explicit, or the
// end of its body).
func (c *checker) mayReturn(fi *funcInfo) bool {
	g := c.funcDeclCFG(fi.decl)
	if g == nil {
		return true
	}
	for _, b := range g.Blocks {
		if b.Live && b.Return() != nil {
			return true
		}
	}
	return false
}

// funcName renders fn for messages and facts: check, Logger.Fatalf, and
// mustutil.Check or mylog.Logger.Fatalf from another package.
func funcName(fn *types.Func, from *types.Package) string {
	name := fn.Name()
	if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil {
		t := types.Unalias(sig.Recv().Type())
		if p, ok := t.(*types.Pointer); ok {
			t = types.Unalias(p.Elem())
		}
		if n, ok := t.(*types.Named); ok {
			name = n.Obj().Name() + "." + name
		}
	}
	if fn.Pkg() != nil && fn.Pkg() != from {
		name = fn.Pkg().Name() + "." + name
	}
	return name
}
