package scope

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"
)

// CtxKind classifies a context.Context expression inside a scope.
type CtxKind uint8

const (
	// NotRequestContext: unrelated to the request (context.Background(),
	// a parameter of some other function, ...).
	NotRequestContext CtxKind = iota
	// RequestContext: r.Context() or a context derived from it with
	// context.With*; it is cancelled when the client goes away.
	RequestContext
	// DetachedContext: context.WithoutCancel of the request context; it
	// keeps the request's values but deliberately outlives it.
	DetachedContext
	// GinContext: a *gin.Context used as a context.Context. Its Done()
	// is nil unless the engine sets ContextWithFallback, so it does not
	// observe the client going away.
	GinContext
)

// aliasSet holds the local variables of a scope that hold its request
// values, found flow-insensitively: a variable ever assigned the
// request's writer is a writer.
type aliasSet struct {
	writers  map[*types.Var]bool
	requests map[*types.Var]bool
	fwctx    map[*types.Var]bool
	ctxs     map[*types.Var]CtxKind
}

// contextDerivers are the context package functions whose first result
// inherits the cancellation of their first argument.
var contextDerivers = map[string]bool{
	"WithCancel": true, "WithCancelCause": true,
	"WithDeadline": true, "WithDeadlineCause": true,
	"WithTimeout": true, "WithTimeoutCause": true,
	"WithValue": true,
}

// aliasesOf returns the scope's aliases. They are computed eagerly by
// the analyzer, outer scopes first, before the result is shared between
// passes that may run concurrently.
func (sc *Scope) aliasesOf() *aliasSet { return &sc.aliases }

// computeAliases finds the variables of the body that are assigned
// request values. Derivations chain (ctx := r.Context(); ctx2, cancel :=
// context.WithTimeout(ctx, d)), so it iterates to a fixed point, with a
// small bound since chains are short.
func (sc *Scope) computeAliases() {
	a := &sc.aliases
	if sc.Writer != nil {
		a.writers = map[*types.Var]bool{sc.Writer: true}
	}
	if sc.Request != nil {
		a.requests = map[*types.Var]bool{sc.Request: true}
	}
	if sc.Context != nil {
		a.fwctx = map[*types.Var]bool{sc.Context: true}
	}
	// The assignments to local variables, in source order, found by one
	// walk; the rounds of the fixed point go over this list.
	type assignment struct {
		v     *types.Var
		rhs   ast.Expr
		tuple bool
	}
	var assigns []assignment
	add := func(lhs, rhs ast.Expr, tuple bool) {
		if v := sc.varOf(lhs); v != nil {
			assigns = append(assigns, assignment{v, rhs, tuple})
		}
	}
	for cur := range sc.Cursor.Preorder((*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) {
				for i := range n.Lhs {
					add(n.Lhs[i], n.Rhs[i], false)
				}
			} else if len(n.Rhs) == 1 && len(n.Lhs) > 0 {
				add(n.Lhs[0], n.Rhs[0], true)
			}
		case *ast.ValueSpec:
			if len(n.Names) == len(n.Values) {
				for i := range n.Names {
					add(n.Names[i], n.Values[i], false)
				}
			} else if len(n.Values) == 1 && len(n.Names) > 0 {
				add(n.Names[0], n.Values[0], true)
			}
		}
	}
	for range 4 {
		changed := false
		for _, as := range assigns {
			v, rhs := as.v, as.rhs
			if !as.tuple {
				if !a.writers[v] && sc.IsWriter(rhs) {
					a.writers, changed = with(a.writers, v, true), true
				}
				if !a.requests[v] && sc.IsRequest(rhs) {
					a.requests, changed = with(a.requests, v, true), true
				}
				if !a.fwctx[v] && sc.IsFrameworkContext(rhs) {
					a.fwctx, changed = with(a.fwctx, v, true), true
				}
			}
			if k := sc.ContextKind(rhs); k != NotRequestContext && a.ctxs[v] == NotRequestContext {
				a.ctxs, changed = with(a.ctxs, v, k), true
			}
		}
		if !changed {
			break
		}
	}
}

// with sets m[k] = v, making m first if it is nil: most scopes have no
// alias of some kind, and a nil map answers lookups.
func with[V any](m map[*types.Var]V, k *types.Var, v V) map[*types.Var]V {
	if m == nil {
		m = make(map[*types.Var]V)
	}
	m[k] = v
	return m
}

func (sc *Scope) varOf(e ast.Expr) *types.Var {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return nil
	}
	// Uses first: the identifiers of expressions are mostly uses, and
	// ObjectOf would miss in Defs first. An identifier is in both only
	// as an embedded field, where Uses holds a type name, not a Var.
	if v, ok := sc.info.Uses[id].(*types.Var); ok {
		return v
	}
	v, _ := sc.info.Defs[id].(*types.Var)
	return v
}

// IsWriter reports whether e is the scope's ResponseWriter: the
// parameter, a local alias of it, gin's c.Writer, or echo's c.Response()
// and c.Response().Writer.
func (sc *Scope) IsWriter(e ast.Expr) bool {
	e = ast.Unparen(e)
	switch e := e.(type) {
	case *ast.Ident:
		if v := sc.varOf(e); v != nil {
			return sc.isAlias(v, func(a *aliasSet) bool { return a.writers[v] })
		}
	case *ast.SelectorExpr:
		// gin: c.Writer; echo: c.Response().Writer
		if e.Sel.Name == "Writer" && (sc.IsFrameworkContext(e.X) || sc.isEchoResponse(e.X)) {
			return true
		}
	case *ast.CallExpr:
		return sc.isEchoResponse(e)
	}
	return false
}

// isEchoResponse reports whether e is c.Response() on an echo context.
func (sc *Scope) isEchoResponse(e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 0 {
		return false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	return ok && sel.Sel.Name == "Response" && sc.IsFrameworkContext(sel.X) && IsEchoContext(sc.info.TypeOf(sel.X))
}

// IsRequest reports whether e is the scope's *http.Request: the
// parameter, an alias, r.WithContext(...) or r.Clone(...) of it, gin's
// c.Request or echo's c.Request().
func (sc *Scope) IsRequest(e ast.Expr) bool {
	e = ast.Unparen(e)
	switch e := e.(type) {
	case *ast.Ident:
		if v := sc.varOf(e); v != nil {
			return sc.isAlias(v, func(a *aliasSet) bool { return a.requests[v] })
		}
	case *ast.SelectorExpr:
		if e.Sel.Name == "Request" && sc.IsFrameworkContext(e.X) && IsGinContext(sc.info.TypeOf(e.X)) {
			return true
		}
	case *ast.CallExpr:
		sel, ok := ast.Unparen(e.Fun).(*ast.SelectorExpr)
		if !ok {
			return false
		}
		switch sel.Sel.Name {
		case "Request":
			return len(e.Args) == 0 && sc.IsFrameworkContext(sel.X) && IsEchoContext(sc.info.TypeOf(sel.X))
		case "WithContext", "Clone":
			return IsRequest(sc.info.TypeOf(e)) && sc.IsRequest(sel.X)
		}
	}
	return false
}

// IsFrameworkContext reports whether e is the scope's gin or echo context
// (the parameter or an alias).
func (sc *Scope) IsFrameworkContext(e ast.Expr) bool {
	v := sc.varOf(e)
	return v != nil && sc.isAlias(v, func(a *aliasSet) bool { return a.fwctx[v] })
}

// IsRequestBody reports whether e is the request's body: r.Body, gin's
// c.Request.Body, echo's c.Request().Body.
func (sc *Scope) IsRequestBody(e ast.Expr) bool {
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	return ok && sel.Sel.Name == "Body" && sc.IsRequest(sel.X)
}

// isAlias looks v up in this scope's aliases and then in the enclosing
// scopes', since a nested literal may use its parent's request values.
func (sc *Scope) isAlias(v *types.Var, has func(*aliasSet) bool) bool {
	for s := sc; s != nil; s = s.Parent {
		if has(s.aliasesOf()) {
			return true
		}
	}
	return false
}

// ContextKind classifies a context expression inside the scope.
func (sc *Scope) ContextKind(e ast.Expr) CtxKind {
	e = ast.Unparen(e)
	switch e := e.(type) {
	case *ast.Ident:
		v := sc.varOf(e)
		if v == nil {
			return NotRequestContext
		}
		for s := sc; s != nil; s = s.Parent {
			if k := s.aliasesOf().ctxs[v]; k != NotRequestContext {
				return k
			}
		}
		if sc.IsFrameworkContext(e) && IsGinContext(v.Type()) {
			return GinContext
		}
	case *ast.CallExpr:
		sel, ok := ast.Unparen(e.Fun).(*ast.SelectorExpr)
		if !ok {
			return NotRequestContext
		}
		// r.Context(), c.Request.Context(), c.Request().Context()
		if sel.Sel.Name == "Context" && len(e.Args) == 0 && sc.IsRequest(sel.X) {
			return RequestContext
		}
		fn, _ := typeutil.Callee(sc.info, e).(*types.Func)
		if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != "context" || len(e.Args) == 0 {
			return NotRequestContext
		}
		parent := sc.ContextKind(e.Args[0])
		switch {
		case parent == NotRequestContext:
			return NotRequestContext
		case fn.Name() == "WithoutCancel":
			return DetachedContext
		case contextDerivers[fn.Name()]:
			return parent
		}
	}
	return NotRequestContext
}

// IsRequestContext reports whether e is the request context or a context
// derived from it that is still cancelled with it.
func (sc *Scope) IsRequestContext(e ast.Expr) bool {
	return sc.ContextKind(e) == RequestContext
}

// RequestContextSource returns source text for the request context, for
// use in a suggested fix at pos: the name of a variable that holds it and
// is visible at pos if there is one, else an expression built from the
// scope's parameter (r.Context(), c.Request.Context(),
// c.Request().Context()). It returns "" when the scope has no request.
func (sc *Scope) RequestContextSource(pkg *types.Package, pos token.Pos) string {
	if pkg != nil {
		if inner := pkg.Scope().Innermost(pos); inner != nil {
			// The earliest declared visible variable wins: usually the
			// plain ctx := r.Context(), and the choice is deterministic.
			var best *types.Var
			for s := sc; s != nil; s = s.Parent {
				for v, k := range s.aliasesOf().ctxs {
					if k != RequestContext || v.Pos() >= pos || (best != nil && v.Pos() >= best.Pos()) {
						continue
					}
					if _, obj := inner.LookupParent(v.Name(), pos); obj == v {
						best = v
					}
				}
			}
			if best != nil {
				return best.Name()
			}
		}
	}
	for s := sc; s != nil; s = s.Parent {
		switch {
		case s.Request != nil:
			return s.Request.Name() + ".Context()"
		case s.Context != nil && s.Kind == Gin:
			return s.Context.Name() + ".Request.Context()"
		case s.Context != nil && s.Kind == Echo:
			return s.Context.Name() + ".Request().Context()"
		}
	}
	return ""
}
