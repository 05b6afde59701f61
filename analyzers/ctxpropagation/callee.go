package ctxpropagation

import (
	"go/ast"
	"go/types"

	"github.com/resetlint/resetlint/analyzers/internal/scope"
)

// A package makes many calls of few functions: what the checks need to
// know of a callee that does not depend on the call is worked out once
// per function, and most calls end at that.

// calleeFacts is what the checks know of a callee from its declaration.
type calleeFacts struct {
	// background: context.Background or context.TODO.
	background bool
	// table: the entry of the table the callee is, if its call has the
	// right shape.
	table tableEntry
	// noSibling: checkSibling reports no call of it. A call with no
	// results cannot be cut short in a way its caller sees: its FContext
	// sibling takes the context for its values (slog's InfoContext, a
	// tracer's or a metrics client's), not to stop work when the client
	// leaves. And a function whose package declares no function named
	// after it has no sibling.
	noSibling bool
	// generic: a function with type parameters, or a method of a generic
	// type.
	generic bool
	// takesContext: a parameter of its own signature is a context
	// (known only without noSibling).
	takesContext bool
}

// callee returns the function that call calls (the generic one for an
// instantiation), as typeutil.Callee does, its facts, and whether the
// call instantiates it: a generic function, or a method of a generic
// type. It returns a nil fn for a builtin, a conversion or a call of a
// function value.
func (c *checker) callee(call *ast.CallExpr) (fn *types.Func, f calleeFacts, instance bool) {
	info := c.pass.TypesInfo
	fun := ast.Unparen(call.Fun)
	switch d := fun.(type) {
	case *ast.IndexExpr:
		if info.Types[d.Index].IsType() {
			fun = ast.Unparen(d.X)
		}
	case *ast.IndexListExpr:
		fun = ast.Unparen(d.X)
	}
	var id *ast.Ident
	switch e := fun.(type) {
	case *ast.Ident:
		id = e
	case *ast.SelectorExpr:
		id = e.Sel
	default:
		return nil, f, false
	}
	fn, _ = info.Uses[id].(*types.Func)
	if fn == nil {
		return nil, f, false
	}
	// A generic function's uses record the generic function itself; a
	// method of an instantiated type is a substituted copy.
	origin := fn.Origin()
	f = c.facts(origin)
	return origin, f, fn != origin || f.generic
}

// facts returns the facts of fn, computed on first use.
func (c *checker) facts(fn *types.Func) calleeFacts {
	if f, ok := c.callees[fn]; ok {
		return f
	}
	var f calleeFacts
	sig := fn.Type().(*types.Signature)
	f.background = scope.IsPkgFunc(fn, "context", "Background") || scope.IsPkgFunc(fn, "context", "TODO")
	f.table = tableEntryOf(fn)
	f.generic = sig.TypeParams().Len() > 0 || sig.RecvTypeParams().Len() > 0 || genericRecv(sig)
	f.noSibling = sig.Results().Len() == 0 || (fn.Pkg() != nil && fn.Pkg().Path() == "log/slog") ||
		(sig.Recv() == nil && !c.mayHaveFuncSibling(fn))
	if !f.noSibling {
		f.takesContext = takesContext(sig) // only checkSibling asks, past noSibling
	}
	c.callees[fn] = f
	return f
}

// genericRecv reports whether sig is a method of a generic named type
// (an interface's, whose methods have no receiver type parameters).
func genericRecv(sig *types.Signature) bool {
	if sig.Recv() == nil {
		return false
	}
	t := types.Unalias(sig.Recv().Type())
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	n, ok := t.(*types.Named)
	return ok && n.TypeParams().Len() > 0
}

// mayHaveFuncSibling reports whether the package of the function fn
// declares a function sibling would consider: named fn's name with a
// suffix, exported or of the package under analysis.
func (c *checker) mayHaveFuncSibling(fn *types.Func) bool {
	if fn.Pkg() == nil {
		return false
	}
	for _, suffix := range siblingSuffixes {
		if sib, ok := fn.Pkg().Scope().Lookup(fn.Name() + suffix).(*types.Func); ok && (sib.Exported() || sib.Pkg() == c.pass.Pkg) {
			return true
		}
	}
	return false
}
