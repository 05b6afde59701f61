package handlerexit

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/cfg"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/resetlint/resetlint/analyzers/internal/code"
	"github.com/resetlint/resetlint/analyzers/internal/facts"
	"github.com/resetlint/resetlint/analyzers/internal/scope"
)

// checker holds what the pass learns about one package.
type checker struct {
	pass   *analysis.Pass
	cfgs   *ctrlflow.CFGs
	scopes *scope.Scopes

	funcs map[*types.Func]*funcInfo // declared functions, by object
	order []*funcInfo               // the same, in source order
	sites []*site                   // calls that may panic or exit, in source order

	// recovers holds, per function node, the positions of its deferred
	// calls that recover panics; recoverLits the deferred literals that do.
	recovers    map[ast.Node][]token.Pos
	recoverLits map[*ast.FuncLit]bool
	// recovered holds the variables that hold a recovered panic value:
	// assigned from recover(), or received from a channel such a value
	// is sent on (a panic carried to another goroutine and re-raised
	// there, as http.TimeoutHandler and errgroup do).
	recovered map[types.Object]bool
	sends     [][2]types.Object // {channel, value} of `ch <- v`
	receives  [][2]types.Object // {variable, channel} of `v := <-ch`
	// dead holds, per function node, the nodes of its CFG that cannot be
	// reached from the entry.
	dead map[ast.Node]map[ast.Node]bool

	names   *nameSet                    // see calleeNames
	kinds   map[*types.Func]uint8       // classify's memo
	callees map[*types.Func]*calleeInfo // calleeInfo's memo
	stack   []ast.Node                  // stackOf's buffer
}

// A funcInfo is a declared function of the package and what it may do.
type funcInfo struct {
	obj      *types.Func
	decl     *ast.FuncDecl
	params   []*types.Var // receiver excluded
	variadic bool
	assigned map[*types.Var]bool // parameters the body assigns (computed on demand)
	sites    []*site             // calls that run when the function runs
	sum      summary
}

// A site is a call that may end the goroutine or the process: the panic
// builtin, a function of the tables, or a function that may do so itself
// (a local summary or an imported fact).
type site struct {
	call    *ast.CallExpr
	builtin bool        // the panic builtin
	callee  *types.Func // the static callee (generic origin); nil for the builtin
	chain   tableEffect // a zerolog Fatal()/Panic() event chain ending in this call
	// constMust: a Must helper whose arguments are built only from
	// constants and package-level names (see requestFree).
	constMust bool

	// In the enclosing declared function, when the call runs whenever the
	// function runs (not in a goroutine or a literal kept for later).
	guard     facts.Guard // a condition on the function's parameters the call depends on
	protectFn bool        // a deferred recover of the function covers it
	repanic   bool        // re-raises a recovered panic
	inner     ast.Node    // the innermost function around the call

	// In a handler's scope, when the call is in one.
	scope     *scope.Scope
	goroutine bool // runs in a goroutine the handler starts
	protected bool // a deferred recover of the handler (or goroutine) covers it
}

// collect walks the package once: it records the declared functions, the
// deferred recovers, and every call that may panic or exit, with its
// context.
func collect(pass *analysis.Pass) *checker {
	c := &checker{
		pass:        pass,
		cfgs:        pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs),
		scopes:      pass.ResultOf[scope.Analyzer].(*scope.Scopes),
		funcs:       make(map[*types.Func]*funcInfo),
		recovers:    make(map[ast.Node][]token.Pos),
		recoverLits: make(map[*ast.FuncLit]bool),
		recovered:   make(map[types.Object]bool),
		dead:        make(map[ast.Node]map[ast.Node]bool),
		kinds:       make(map[*types.Func]uint8),
		callees:     make(map[*types.Func]*calleeInfo),
	}
	// Declarations first: a call may precede its callee in the source.
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			decl, ok := d.(*ast.FuncDecl)
			if !ok || decl.Body == nil {
				continue
			}
			obj, ok := pass.TypesInfo.Defs[decl.Name].(*types.Func)
			if !ok {
				continue
			}
			sig := obj.Type().(*types.Signature)
			fi := &funcInfo{obj: obj, decl: decl, variadic: sig.Variadic()}
			for i := range sig.Params().Len() {
				fi.params = append(fi.params, sig.Params().At(i))
			}
			c.funcs[obj] = fi
			c.order = append(c.order, fi)
		}
	}
	c.names = c.calleeNames()
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	filter := []ast.Node{(*ast.DeferStmt)(nil), (*ast.CallExpr)(nil), (*ast.SendStmt)(nil), (*ast.AssignStmt)(nil)}
	// A preorder walk without a stack: the few nodes that need their
	// ancestors (recovering defers, recover calls, sites) rebuild them
	// from the cursor.
	ins.Root().Inspect(filter, func(cur inspector.Cursor) bool {
		switch n := cur.Node().(type) {
		case *ast.DeferStmt:
			if c.isRecoveringDefer(n) {
				for fc := range cur.Parent().Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
					c.recovers[fc.Node()] = append(c.recovers[fc.Node()], n.Pos())
					break
				}
				if lit, ok := ast.Unparen(n.Call.Fun).(*ast.FuncLit); ok {
					c.recoverLits[lit] = true
				}
			}
		case *ast.CallExpr:
			c.visitCall(n, cur)
		case *ast.SendStmt:
			c.sends = append(c.sends, [2]types.Object{c.identObj(n.Chan), c.identObj(n.Value)})
		case *ast.AssignStmt:
			for i, r := range n.Rhs {
				if u, ok := ast.Unparen(r).(*ast.UnaryExpr); ok && u.Op == token.ARROW && i < len(n.Lhs) {
					c.receives = append(c.receives, [2]types.Object{c.identObj(n.Lhs[i]), c.identObj(u.X)})
				}
			}
		}
		return true
	})
	c.findRepanics()
	return c
}

// findRepanics marks the panic calls that re-raise a recovered value, once
// the walk has seen every recover, send and receive.
func (c *checker) findRepanics() {
	chans := make(map[types.Object]bool)
	for range 3 { // a value may be relayed through a second channel
		for _, s := range c.sends {
			if s[0] != nil && c.recovered[s[1]] {
				chans[s[0]] = true
			}
		}
		for _, r := range c.receives {
			if r[0] != nil && chans[r[1]] {
				c.recovered[r[0]] = true
			}
		}
	}
	for _, s := range c.sites {
		if s.builtin {
			s.repanic = c.isRepanic(s.call, s.inner)
		}
	}
}

// identObj returns the object e names, if e is an identifier.
func (c *checker) identObj(e ast.Expr) types.Object {
	if id, ok := ast.Unparen(e).(*ast.Ident); ok {
		return c.pass.TypesInfo.ObjectOf(id)
	}
	return nil
}

// noteRecover records v in `v := recover()` (or `var v = recover()`), so
// that panic(v) is known for a re-panic.
func (c *checker) noteRecover(call *ast.CallExpr, stack []ast.Node) {
	if !isBuiltin(c.pass.TypesInfo, call.Fun, "recover") || len(stack) < 2 {
		return
	}
	var lhs []ast.Expr
	var rhs []ast.Expr
	switch p := stack[len(stack)-2].(type) {
	case *ast.AssignStmt:
		lhs, rhs = p.Lhs, p.Rhs
	case *ast.ValueSpec:
		for _, id := range p.Names {
			lhs = append(lhs, id)
		}
		rhs = p.Values
	}
	if len(lhs) != len(rhs) {
		return
	}
	for i, r := range rhs {
		if ast.Unparen(r) != call {
			continue
		}
		if id, ok := lhs[i].(*ast.Ident); ok {
			if obj := c.pass.TypesInfo.ObjectOf(id); obj != nil {
				c.recovered[obj] = true
			}
		}
	}
}

// visitCall records call if it keeps a recovered value or is a site: a
// call that may panic or exit, with its context.
func (c *checker) visitCall(call *ast.CallExpr, cur inspector.Cursor) {
	if id := code.CalleeIdent(call.Fun); id == nil || !c.names.has(id.Name) {
		return
	}
	info := c.pass.TypesInfo
	// StaticCallee is nil for builtins, so panic and recover are told
	// apart only for the calls it does not resolve.
	fn := typeutil.StaticCallee(info, call)
	var chain tableEffect
	switch {
	case fn == nil && isBuiltin(info, call.Fun, "recover"):
		c.noteRecover(call, c.stackOf(cur))
		return
	case fn == nil && !isBuiltin(info, call.Fun, "panic"):
		return
	case fn != nil: // a generic origin already
		k := c.classify(fn)
		if k&zerologSend != 0 {
			chain = zerologChain(info, call, fn)
		}
		if k&ends == 0 && chain == noEffect {
			return
		}
	}
	stack := c.stackOf(cur)
	if c.isDead(stack) {
		return
	}
	frames := functionFrames(info, stack)
	if len(frames) == 0 {
		return // a package-level initializer outside any function
	}
	s := &site{call: call, builtin: fn == nil, callee: fn, chain: chain, inner: frames[0].node}
	s.constMust = fn != nil && chain == noEffect && isMust(fn) && c.requestFree(call)

	// The declared function the call belongs to, if it runs with it.
	if decl, ok := frames[len(frames)-1].node.(*ast.FuncDecl); ok {
		if obj, ok := info.Defs[decl.Name].(*types.Func); ok && c.funcs[obj] != nil {
			runs := !isGoCall(call, stack)
			for _, f := range frames[:len(frames)-1] {
				runs = runs && (f.kind == immediate || f.kind == deferred)
			}
			if runs {
				fi := c.funcs[obj]
				s.guard = c.enclosingGuard(stack, fi)
				s.protectFn, _ = c.covered(frames, decl, call.Pos())
				fi.sites = append(fi.sites, s)
			}
		}
	}

	// The handler scope the call is reported in, if any.
	if sc := c.scopes.Enclosing(stack); sc != nil && reportable(sc) {
		s.scope = sc
		s.protected, s.goroutine = c.covered(frames, sc.Func, call.Pos())
		if isGoCall(call, stack) {
			// go f(): f runs in a goroutine of its own, which no
			// recover around the go statement covers.
			s.protected, s.goroutine = false, true
		}
	}
	c.sites = append(c.sites, s)
}

// calleeNames returns the names a call's callee must have for the call to
// be a site or a recover: the builtins, the functions of the tables,
// zerolog's sends, the package's functions and the imported functions
// with a fact. Looking a call's name up is much cheaper than resolving
// its callee, and exact: a function is called by its own name.
func (c *checker) calleeNames() *nameSet {
	facts := c.pass.AllObjectFacts()
	names := &nameSet{names: make(map[string]bool, len(tableNames)+len(c.order)+len(facts))}
	for name := range tableNames {
		names.add(name)
	}
	for _, fi := range c.order {
		names.add(fi.obj.Name())
	}
	for _, f := range facts {
		names.add(f.Object.Name())
	}
	return names
}

// A nameSet is a set of names with a cheap first test: most names looked
// up are absent, and their first byte and length rule out most of them
// before any hashing.
type nameSet struct {
	shapes [256]uint64 // per first byte, bit min(len, 63) of the names
	names  map[string]bool
}

func (s *nameSet) add(name string) {
	if name == "" {
		return
	}
	s.shapes[name[0]] |= 1 << min(len(name), 63)
	s.names[name] = true
}

func (s *nameSet) has(name string) bool {
	return name != "" && s.shapes[name[0]]&(1<<min(len(name), 63)) != 0 && s.names[name]
}

// stackOf returns the nodes from the file down to cur's node, as
// inspector.WithStack gives them, in a buffer reused by the next call.
func (c *checker) stackOf(cur inspector.Cursor) []ast.Node {
	c.stack = c.stack[:0]
	for e := range cur.Enclosing() {
		c.stack = append(c.stack, e.Node())
	}
	slices.Reverse(c.stack)
	return c.stack
}

// What a callee may be, as far as the call's own expression does not
// matter.
const (
	ends        uint8 = 1 << iota // mayEnd
	zerologSend                   // sends a zerolog event: see zerologChain
	classified                    // the entry is set
)

// classify returns what fn (a generic origin) may be, computed once per
// function: the package calls the same few functions many times.
func (c *checker) classify(fn *types.Func) uint8 {
	k := c.kinds[fn]
	if k != 0 {
		return k
	}
	k = classified
	if c.mayEnd(fn) {
		k |= ends
	}
	if isZerologEventMethod(fn) && zerologSends[fn.Name()] {
		k |= zerologSend
	}
	c.kinds[fn] = k
	return k
}

// mayEnd reports whether a call of fn may panic or exit, as far as the
// tables, the package's own functions and the imported facts tell; the
// details are worked out by solve.
func (c *checker) mayEnd(fn *types.Func) bool {
	if _, ok := lookupTable(fn); ok {
		return true
	}
	if c.funcs[fn] != nil {
		return true
	}
	return c.pass.ImportObjectFact(fn, new(facts.Exit))
}

// A litKind says how a function literal runs relative to the function
// around it.
type litKind uint8

const (
	declared  litKind = iota // the *ast.FuncDecl itself
	immediate                // func(){...}(): runs now
	deferred                 // defer func(){...}(): runs when the function returns
	callback                 // an argument of a call: runs at the callee's discretion
	goroutine                // go func(){...}(), time.AfterFunc, WaitGroup.Go: another goroutine
	stored                   // assigned, returned, or kept: runs later, if ever
)

// A frame is a function node around a call: a literal or the declaration.
type frame struct {
	node ast.Node
	kind litKind
}

// functionFrames returns the function nodes in stack, innermost first.
func functionFrames(info *types.Info, stack []ast.Node) []frame {
	var out []frame
	for i := len(stack) - 1; i >= 0; i-- {
		switch n := stack[i].(type) {
		case *ast.FuncDecl:
			out = append(out, frame{n, declared})
		case *ast.FuncLit:
			out = append(out, frame{n, classifyLit(info, n, stack[:i])})
		}
	}
	return out
}

// classifyLit says how lit runs, from its parents (outermost first).
func classifyLit(info *types.Info, lit *ast.FuncLit, parents []ast.Node) litKind {
	if len(parents) == 0 {
		return stored
	}
	call, ok := parents[len(parents)-1].(*ast.CallExpr)
	if !ok {
		return stored
	}
	if ast.Unparen(call.Fun) == lit {
		if len(parents) >= 2 {
			switch p := parents[len(parents)-2].(type) {
			case *ast.DeferStmt:
				if p.Call == call {
					return deferred
				}
			case *ast.GoStmt:
				if p.Call == call {
					return goroutine
				}
			}
		}
		return immediate
	}
	if startsGoroutine(info, call) {
		return goroutine
	}
	return callback
}

// startsGoroutine reports whether call runs its function argument in a new
// goroutine that nothing recovers: time.AfterFunc, sync.WaitGroup.Go.
func startsGoroutine(info *types.Info, call *ast.CallExpr) bool {
	fn := typeutil.StaticCallee(info, call)
	return scope.IsPkgFunc(fn, "time", "AfterFunc") || scope.IsMethod(fn, "sync", "WaitGroup", "Go")
}

// isGoCall reports whether call is the call of a go statement: the callee
// runs in a new goroutine.
func isGoCall(call *ast.CallExpr, stack []ast.Node) bool {
	if len(stack) < 2 {
		return false
	}
	g, ok := stack[len(stack)-2].(*ast.GoStmt)
	return ok && g.Call == call
}

// covered walks the frames from the call outwards to upto and reports
// whether a deferred recover declared before pos covers the call, and
// whether the call runs in a goroutine started inside upto. Recovery does
// not cross a goroutine: the walk stops at the goroutine's literal.
func (c *checker) covered(frames []frame, upto ast.Node, pos token.Pos) (protected, inGoroutine bool) {
	for _, f := range frames {
		for _, d := range c.recovers[f.node] {
			if d < pos {
				return true, inGoroutine
			}
		}
		if f.node == upto {
			return false, false
		}
		if f.kind == goroutine {
			return false, true
		}
	}
	return false, false
}

// isDead reports whether the CFG of a function around the call cannot
// reach it: code after a return, an infinite loop or a panic.
func (c *checker) isDead(stack []ast.Node) bool {
	for i, n := range stack {
		var dead map[ast.Node]bool
		switch n := n.(type) {
		case *ast.FuncDecl:
			dead = c.deadNodes(n)
		case *ast.FuncLit:
			dead = c.deadNodes(n)
		default:
			continue
		}
		for _, inner := range stack[i+1:] {
			if dead[inner] {
				return true
			}
		}
	}
	return false
}

// deadNodes returns the nodes of the unreachable blocks of fn's CFG.
func (c *checker) deadNodes(fn ast.Node) map[ast.Node]bool {
	if d, ok := c.dead[fn]; ok {
		return d
	}
	var g *cfg.CFG
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		g = c.funcDeclCFG(fn)
	case *ast.FuncLit:
		g = c.cfgs.FuncLit(fn)
	}
	var d map[ast.Node]bool
	if g != nil {
		for _, b := range g.Blocks {
			if b.Live {
				continue
			}
			for _, n := range b.Nodes {
				if d == nil {
					d = make(map[ast.Node]bool)
				}
				d[n] = true
			}
		}
	}
	c.dead[fn] = d
	return d
}

// funcDeclCFG returns the CFG of decl, or nil when it has none (no body,
// no object).
func (c *checker) funcDeclCFG(decl *ast.FuncDecl) *cfg.CFG {
	if _, ok := c.pass.TypesInfo.Defs[decl.Name].(*types.Func); !ok || decl.Body == nil {
		return nil
	}
	return c.cfgs.FuncDecl(decl)
}

// isRecoveringDefer reports whether d defers a function that calls recover
// and does not always re-raise what it recovered: a literal, or a
// function declared in this package.
func (c *checker) isRecoveringDefer(d *ast.DeferStmt) bool {
	var body *ast.BlockStmt
	switch fun := ast.Unparen(d.Call.Fun).(type) {
	case *ast.FuncLit:
		body = fun.Body
	default:
		fn := typeutil.StaticCallee(c.pass.TypesInfo, d.Call)
		if fn == nil {
			return false
		}
		if fi := c.funcs[fn.Origin()]; fi != nil {
			body = fi.decl.Body
		}
	}
	if body == nil {
		return false
	}
	return c.recoversIn(body)
}

// recoversIn reports whether body (a deferred function) calls recover and
// has no unconditional re-panic: a panic reached whenever the recovered
// value is non-nil. A re-panic under a further condition (the value is
// http.ErrAbortHandler, say) still leaves the rest recovered.
func (c *checker) recoversIn(body *ast.BlockStmt) bool {
	info := c.pass.TypesInfo
	calls, repanics := false, false
	var stack []ast.Node
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		if _, ok := n.(*ast.FuncLit); ok {
			return false // runs elsewhere, if at all
		}
		stack = append(stack, n)
		if call, ok := n.(*ast.CallExpr); ok {
			calls = calls || isBuiltin(info, call.Fun, "recover")
			repanics = repanics || isBuiltin(info, call.Fun, "panic") && !onConditionalPath(stack)
		}
		return true
	})
	return calls && !repanics
}

// onConditionalPath reports whether the last node of stack runs only under
// a condition other than "a panic was recovered": in an else branch, a
// case, a loop, or an if whose condition is more than `v != nil`.
func onConditionalPath(stack []ast.Node) bool {
	for i := 0; i < len(stack)-1; i++ {
		switch n := stack[i].(type) {
		case *ast.IfStmt:
			child := stack[i+1]
			if child == n.Else || (child == n.Body && !isNonNilTest(n.Cond)) {
				return true
			}
		case *ast.CaseClause, *ast.CommClause, *ast.ForStmt, *ast.RangeStmt:
			return true
		}
	}
	return false
}

// isNonNilTest reports whether cond is `x != nil` (or `nil != x`): the
// test that a recover() result is a panic at all.
func isNonNilTest(cond ast.Expr) bool {
	b, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	if !ok || b.Op != token.NEQ {
		return false
	}
	isNil := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && id.Name == "nil"
	}
	return isNil(b.X) || isNil(b.Y)
}

// isRepanic reports whether a panic call re-raises a recovered panic: it
// is inside a deferred function that recovers, or its argument is a
// variable assigned from recover().
func (c *checker) isRepanic(call *ast.CallExpr, inner ast.Node) bool {
	if lit, ok := inner.(*ast.FuncLit); ok && c.recoverLits[lit] {
		return true
	}
	if len(call.Args) != 1 {
		return false
	}
	obj := c.identObj(call.Args[0])
	return obj != nil && c.recovered[obj]
}

// isBuiltin reports whether fun names the builtin function name.
func isBuiltin(info *types.Info, fun ast.Expr, name string) bool {
	id, ok := ast.Unparen(fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := info.Uses[id].(*types.Builtin)
	return ok && b.Name() == name
}
