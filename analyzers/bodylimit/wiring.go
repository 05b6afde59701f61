package bodylimit

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ast/inspector"

	"github.com/resetlint/resetlint/analyzers/internal/facts"
	"github.com/resetlint/resetlint/analyzers/internal/scope"
)

// This file finds the handlers that the package's own wiring places
// behind a body-limiting middleware. It works in two steps.
//
// First, which values bound the body of the requests that pass through
// them (isBoundingValue): http.MaxBytesHandler(h, n); a call of a
// function that returns such a handler or middleware (the package's own,
// found by findMiddleware, another package's through its Body fact, or a
// known library's from a table); a handler literal or a type's ServeHTTP
// that bounds the body before passing the request on; a gin handler that
// bounds it (gin runs a route's handlers in order).
//
// Second, what contains what (a graph over variables, functions, function
// literals, calls and composite literals): a router contains what is
// registered on it (mux.Handle(p, h): any method call's arguments), a
// call contains its arguments and the function it calls, a function
// contains what it returns and the handlers it passes its request to
// (next.ServeHTTP(w, r)), a variable is the same as what is assigned to
// it, an argument contains the parameter it is passed to, and a value
// of a type with a ServeHTTP method contains that method. A handler is
// bounded when a bounding value contains it: limit(mux) with h registered
// on mux, srv.Handler = http.MaxBytesHandler(mux, n), r.Use(limit) on the
// router h is registered on, r.With(limit).Post(p, h),
// e.POST(p, h, middleware.BodyLimit("1M")), r.POST(p, limitBody, h).

// boundingLibraries are third-party constructors of body-limiting
// middleware, by package path suffix and function name.
var boundingLibraries = []struct{ pkgSuffix, name string }{
	{"labstack/echo/v4/middleware", "BodyLimit"},
	{"labstack/echo/v4/middleware", "BodyLimitWithConfig"},
	{"labstack/echo/v5/middleware", "BodyLimit"},
	{"labstack/echo/v5/middleware", "BodyLimitWithConfig"},
	{"go-chi/chi/middleware", "RequestSize"},
	{"go-chi/chi/v5/middleware", "RequestSize"},
	{"gin-contrib/size", "RequestSizeLimiter"},
}

func isBoundingLibrary(fn *types.Func) bool {
	if fn.Pkg() == nil {
		return false
	}
	for _, lib := range boundingLibraries {
		if fn.Name() == lib.name && (fn.Pkg().Path() == lib.pkgSuffix || strings.HasSuffix(fn.Pkg().Path(), "/"+lib.pkgSuffix)) {
			return true
		}
	}
	return false
}

// findMiddleware finds the package's functions that return a handler or a
// middleware that bounds the body: limit(next http.Handler) http.Handler,
// a factory Limit(n int64) func(http.Handler) http.Handler, a gin
// middleware constructor returning gin.HandlerFunc. Middleware built from
// middleware chains, so it iterates a few times.
func (c *checker) findMiddleware() {
	c.middleware = make(map[*types.Func]bool)
	for range 8 {
		changed := false
		for fn, decl := range c.declOf {
			if c.middleware[fn] || decl.Type.Results.NumFields() == 0 {
				continue
			}
			if c.returnsBoundingDecl(decl) {
				c.middleware[fn] = true
				changed = true
			}
		}
		if !changed {
			return
		}
	}
}

// indexAssign records the values n assigns to variables of the package
// in c.assigns, so that a variable holding a middleware counts as one.
// scan calls it for every assignment, value spec and range statement, in
// order.
func (c *checker) indexAssign(n ast.Node) {
	info := c.pass.TypesInfo
	switch n := n.(type) {
	case *ast.RangeStmt:
		// for _, mw := range []func(http.Handler) http.Handler{limit, logged}
		if v := varOf(info, n.Value); v != nil {
			c.assigns[v] = append(c.assigns[v], c.elementsOf(n.X)...)
		}
	case *ast.AssignStmt:
		if len(n.Lhs) == len(n.Rhs) {
			for i, lhs := range n.Lhs {
				if v := varOf(info, lhs); v != nil {
					c.assigns[v] = append(c.assigns[v], n.Rhs[i])
				}
			}
		}
	case *ast.ValueSpec:
		if len(n.Names) == len(n.Values) {
			for i, name := range n.Names {
				if v := varOf(info, name); v != nil {
					c.assigns[v] = append(c.assigns[v], n.Values[i])
				}
			}
		}
	}
}

// elementsOf returns the elements of a slice, array or map literal, or of
// the literals assigned to a variable, for ranging and indexing.
func (c *checker) elementsOf(e ast.Expr) []ast.Expr {
	var lits []*ast.CompositeLit
	switch e := ast.Unparen(e).(type) {
	case *ast.CompositeLit:
		lits = append(lits, e)
	case *ast.Ident:
		if v := varOf(c.pass.TypesInfo, e); v != nil {
			for _, val := range c.assigns[v] {
				if lit, ok := ast.Unparen(val).(*ast.CompositeLit); ok {
					lits = append(lits, lit)
				}
			}
		}
	}
	var out []ast.Expr
	for _, lit := range lits {
		for _, elt := range lit.Elts {
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				elt = kv.Value
			}
			out = append(out, elt)
		}
	}
	return out
}

// returnsBoundingDecl is returnsBounding for a declaration, from the
// return statements scan found.
func (c *checker) returnsBoundingDecl(decl *ast.FuncDecl) bool {
	for _, res := range c.returns[decl] {
		if c.isBoundingValue(res, 1) {
			return true
		}
	}
	return false
}

// returnsBounding reports whether some return statement of body (not of
// nested literals) returns a bounding value.
func (c *checker) returnsBounding(body *ast.BlockStmt, depth int) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if len(n.Results) > 0 && c.isBoundingValue(n.Results[0], depth+1) {
				found = true
			}
		}
		return !found
	})
	return found
}

// maxDepth bounds the recursion through variables, literals and
// conversions: real middleware is a few levels deep.
const maxDepth = 6

// isBoundingValue reports whether e, a handler, middleware or middleware
// factory value, bounds the body of the requests that pass through it.
func (c *checker) isBoundingValue(e ast.Expr, depth int) bool {
	if e == nil || depth > maxDepth {
		return false
	}
	info := c.pass.TypesInfo
	switch e := ast.Unparen(e).(type) {
	case *ast.FuncLit:
		if c.scopes.Of(e) != nil {
			sum := c.summaries[e]
			return sum != nil && sum.Bounds != facts.Never
		}
		// func(next http.Handler) http.Handler { return ... }
		return c.returnsBounding(e.Body, depth)
	case *ast.UnaryExpr:
		return c.isBoundingValue(e.X, depth+1)
	case *ast.IndexExpr: // chain[i]
		for _, elt := range c.elementsOf(e.X) {
			if c.isBoundingValue(elt, depth+1) {
				return true
			}
		}
	case *ast.CompositeLit:
		return c.servesBounded(info.TypeOf(e))
	case *ast.Ident, *ast.SelectorExpr:
		switch obj := objectOf(info, e).(type) {
		case *types.Func:
			return c.isBoundingFunc(obj)
		case *types.Var:
			for _, v := range c.assigns[obj] {
				if c.isBoundingValue(v, depth+1) {
					return true
				}
			}
		}
	case *ast.CallExpr:
		if tv, ok := info.Types[e.Fun]; ok && tv.IsType() {
			// http.HandlerFunc(f), gin.HandlerFunc(f): a conversion.
			return len(e.Args) == 1 && c.isBoundingValue(e.Args[0], depth+1)
		}
		if fn := staticCallee(info, e); fn != nil {
			return scope.IsPkgFunc(fn, scope.NetHTTPPath, "MaxBytesHandler") || isBoundingLibrary(fn) || c.isMiddlewareFunc(fn)
		}
		// A middleware value applied to a handler: Limit(n)(h), mw(h).
		return isMiddlewareType(info.TypeOf(e.Fun)) && c.isBoundingValue(e.Fun, depth+1)
	}
	return false
}

// isBoundingFunc reports whether a reference to fn is a bounding value:
// fn is a middleware (limit, used as r.Use(limit)), or a handler that
// bounds the body itself (a gin middleware handler).
func (c *checker) isBoundingFunc(fn *types.Func) bool {
	if c.isMiddlewareFunc(fn) {
		return true
	}
	sum := c.bodySummary(fn.Origin())
	return sum != nil && sum.Bounds != facts.Never
}

// isMiddlewareFunc reports whether calling fn yields a bounding value.
func (c *checker) isMiddlewareFunc(fn *types.Func) bool {
	fn = fn.Origin()
	if c.declOf[fn] != nil {
		return c.middleware[fn]
	}
	if fn.Pkg() == nil || fn.Pkg() == c.pass.Pkg {
		return false
	}
	var f facts.Body
	return c.pass.ImportObjectFact(fn, &f) && f.Middleware
}

// servesBounded reports whether t (or *t) has a ServeHTTP method that
// bounds the body.
func (c *checker) servesBounded(t types.Type) bool {
	m := serveHTTPOf(t)
	if m == nil {
		return false
	}
	sum := c.bodySummary(m)
	return sum != nil && sum.Bounds != facts.Never
}

// serveHTTPOf returns the concrete ServeHTTP method of t or *t, or nil.
func serveHTTPOf(t types.Type) *types.Func {
	if t == nil || types.IsInterface(t) {
		return nil
	}
	switch types.Unalias(t).(type) {
	case *types.Slice, *types.Map, *types.Array, *types.Basic, *types.Signature, *types.Chan, *types.Tuple:
		return nil // an unnamed type of these kinds has no methods
	}
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, "ServeHTTP")
	fn, _ := obj.(*types.Func)
	if fn == nil {
		return nil
	}
	return fn.Origin()
}

// isHandlerType reports whether a value of type t serves requests: an
// http.Handler, a handler function of net/http, gin or echo, or a type
// with a ServeHTTP method.
func isHandlerType(t types.Type) bool {
	if t == nil {
		return false
	}
	if scope.IsNamed(t, scope.NetHTTPPath, "Handler", false) {
		return true
	}
	if sig, ok := t.Underlying().(*types.Signature); ok {
		return isHandlerSig(sig)
	}
	return serveHTTPOf(t) != nil
}

func isHandlerSig(sig *types.Signature) bool {
	p, r := sig.Params(), sig.Results()
	switch {
	case p.Len() == 2 && r.Len() == 0:
		return scope.IsResponseWriter(p.At(0).Type()) && scope.IsRequest(p.At(1).Type())
	case p.Len() == 1 && r.Len() == 0:
		return scope.IsGinContext(p.At(0).Type())
	case p.Len() == 1 && r.Len() == 1:
		return scope.IsEchoContext(p.At(0).Type())
	}
	return false
}

// isGinHandlerType reports whether t is a gin handler (func(*gin.Context)).
func isGinHandlerType(t types.Type) bool {
	if t == nil {
		return false
	}
	sig, ok := t.Underlying().(*types.Signature)
	return ok && sig.Params().Len() == 1 && sig.Results().Len() == 0 && scope.IsGinContext(sig.Params().At(0).Type())
}

// isMiddlewareType reports whether t is a function from a handler to a
// handler: func(http.Handler) http.Handler, echo.MiddlewareFunc.
func isMiddlewareType(t types.Type) bool {
	if t == nil {
		return false
	}
	sig, ok := t.Underlying().(*types.Signature)
	if !ok || sig.Results().Len() != 1 || !isHandlerType(sig.Results().At(0).Type()) {
		return false
	}
	for i := range sig.Params().Len() {
		if isHandlerType(sig.Params().At(i).Type()) {
			return true
		}
	}
	return false
}

// objectOf returns the object an identifier or selector denotes: for a
// field or method selection, the field or method.
func objectOf(info *types.Info, e ast.Expr) types.Object {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return info.ObjectOf(e)
	case *ast.SelectorExpr:
		if sel := info.Selections[e]; sel != nil {
			return sel.Obj()
		}
		return info.Uses[e.Sel]
	}
	return nil
}

// graph is the containment graph: an edge from x to y says that requests
// that reach x may reach y.
type graph struct {
	c     *checker
	edges map[any][]any
}

func (g *graph) link(from, to any) {
	if from != nil && to != nil && from != to {
		g.edges[from] = append(g.edges[from], to)
	}
}

func (g *graph) same(x, y any) {
	g.link(x, y)
	g.link(y, x)
}

// nodeOf returns the graph node of an expression used as a handler,
// router or middleware: a variable or field of this package, a function
// of this package, or the literal or call itself; nil for anything else.
func (g *graph) nodeOf(e ast.Expr) any {
	info := g.c.pass.TypesInfo
	var node any
	switch e := ast.Unparen(e).(type) {
	case *ast.UnaryExpr:
		return g.nodeOf(e.X)
	case *ast.StarExpr:
		return g.nodeOf(e.X)
	case *ast.IndexExpr:
		return g.nodeOf(e.X)
	case *ast.FuncLit, *ast.CallExpr, *ast.CompositeLit:
		node = e
	case *ast.Ident, *ast.SelectorExpr:
		switch obj := objectOf(info, e).(type) {
		case *types.Func:
			if g.c.declOf[obj.Origin()] != nil {
				node = obj.Origin()
			}
		case *types.Var:
			// Fields and variables of other packages are shared by
			// unrelated values (every http.Server has a Handler field):
			// they would connect everything. DefaultServeMux is one mux.
			if obj.Pkg() == g.c.pass.Pkg || isDefaultServeMux(obj) {
				node = obj
			}
		}
	}
	if node == nil {
		return nil
	}
	// A value of a type with a ServeHTTP method serves through it.
	if m := serveHTTPOf(info.TypeOf(e)); m != nil && g.c.declOf[m] != nil {
		g.link(node, m)
	}
	return node
}

func isDefaultServeMux(v *types.Var) bool {
	return v.Pkg() != nil && v.Pkg().Path() == scope.NetHTTPPath && v.Name() == "DefaultServeMux"
}

// wire computes c.bounded: the handlers that the package's wiring places
// behind a body-limiting middleware.
func (c *checker) wire() {
	// Without a bounding middleware in sight, nothing is bounded: the
	// graph, which costs a walk of every call, is not needed.
	if !c.anySeed() {
		c.bounded = make(map[any]bool)
		return
	}
	g := &graph{c: c, edges: make(map[any][]any)}
	var seeds []any
	seed := func(n any) {
		if n != nil {
			seeds = append(seeds, n)
		}
	}
	info := c.pass.TypesInfo
	nodeTypes := []ast.Node{
		(*ast.CallExpr)(nil), (*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil),
		(*ast.RangeStmt)(nil), (*ast.CompositeLit)(nil), (*ast.ReturnStmt)(nil),
	}
	for cur := range c.ins.Root().Preorder(nodeTypes...) {
		switch n := cur.Node().(type) {
		case *ast.CallExpr:
			c.wireCall(g, cur, n, seed)
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) {
				for i := range n.Lhs {
					g.same(g.nodeOf(n.Lhs[i]), g.nodeOf(n.Rhs[i]))
				}
			} else if len(n.Rhs) == 1 {
				g.same(g.nodeOf(n.Lhs[0]), g.nodeOf(n.Rhs[0]))
			}
		case *ast.ValueSpec:
			if len(n.Names) == len(n.Values) {
				for i := range n.Names {
					g.same(g.nodeOf(n.Names[i]), g.nodeOf(n.Values[i]))
				}
			} else if len(n.Values) == 1 && len(n.Names) > 0 {
				g.same(g.nodeOf(n.Names[0]), g.nodeOf(n.Values[0]))
			}
		case *ast.RangeStmt:
			// for _, h := range handlers { mux.Handle(p, h) }
			if n.Value != nil {
				g.same(g.nodeOf(n.Value), g.nodeOf(n.X))
			}
		case *ast.CompositeLit:
			for _, elt := range n.Elts {
				if kv, ok := elt.(*ast.KeyValueExpr); ok {
					g.link(n, g.nodeOf(kv.Value))
					// &Server{mux: mux}: the field holds the mux.
					if key, ok := kv.Key.(*ast.Ident); ok {
						if f, ok := info.ObjectOf(key).(*types.Var); ok && f.IsField() && f.Pkg() == c.pass.Pkg {
							g.same(f, g.nodeOf(kv.Value))
						}
					}
					continue
				}
				g.link(n, g.nodeOf(elt))
			}
			if isHandlerType(info.TypeOf(n)) && c.isBoundingValue(n, 0) {
				seed(n) // &limiter{next: mux}
			}
		case *ast.ReturnStmt:
			fn := enclosingFunc(info, cur)
			for _, res := range n.Results {
				g.link(fn, g.nodeOf(res))
			}
		}
	}
	c.bounded = make(map[any]bool)
	for len(seeds) > 0 {
		n := seeds[len(seeds)-1]
		seeds = seeds[:len(seeds)-1]
		if c.bounded[n] {
			continue
		}
		c.bounded[n] = true
		seeds = append(seeds, g.edges[n]...)
	}
}

// anySeed reports whether some call or composite literal of the package
// seeds the bounded set, as wire would find it.
func (c *checker) anySeed() bool {
	for _, lit := range c.seedLits {
		if c.servesBounded(c.pass.TypesInfo.TypeOf(lit)) {
			return true
		}
	}
	g := &graph{c: c, edges: make(map[any][]any)} // for nodeOf only
	info := c.pass.TypesInfo
	found := false
	seed := func(n any) {
		if n != nil {
			found = true
		}
	}
	for _, cur := range c.seedCalls {
		call := cur.Node().(*ast.CallExpr)
		fun := ast.Unparen(call.Fun)
		if tv, ok := info.Types[fun]; ok && tv.IsType() {
			continue // a conversion seeds nothing (see wireCall)
		}
		if c.seedCall(g, cur, call, methodRecv(info, fun), seed); found {
			return true
		}
	}
	return false
}

// methodRecv returns the receiver of a method call's function fun, or nil.
func methodRecv(info *types.Info, fun ast.Expr) ast.Expr {
	if sel, ok := fun.(*ast.SelectorExpr); ok {
		if s := info.Selections[sel]; s != nil && s.Kind() == types.MethodVal {
			return sel.X
		}
	}
	return nil
}

// maySeed reports whether seedCall could seed anything from call (with
// calleeIdent id and obj, and shape the shape of obj if a function), as
// far as the callee's signature tells, without looking up the type of
// each argument. It is exact for a call of a named non-generic function
// or method: the call's type is the callee's result type; an argument
// assigned to a parameter of a type that is neither an interface nor a
// type parameter has the same underlying type, so it is a middleware (or
// a gin handler) only if the parameter's type is one.
func (c *checker) maySeed(call *ast.CallExpr, id *ast.Ident, obj types.Object, shape sigShape) bool {
	info := c.pass.TypesInfo
	if id == nil {
		return true
	}
	var sig *types.Signature
	switch obj := obj.(type) {
	case *types.TypeName:
		return false // a conversion
	case *types.Func:
		if shape.generic {
			return true // types vary with the instance
		}
		sig = obj.Signature()
	case *types.Var: // a function value
		if sig, _ = obj.Type().Underlying().(*types.Signature); sig == nil {
			return true
		}
		shape = shapeOf(sig)
	default:
		return true
	}
	if shape.handlerResult {
		return true
	}
	if !shape.argsMatter {
		// Whichever parameter (or receiver, in T.Method(recv, ...)) an
		// argument goes to, it is no middleware.
		return false
	}
	// The arguments as they map to the parameters in f(x, ...) and
	// x.M(...); T.Method(recv, ...), which is rare, is looked at after.
	params := sig.Params()
	someMay := false // some argument may be a bounding function value
	for i, arg := range call.Args {
		var p int
		switch n := params.Len(); {
		case sig.Variadic() && i >= n-1:
			if call.Ellipsis.IsValid() {
				continue // the slice itself: no middleware
			}
			p = n - 1
		case i < n:
			p = i
		default:
			// f(g()) or ill-typed; or T.Method(recv, ...), which gives
			// the same answer.
			return slices.ContainsFunc(call.Args, c.mayBeBoundingFunc)
		}
		// The parameter's type first: it is memoized, the argument's is
		// a lookup.
		if !shape.takes(sig, p) {
			continue
		}
		if may, t := c.mayBeBoundingFuncType(arg); may {
			someMay = true
			if t == nil {
				if call, ok := ast.Unparen(arg).(*ast.CallExpr); ok {
					t = c.resultType(call)
				}
			}
			if t == nil {
				t = info.TypeOf(arg)
			}
			if isMiddlewareType(t) || isGinHandlerType(t) {
				return true // under T.Method(recv, ...) too: someMay
			}
		}
	}
	// In T.Method(recv, ...) arguments do not map to parameters one to
	// one: any argument that may be a bounding function value may seed.
	if sig.Recv() == nil || (!someMay && !slices.ContainsFunc(call.Args, c.mayBeBoundingFunc)) {
		return false
	}
	return methodRecv(info, ast.Unparen(call.Fun)) == nil
}

// sigShape is what maySeed needs of a callee's signature.
type sigShape struct {
	generic       bool   // its types vary with the instance: look at the call
	handlerResult bool   // it returns one value, a handler
	argsMatter    bool   // a parameter or the receiver may take a middleware
	params        uint64 // bit i: parameter i (the variadic's element) may take one
}

// takes reports whether parameter i of sig (the element of a variadic
// one) may take a middleware.
func (sh sigShape) takes(sig *types.Signature, i int) bool {
	if i < 64 {
		return sh.params&(1<<i) != 0
	}
	return mayTakeMiddleware(paramType(sig, i))
}

// paramType returns the type of parameter i of sig, the element type for
// a variadic one.
func paramType(sig *types.Signature, i int) types.Type {
	p := sig.Params().At(i).Type()
	if sig.Variadic() && i == sig.Params().Len()-1 {
		p = p.(*types.Slice).Elem()
	}
	return p
}

// funcShape is the shape of a function's signature.
func funcShape(fn *types.Func) sigShape {
	sig := fn.Signature()
	if fn.Origin() != fn || sig.TypeParams().Len() > 0 || sig.RecvTypeParams().Len() > 0 {
		return sigShape{generic: true}
	}
	return shapeOf(sig)
}

func shapeOf(sig *types.Signature) sigShape {
	var sh sigShape
	sh.handlerResult = sig.Results().Len() == 1 && isHandlerType(sig.Results().At(0).Type())
	if sig.Recv() != nil && mayTakeMiddleware(sig.Recv().Type()) {
		sh.argsMatter = true
	}
	for i := range sig.Params().Len() {
		if mayTakeMiddleware(paramType(sig, i)) {
			sh.argsMatter = true
			if i < 64 {
				sh.params |= 1 << i
			}
		}
	}
	return sh
}

// mayTakeMiddleware reports whether a value of type p may be (converted
// from) a middleware or a gin handler. A value assigned to a type that
// is neither an interface nor a type parameter has the same underlying
// type.
func mayTakeMiddleware(p types.Type) bool {
	return types.IsInterface(p) || isTypeParam(p) || isMiddlewareType(p) || isGinHandlerType(p)
}

// mayBeBoundingFunc reports whether e may be a bounding value of a
// function type, by its form (isBoundingValue is false for the others,
// or they have no function type). Any variable may be one: scan asks
// before the package's assignments are all indexed.
func (c *checker) mayBeBoundingFunc(e ast.Expr) bool {
	may, _ := c.mayBeBoundingFuncType(e)
	return may
}

// mayBeBoundingFuncType is mayBeBoundingFunc that also returns, for an
// identifier or a selector, its type when the object it uses tells it
// (the type of a variable, a field included, is that of its identifier or
// selector; that of a non-generic function that of its identifier),
// sparing a lookup; nil otherwise.
func (c *checker) mayBeBoundingFuncType(e ast.Expr) (bool, types.Type) {
	var obj types.Object
	ident := false
	switch e := ast.Unparen(e).(type) {
	case *ast.FuncLit, *ast.CallExpr, *ast.IndexExpr:
		return true, nil
	case *ast.UnaryExpr:
		return e.Op == token.ARROW, nil // <-ch of a channel of functions
	case *ast.Ident:
		obj, ident = c.pass.TypesInfo.Uses[e], true
	case *ast.SelectorExpr:
		obj = c.pass.TypesInfo.Uses[e.Sel]
	default:
		return false, nil
	}
	switch obj := obj.(type) {
	case *types.Func:
		if ident && obj.Signature().TypeParams().Len() == 0 {
			return true, obj.Type()
		}
		return true, nil
	case *types.Var:
		// x.f has the type of the field Uses records for f (substituted
		// in an instance), pkg.V that of V.
		return true, obj.Type()
	}
	return false, nil
}

// resultType returns the type of call when its callee's signature tells
// it, sparing a lookup of the call in the type info (the callee's, which
// scan looks up when it reaches the call, is then at hand): the one
// result of a non-generic function, method or function value; nil
// otherwise (a generic callee, a builtin, a conversion, no single result).
func (c *checker) resultType(call *ast.CallExpr) types.Type {
	_, obj := calleeIdent(c.pass.TypesInfo, call)
	var sig *types.Signature
	switch obj := obj.(type) {
	case *types.Func:
		if c.calleeOf(obj).shape.generic {
			return nil
		}
		sig = obj.Signature()
	case *types.Var:
		sig, _ = obj.Type().Underlying().(*types.Signature)
	}
	if sig == nil || sig.Results().Len() != 1 {
		return nil
	}
	return sig.Results().At(0).Type()
}

func isTypeParam(t types.Type) bool {
	_, ok := types.Unalias(t).(*types.TypeParam)
	return ok
}

// wireCall adds a call's edges and seeds.
func (c *checker) wireCall(g *graph, cur inspector.Cursor, call *ast.CallExpr, seed func(any)) {
	info := c.pass.TypesInfo
	fun := ast.Unparen(call.Fun)
	if tv, ok := info.Types[fun]; ok && tv.IsType() {
		// http.HandlerFunc(h): the conversion is h.
		for _, arg := range call.Args {
			g.same(call, g.nodeOf(arg))
		}
		return
	}
	recv := methodRecv(info, fun)
	// A router contains what its methods register and return:
	// mux.Handle(p, h), r.Group("/api"), r.With(limit).
	if recv != nil {
		g.link(g.nodeOf(recv), call)
	}
	fn := staticCallee(info, call)
	if fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == scope.NetHTTPPath && (fn.Name() == "Handle" || fn.Name() == "HandleFunc") && recv == nil {
		if mux, ok := fn.Pkg().Scope().Lookup("DefaultServeMux").(*types.Var); ok {
			g.link(mux, call)
		}
	}
	for _, arg := range call.Args {
		g.link(call, g.nodeOf(arg))
	}
	switch {
	case fn != nil && c.declOf[fn] != nil:
		// The call contains what the function returns, and an argument
		// contains the parameter it is passed to (routes(r) registers on
		// r). Not the other way: a parameter is shared by every call.
		g.link(call, fn)
		sig := fn.Type().(*types.Signature)
		for i, arg := range call.Args {
			if i < sig.Params().Len() {
				g.link(g.nodeOf(arg), sig.Params().At(i))
			}
		}
		if recv != nil && sig.Recv() != nil {
			g.link(g.nodeOf(recv), sig.Recv())
		}
	case fn == nil && recv == nil:
		g.link(call, g.nodeOf(fun)) // mw(h), next(w, r)
	}
	// A scope that passes its request on contains what it passes it to:
	// next.ServeHTTP(w, r), s.mux.ServeHTTP(w, r), h(w, r).
	if sc := c.enclosingScope(cur); sc != nil && passesRequest(sc, call) {
		from := rootNode(sc)
		if recv != nil {
			g.link(from, g.nodeOf(recv))
		}
		if fn != nil && c.declOf[fn] != nil {
			g.link(from, fn)
		} else if recv == nil {
			g.link(from, g.nodeOf(fun))
		}
	}
	c.seedCall(g, cur, call, recv, seed)
}

// seedCall seeds the bounded set from one call.
func (c *checker) seedCall(g *graph, cur inspector.Cursor, call *ast.CallExpr, recv ast.Expr, seed func(any)) {
	info := c.pass.TypesInfo
	// limit(mux), http.MaxBytesHandler(mux, n), Limit(n)(mux).
	if isHandlerType(info.TypeOf(call)) && c.isBoundingValue(call, 0) {
		seed(call)
	}
	// Middleware passed as an argument: r.Use(limit), r.With(limit),
	// alice.New(limit), e.POST(p, h, middleware.BodyLimit("1M")).
	var mws, handlers []ast.Expr
	for _, arg := range call.Args {
		t := info.TypeOf(arg)
		switch {
		case isMiddlewareType(t) && c.isBoundingValue(arg, 0):
			mws = append(mws, arg)
		case isHandlerType(t):
			handlers = append(handlers, arg)
		}
	}
	if len(mws) > 0 {
		switch {
		case len(handlers) > 0: // per-route middleware
			for _, h := range handlers {
				seed(g.nodeOf(h))
			}
		case !resultUnused(cur) || recv == nil:
			seed(call) // r.With(limit), alice.New(limit)
		default:
			seed(g.nodeOf(recv)) // r.Use(limit)
		}
	}
	// gin runs a route's handlers in order: a handler that bounds the
	// body bounds it for the handlers after it, and r.Use(h) for every
	// handler of r.
	if recv == nil {
		return
	}
	for i, arg := range call.Args {
		if !isGinHandlerType(info.TypeOf(arg)) || !c.isBoundingValue(arg, 0) {
			continue
		}
		switch ast.Unparen(call.Fun).(*ast.SelectorExpr).Sel.Name {
		case "Use":
			seed(g.nodeOf(recv))
		case "Group":
			seed(call)
		default:
			for _, later := range call.Args[i+1:] {
				seed(g.nodeOf(later))
			}
		}
		break
	}
}

// passesRequest reports whether call passes the scope's request (or
// framework context) on.
func passesRequest(sc *scope.Scope, call *ast.CallExpr) bool {
	for _, arg := range call.Args {
		if sc.IsRequest(arg) || sc.IsFrameworkContext(arg) {
			return true
		}
	}
	return false
}

// rootNode returns the graph node of a scope's function.
func rootNode(sc *scope.Scope) any {
	if sc.Obj != nil {
		return sc.Obj.Origin()
	}
	return sc.Func
}

// enclosingScope returns the innermost scope around cur, as
// scope.Scopes.Enclosing does for a stack.
func (c *checker) enclosingScope(cur inspector.Cursor) *scope.Scope {
	for f := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		if sc := c.scopes.Of(f.Node()); sc != nil {
			return sc
		}
	}
	return nil
}

// enclosingFunc returns the graph node of the innermost function around
// cur.
func enclosingFunc(info *types.Info, cur inspector.Cursor) any {
	for f := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		switch fn := f.Node().(type) {
		case *ast.FuncLit:
			return fn
		case *ast.FuncDecl:
			if obj, ok := info.Defs[fn.Name].(*types.Func); ok {
				return obj.Origin()
			}
			return nil
		}
	}
	return nil
}

// resultUnused reports whether the call at cur is a statement of its own.
func resultUnused(cur inspector.Cursor) bool {
	_, ok := cur.Parent().Node().(*ast.ExprStmt)
	return ok
}
