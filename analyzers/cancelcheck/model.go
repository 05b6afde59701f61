package cancelcheck

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/resetlint/resetlint/analyzers/internal/facts"
	"github.com/resetlint/resetlint/analyzers/internal/scope"
)

// ctxClass says whether observing a context observes the client.
type ctxClass uint8

const (
	ctxOther ctxClass = iota // Background, a detached context, a server-lifetime context, ...
	// ctxRequest: the request context or one derived from it, or a
	// context.Context parameter of a request scope (callers hand helpers
	// the request context).
	ctxRequest
	// ctxGin: a *gin.Context used as a context. Its Done() is nil unless
	// the engine sets ContextWithFallback: it observes nothing.
	ctxGin
)

// ctxClassOf classifies a context expression inside sc.
func (c *checker) ctxClassOf(sc *scope.Scope, e ast.Expr) ctxClass {
	switch sc.ContextKind(e) {
	case scope.RequestContext:
		return ctxRequest
	case scope.GinContext:
		return ctxGin
	case scope.DetachedContext:
		return ctxOther
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		if v, ok := c.pass.TypesInfo.ObjectOf(e).(*types.Var); ok && c.ctxVars[v] {
			return ctxRequest
		}
	case *ast.CallExpr:
		fn, _ := typeutil.Callee(c.pass.TypesInfo, e).(*types.Func)
		if fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "context" {
			if isContextDeriver(fn.Name()) && len(e.Args) > 0 {
				return c.ctxClassOf(sc, e.Args[0])
			}
			return ctxOther // Background, TODO, WithoutCancel
		}
		// req.Context() of any *http.Request in a request scope: the
		// incoming request under another name (mux.SetURLVars(r, v)),
		// or an outgoing one built on its context.
		if scope.IsMethod(fn, scope.NetHTTPPath, "Request", "Context") {
			return ctxRequest
		}
		// A context made by a call given the request context derives
		// from it: ctx, span := tracer.Start(r.Context(), "op"),
		// ctx := withUser(r.Context(), u).
		if returnsContext(c.pass.TypesInfo.TypeOf(e)) {
			for _, a := range e.Args {
				if c.isContextLike(c.pass.TypesInfo.TypeOf(a)) && c.ctxClassOf(sc, a) == ctxRequest {
					return ctxRequest
				}
			}
		}
	}
	return ctxOther
}

// returnsContext reports whether a call's type is a context.Context or a
// tuple whose first element is one.
func returnsContext(t types.Type) bool {
	if tup, ok := t.(*types.Tuple); ok {
		return tup.Len() > 0 && scope.IsContext(tup.At(0).Type())
	}
	return t != nil && scope.IsContext(t)
}

// isContextDeriver reports whether the context function name returns a
// context cancelled with its first argument.
func isContextDeriver(name string) bool {
	switch name {
	case "WithCancel", "WithCancelCause", "WithDeadline", "WithDeadlineCause",
		"WithTimeout", "WithTimeoutCause", "WithValue":
		return true
	}
	return false
}

// doneClass classifies a channel expression that is received from: the
// Done() channel of a context (or a variable holding one), or ctxOther
// (with isDone false) for any other channel.
func (c *checker) doneClass(sc *scope.Scope, ch ast.Expr) (class ctxClass, isDone bool) {
	switch ch := ast.Unparen(ch).(type) {
	case *ast.CallExpr:
		sel, ok := ast.Unparen(ch.Fun).(*ast.SelectorExpr)
		if ok && sel.Sel.Name == "Done" && len(ch.Args) == 0 && c.isContextLike(c.pass.TypesInfo.TypeOf(sel.X)) {
			return c.ctxClassOf(sc, sel.X), true
		}
		// The deprecated CloseNotify channel also fires when the client
		// leaves; its use is reported on its own.
		if ok && sel.Sel.Name == "CloseNotify" && len(ch.Args) == 0 {
			return ctxRequest, true
		}
	case *ast.Ident:
		if v, ok := c.pass.TypesInfo.ObjectOf(ch).(*types.Var); ok {
			if k, ok := c.doneVars[v]; ok {
				return k, true
			}
		}
	}
	return ctxOther, false
}

// isContextLike reports whether t implements context.Context (the
// interface itself, *gin.Context, ...). Building a method set is costly
// and the same few types come up at every call, so answers are cached.
func (c *checker) isContextLike(t types.Type) bool {
	if t == nil {
		return false
	}
	if like, ok := c.contextLike[t]; ok {
		return like
	}
	like := implementsContext(t)
	if c.contextLike == nil {
		c.contextLike = make(map[types.Type]bool)
	}
	c.contextLike[t] = like
	return like
}

// implementsContext is checker.isContextLike without the cache.
func implementsContext(t types.Type) bool {
	if scope.IsContext(t) || scope.IsGinContext(t) {
		return true
	}
	ms := types.NewMethodSet(t)
	return ms.Lookup(nil, "Done") != nil && ms.Lookup(nil, "Err") != nil && ms.Lookup(nil, "Deadline") != nil
}

// findVariables finds, flow-insensitively over the request scopes, the
// variables that hold something built over the ResponseWriter or over
// the request body, the
// contexts of scope parameters (and contexts derived from them), and the
// Done channels of contexts. Derivations chain, so it repeats a few
// times. assigns holds, for the scopes collect walked, the assignments
// and var specs of their bodies in the order of a walk.
func (c *checker) findVariables(assigns map[*scope.Scope][]ast.Node) {
	for _, sc := range c.scopes.List {
		for _, field := range sc.Type.Params.List {
			for _, name := range field.Names {
				if v, ok := c.pass.TypesInfo.Defs[name].(*types.Var); ok && scope.IsContext(v.Type()) {
					c.ctxVars[v] = true
				}
			}
		}
	}
	// The assignments of each scope's body, in the order of a walk of
	// it, one item per assigned variable: the rounds go over them again
	// without walking the bodies. What each right side could build
	// depends on its syntax and types only: it is found once, and an
	// item that can build nothing is left out.
	type item struct {
		sc *scope.Scope
		v  *types.Var
		r  ast.Expr
		fn *types.Func // the function r calls, if any

		writer, body, ctx, req, done bool // what r could build
	}
	var items []item
	add := func(sc *scope.Scope, n ast.Node) {
		lhs, rhs := assignment(n)
		for i, l := range lhs {
			v := c.varOf(l)
			if v == nil {
				continue
			}
			r := rhs[0]
			if len(rhs) == len(lhs) {
				r = rhs[i]
			} else if i > 0 {
				continue // v, ok := w.(http.Flusher): only the first value
			}
			it := item{sc: sc, v: v, r: r}
			switch e := ast.Unparen(r).(type) {
			case *ast.TypeAssertExpr:
				it.writer = e.Type != nil
			case *ast.CallExpr:
				it.fn, _ = typeutil.Callee(c.pass.TypesInfo, e).(*types.Func)
				stdNew := it.fn != nil && c.isStd(it.fn.Pkg()) && strings.HasPrefix(it.fn.Name(), "New")
				it.writer, it.body = stdNew, stdNew
				it.req = len(e.Args) > 0 && isRequestCarrier(it.fn) && scope.IsRequest(v.Type())
				sel, ok := ast.Unparen(e.Fun).(*ast.SelectorExpr)
				it.done = ok && (sel.Sel.Name == "Done" || sel.Sel.Name == "CloseNotify") && len(e.Args) == 0
			case *ast.Ident:
				it.done = true
			default:
				continue
			}
			it.ctx = scope.IsContext(v.Type())
			if it.writer || it.body || it.ctx || it.req || it.done {
				items = append(items, it)
			}
		}
	}
	for _, sc := range c.scopes.List {
		if nodes, ok := assigns[sc]; ok {
			for _, n := range nodes {
				add(sc, n)
			}
			continue
		}
		if body, ok := c.bodies[sc]; ok {
			for cur := range body.Preorder((*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil)) {
				add(sc, cur.Node())
			}
			continue
		}
		ast.Inspect(sc.Body, func(n ast.Node) bool {
			add(sc, n)
			return true
		})
	}
	for range 3 {
		changed := false
		for _, it := range items {
			sc, v, r := it.sc, it.v, it.r
			if it.writer && !c.derivedWriters[v] && c.buildsOnWriter(sc, r) {
				c.derivedWriters[v], changed = true, true
			}
			if it.body && !c.bodyReaders[v] && c.buildsOnBody(sc, r) {
				c.bodyReaders[v], changed = true, true
			}
			if it.ctx && !c.ctxVars[v] && c.ctxClassOf(sc, r) == ctxRequest {
				c.ctxVars[v], changed = true, true
			}
			if it.req && !c.ctxRequests[v] && c.ctxClassOf(sc, ast.Unparen(r).(*ast.CallExpr).Args[0]) == ctxRequest {
				c.ctxRequests[v], changed = true, true
			}
			if it.done {
				if _, ok := c.doneVars[v]; !ok {
					if k, isDone := c.doneClass(sc, r); isDone {
						c.doneVars[v], changed = k, true
					}
				}
			}
		}
		if !changed {
			break
		}
	}
}

// assignment returns the two sides of an assignment or var spec.
func assignment(n ast.Node) (lhs, rhs []ast.Expr) {
	switch n := n.(type) {
	case *ast.AssignStmt:
		if len(n.Rhs) == len(n.Lhs) || len(n.Rhs) == 1 {
			return n.Lhs, n.Rhs
		}
	case *ast.ValueSpec:
		if len(n.Values) > 0 && (len(n.Values) == len(n.Names) || len(n.Values) == 1) {
			lhs := make([]ast.Expr, len(n.Names))
			for i, id := range n.Names {
				lhs[i] = id
			}
			return lhs, n.Values
		}
	}
	return nil, nil
}

func (c *checker) varOf(e ast.Expr) *types.Var {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok || id.Name == "_" {
		return nil
	}
	v, _ := c.pass.TypesInfo.ObjectOf(id).(*types.Var)
	return v
}

// buildsOnWriter reports whether e, a type assertion or a call of a std
// constructor (findVariables checks which), makes something that writes
// to the response: w.(http.Flusher), http.NewResponseController(w),
// json.NewEncoder(w), bufio.NewWriter(w).
func (c *checker) buildsOnWriter(sc *scope.Scope, e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.TypeAssertExpr:
		return c.isWriterLike(sc, e.X)
	case *ast.CallExpr:
		for _, a := range e.Args {
			if c.isWriterLike(sc, a) {
				return true
			}
		}
	}
	return false
}

// isRequestCarrier reports whether fn builds an outgoing request on the
// context given first: http.NewRequestWithContext(ctx, ...),
// req.WithContext(ctx), req.Clone(ctx). A request built on the request
// context carries it, and a client call given it is context-aware.
func isRequestCarrier(fn *types.Func) bool {
	return scope.IsPkgFunc(fn, scope.NetHTTPPath, "NewRequestWithContext") ||
		scope.IsMethod(fn, scope.NetHTTPPath, "Request", "WithContext") ||
		scope.IsMethod(fn, scope.NetHTTPPath, "Request", "Clone")
}

// buildsOnBody reports whether e, a call of a std constructor
// (findVariables checks that), is one over the request body
// (json.NewDecoder(r.Body), bufio.NewScanner(r.Body)), or over something
// built on it.
func (c *checker) buildsOnBody(sc *scope.Scope, e ast.Expr) bool {
	call := ast.Unparen(e).(*ast.CallExpr)
	for _, a := range call.Args {
		if sc.IsRequestBody(a) {
			return true
		}
		if v := c.varOf(a); v != nil && c.bodyReaders[v] {
			return true
		}
	}
	return false
}

// isWriterLike reports whether e is the scope's ResponseWriter or a
// variable built over it.
func (c *checker) isWriterLike(sc *scope.Scope, e ast.Expr) bool {
	if sc.IsWriter(e) {
		return true
	}
	v := c.varOf(e)
	return v != nil && c.derivedWriters[v]
}

// isStd reports whether pkg is a standard library package other than the
// one under analysis, judged by where its sources live: import paths
// alone cannot tell std from a GOPATH package without a dot.
func (c *checker) isStd(pkg *types.Package) bool {
	if pkg == nil || pkg == c.pass.Pkg {
		return false
	}
	return facts.IsStdPackage(pkg.Path())
}

func isChan(t types.Type) bool {
	if t == nil {
		return false
	}
	_, ok := t.Underlying().(*types.Chan)
	return ok
}

// chanInfo says which waits of one scope function cannot outlast the
// request: channels and WaitGroups whose producers observe the request
// context, and channels the function itself filled or closed.
type chanInfo struct {
	own     map[string][]token.Pos // sends and closes by the function itself, by channel
	bound   map[string]bool        // channels fed (sent on, closed) only by context-aware producers
	wgBound map[string]bool        // WaitGroups (and errgroups) whose goroutines all observe the context
}

// producer is a goroutine started by a scope function: what it sends on,
// closes or signals, and whether it observes the request context.
type producer struct {
	chans []string
	wgs   []string
	aware bool
}

// chansOf computes (and caches for the round) the chanInfo of sc.
func (c *checker) chansOf(sc *scope.Scope) *chanInfo {
	if ci, ok := c.chans[sc]; ok {
		return ci
	}
	// The maps are made when first written: most functions send,
	// close and start nothing.
	ci := &chanInfo{}
	c.chans[sc] = ci
	// The scan's state and its visit closure are the checker's, reused
	// by every call: nothing the scan calls comes back here.
	s := &c.chanScan
	s.c, s.sc, s.ci, s.prods, s.fromCtx = c, sc, ci, s.prods[:0], nil
	if body, ok := c.bodies[sc]; ok {
		if c.chanVisit == nil {
			c.chanVisit = func(cur inspector.Cursor) bool { return c.chanScan.visit(cur.Node()) }
		}
		// Only these nodes matter: the inspector skips the subtrees
		// that hold none.
		body.Inspect(chanTypes, c.chanVisit)
	} else {
		ast.Inspect(sc.Body, s.visit)
	}
	// A channel (WaitGroup) is bound when it has producers and all of
	// them observe the request context.
	ci.bound = countAware(s.prods, func(p *producer) []string { return p.chans })
	ci.wgBound = countAware(s.prods, func(p *producer) []string { return p.wgs })
	for k := range s.fromCtx {
		if ci.bound == nil {
			ci.bound = make(map[string]bool)
		}
		ci.bound[k] = true
	}
	return ci
}

// countAware maps each key that prods name (keys says which) to whether
// every producer naming it observes the request context, or nil.
func countAware(prods []producer, keys func(*producer) []string) map[string]bool {
	var into map[string]bool
	for i := range prods {
		p := &prods[i]
		for _, k := range keys(p) {
			if into == nil {
				into = make(map[string]bool)
			}
			if was, seen := into[k]; seen {
				into[k] = was && p.aware
			} else {
				into[k] = p.aware
			}
		}
	}
	return into
}

// A chanScan is chansOf's walk of one function body.
type chanScan struct {
	c       *checker
	sc      *scope.Scope
	ci      *chanInfo
	prods   []producer
	fromCtx map[string]bool // channels returned by context-aware calls
}

func (s *chanScan) addOwn(ch ast.Expr, pos token.Pos) {
	if s.ci.own == nil {
		s.ci.own = make(map[string][]token.Pos)
	}
	k := chanKey(ch)
	s.ci.own[k] = append(s.ci.own[k], pos)
}

func (s *chanScan) visit(n ast.Node) bool {
	c, sc, info := s.c, s.sc, s.c.pass.TypesInfo
	switch n := n.(type) {
	case *ast.FuncLit:
		return false // sends in other literals are not the function's own
	case *ast.SendStmt:
		s.addOwn(n.Chan, n.Pos())
	case *ast.CallExpr:
		if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok && id.Name == "close" && len(n.Args) == 1 {
			if _, ok := info.Uses[id].(*types.Builtin); ok {
				s.addOwn(n.Args[0], n.Pos())
			}
		}
		// wg.Go(func() { ... }), g.Go(func() error { ... })
		if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "Go" && len(n.Args) == 1 {
			if lit, ok := ast.Unparen(n.Args[0]).(*ast.FuncLit); ok {
				p := c.literalProducer(sc, lit)
				p.wgs = append(p.wgs, chanKey(sel.X))
				s.prods = append(s.prods, p)
				return false
			}
		}
	case *ast.GoStmt:
		if lit, ok := ast.Unparen(n.Call.Fun).(*ast.FuncLit); ok {
			p := c.literalProducer(sc, lit)
			p.aware = p.aware || c.passesRequestContext(sc, n.Call)
			s.prods = append(s.prods, p)
		} else {
			s.prods = append(s.prods, c.callProducer(sc, n.Call))
		}
		return false
	}
	// ch := sub.Subscribe(ctx): a channel from a context-aware call
	// is closed or drained when the context is done.
	if lhs, rhs := assignment(n); len(rhs) == 1 {
		if call, ok := ast.Unparen(rhs[0]).(*ast.CallExpr); ok && c.passesRequestContext(sc, call) {
			for _, l := range lhs {
				if isChan(info.TypeOf(l)) {
					if s.fromCtx == nil {
						s.fromCtx = make(map[string]bool)
					}
					s.fromCtx[chanKey(l)] = true
				}
			}
		}
	}
	return true
}

// chanTypes are the nodes chansOf looks at.
var chanTypes = []ast.Node{
	(*ast.FuncLit)(nil), (*ast.SendStmt)(nil), (*ast.CallExpr)(nil), (*ast.GoStmt)(nil),
	(*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil),
}

// literalProducer describes a goroutine whose body is lit.
func (c *checker) literalProducer(sc *scope.Scope, lit *ast.FuncLit) producer {
	var p producer
	info := c.pass.TypesInfo
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SendStmt:
			p.chans = append(p.chans, chanKey(n.Chan))
		case *ast.CallExpr:
			if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok && id.Name == "close" && len(n.Args) == 1 {
				p.chans = append(p.chans, chanKey(n.Args[0]))
			}
			if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "Done" && len(n.Args) == 0 {
				if fn, _ := typeutil.Callee(info, n).(*types.Func); scope.IsMethod(fn, "sync", "WaitGroup", "Done") {
					p.wgs = append(p.wgs, chanKey(sel.X))
				}
			}
		}
		return true
	})
	p.aware = c.observesContext(sc, lit.Body)
	return p
}

// callProducer describes `go f(args)`: it feeds the channels and
// WaitGroups it is given, and is aware if it is given the request
// context or checks it (a fact).
func (c *checker) callProducer(sc *scope.Scope, call *ast.CallExpr) producer {
	var p producer
	for _, a := range call.Args {
		t := c.pass.TypesInfo.TypeOf(a)
		switch {
		case isChan(t):
			p.chans = append(p.chans, chanKey(a))
		case isWaitGroup(t):
			p.wgs = append(p.wgs, chanKey(a))
		}
	}
	p.aware = c.passesRequestContext(sc, call)
	if fn, _ := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func); fn != nil {
		if b, ok := c.blockingOf(fn); ok && b.ChecksContext != 0 {
			p.aware = true
		}
	}
	return p
}

func isWaitGroup(t types.Type) bool {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	return scope.IsNamed(t, "sync", "WaitGroup", false)
}

// chanKey names a channel or WaitGroup expression within one function:
// `ch`, `s.events`, `&wg` and `wg` are matched by their text.
func chanKey(e ast.Expr) string {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = ast.Unparen(u.X)
	}
	if id, ok := e.(*ast.Ident); ok {
		return id.Name // what ExprString writes, without its buffer
	}
	return types.ExprString(e)
}

// passesRequestContext reports whether call is given the request context
// (or a context.Context parameter of a scope) as an argument, or an
// outgoing request that carries it.
func (c *checker) passesRequestContext(sc *scope.Scope, call *ast.CallExpr) bool {
	for _, a := range call.Args {
		if !nameOrCall(a) {
			continue
		}
		if c.isContextLike(c.pass.TypesInfo.TypeOf(a)) && c.ctxClassOf(sc, a) == ctxRequest {
			return true
		}
		if len(c.ctxRequests) > 0 {
			if v := c.varOf(a); v != nil && c.ctxRequests[v] {
				return true // client.Do(req) with req built on the request context
			}
		}
	}
	return false
}

// nameOrCall reports whether e is a name or a call: only those can be
// the request context (ctxClassOf) or a request built on it (a variable).
func nameOrCall(e ast.Expr) bool {
	switch ast.Unparen(e).(type) {
	case *ast.Ident, *ast.CallExpr:
		return true
	}
	return false
}

// observesContext reports whether body (a goroutine's) observes the
// request context in any way: it checks it, selects on its Done
// channel, passes it to a call, or calls a helper that checks it.
func (c *checker) observesContext(sc *scope.Scope, body ast.Node) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.CallExpr:
			if c.passesRequestContext(sc, n) {
				found = true
			}
			if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok && (sel.Sel.Name == "Err" || sel.Sel.Name == "Done") &&
				c.isContextLike(c.pass.TypesInfo.TypeOf(sel.X)) && c.ctxClassOf(sc, sel.X) == ctxRequest {
				found = true
			}
			if fn, _ := typeutil.Callee(c.pass.TypesInfo, n).(*types.Func); fn != nil {
				if b, ok := c.blockingOf(fn); ok && b.ChecksContext != 0 {
					found = true
				}
			}
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				if k, isDone := c.doneClass(sc, n.X); isDone && k == ctxRequest {
					found = true
				}
			}
		}
		return true
	})
	return found
}
