package handlergoroutine

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/resetlint/resetlint/analyzers/internal/scope"
)

// useKind is one way a goroutine can use the request it was started from.
type useKind uint8

const (
	useWriter    useKind = 1 << iota // the ResponseWriter: gin's c.Writer, echo's c.Response()
	useFramework                     // the gin or echo context itself (pooled, reused)
	useBody                          // r.Body
	useContext                       // the request context, to do work with
	useRequest                       // anything else of the request (r.URL, r.Header)
)

// strict uses break as soon as the handler has returned, whether or not
// the handler meant to wait: a write races with the server or panics, the
// body is closed, a framework context serves another request.
const strict = useWriter | useFramework | useBody

// usage is what a goroutine uses of its request.
type usage struct {
	kinds useKind
	first map[useKind]ast.Expr // the first expression of each kind, for messages
	// ctxArgs are arguments of the go call that are the request context
	// and the goroutine's only use of the request: the detach fix wraps
	// them in context.WithoutCancel.
	ctxArgs []ast.Expr
}

func (u *usage) add(k useKind, e ast.Expr) {
	if u.first == nil {
		u.first = make(map[useKind]ast.Expr)
	}
	if u.kinds&k == 0 {
		u.first[k] = e
	}
	u.kinds |= k
}

// classify finds what the goroutine of s uses of the request, and how
// the scope can wait for it.
func (fa *funcAnalysis) classify(s *start) {
	info := fa.pass.TypesInfo
	// Arguments are evaluated at the go statement: each is a value the
	// goroutine receives. go f(w, r), go process(r.Context(), id).
	var args []ast.Expr
	if s.call != nil && s.node != s.call { // a go statement
		args = append(args, s.call.Args...)
		if sel, ok := ast.Unparen(s.call.Fun).(*ast.SelectorExpr); ok && info.Selections[sel] != nil && !isBodyClose(fa.sc, sel) {
			args = append(args, sel.X) // go w.Write(b): the receiver
		}
	} else if sel, ok := ast.Unparen(s.fn).(*ast.SelectorExpr); ok && info.Selections[sel] != nil {
		args = append(args, sel.X) // g.Go(s.fetch): a method value's receiver
	}
	for _, arg := range args {
		k := fa.valueKind(arg)
		if k != 0 {
			s.uses.add(k, arg)
			if k == useContext {
				s.uses.ctxArgs = append(s.uses.ctxArgs, arg)
			}
		}
		if t := info.TypeOf(arg); t != nil && isJoinType(t) {
			if obj := objectOf(info, arg); obj != nil {
				s.joins = append(s.joins, obj)
			} else {
				s.untracked = true
			}
		}
	}
	if lit, ok := ast.Unparen(s.fn).(*ast.FuncLit); ok {
		fa.literalUses(lit, &s.uses)
		s.joins = append(s.joins, fa.literalJoins(lit)...)
	}
	if s.uses.kinds != useContext {
		s.uses.ctxArgs = nil // other uses remain: detaching the context is not enough
	}
	if s.group != nil {
		s.joins = append(s.joins, s.group)
	}
	for _, obj := range s.joins {
		if !fa.tracked(obj) {
			s.untracked = true
		}
	}
}

// valueKind classifies a value handed to a goroutine.
func (fa *funcAnalysis) valueKind(e ast.Expr) useKind {
	return fa.valueKindCtx(e, fa.sc.ContextKind(e) == scope.RequestContext)
}

// valueKindCtx is valueKind for a caller that already knows whether e is
// the request context.
func (fa *funcAnalysis) valueKindCtx(e ast.Expr, requestCtx bool) useKind {
	sc := fa.sc
	switch {
	case sc.IsRequestBody(e):
		return useBody
	case sc.IsWriter(e):
		return useWriter
	case requestCtx:
		return useContext
	case sc.IsFrameworkContext(e):
		return useFramework
	case sc.IsRequest(e):
		return useRequest
	}
	return 0
}

// literalUses finds the request values a goroutine's literal captures.
// A request context only watched (ctx.Done(), ctx.Err()) is no use: such
// a goroutine stops when the request ends, as intended. A context
// detached with context.WithoutCancel is no use either.
func (fa *funcAnalysis) literalUses(lit *ast.FuncLit, u *usage) {
	sc := fa.sc
	var stack []ast.Node
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		stack = append(stack, n)
		e, ok := n.(ast.Expr)
		if !ok {
			return true
		}
		// r.Body.Close() is harmless at any time: closing twice is fine.
		if sel, ok := e.(*ast.SelectorExpr); ok && isBodyClose(sc, sel) {
			return pop(&stack)
		}
		var k useKind
		switch ck := sc.ContextKind(e); {
		case ck == scope.DetachedContext:
			return pop(&stack)
		case ck == scope.RequestContext:
			if watchesOnly(stack) {
				return pop(&stack)
			}
			k = useContext
		default:
			k = fa.valueKindCtx(e, false)
		}
		if k == 0 {
			return true
		}
		u.add(k, e)
		return pop(&stack)
	})
}

// isBodyClose reports whether sel is r.Body.Close.
func isBodyClose(sc *scope.Scope, sel *ast.SelectorExpr) bool {
	return sel.Sel.Name == "Close" && sc.IsRequestBody(sel.X)
}

// pop undoes the push of a node whose children are not visited (Inspect
// makes no nil call for it) and returns false.
func pop(stack *[]ast.Node) bool {
	*stack = (*stack)[:len(*stack)-1]
	return false
}

// watchesOnly reports whether the context at the top of stack is the
// receiver of a Done() or Err() call.
func watchesOnly(stack []ast.Node) bool {
	if len(stack) < 3 {
		return false
	}
	sel, ok := stack[len(stack)-2].(*ast.SelectorExpr)
	if !ok || (sel.Sel.Name != "Done" && sel.Sel.Name != "Err") {
		return false
	}
	call, ok := stack[len(stack)-3].(*ast.CallExpr)
	return ok && call.Fun == sel
}

// literalJoins returns the objects through which a goroutine literal
// signals that it is done: channels it sends on or closes, WaitGroups it
// marks Done.
func (fa *funcAnalysis) literalJoins(lit *ast.FuncLit) []types.Object {
	info := fa.pass.TypesInfo
	var out []types.Object
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SendStmt:
			if obj := objectOf(info, n.Chan); obj != nil {
				out = append(out, obj)
			}
		case *ast.CallExpr:
			if isBuiltin(info, n, "close") && len(n.Args) == 1 {
				if obj := objectOf(info, n.Args[0]); obj != nil {
					out = append(out, obj)
				}
			}
			if fn := calleeMethod(info, n); scope.IsMethod(fn, "sync", "WaitGroup", "Done") {
				if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok {
					if obj := objectOf(info, sel.X); obj != nil {
						out = append(out, obj)
					}
				}
			}
		}
		return true
	})
	return out
}

// isJoinType reports whether a value of type t, handed to a goroutine,
// lets it signal completion: a channel or a *sync.WaitGroup.
func isJoinType(t types.Type) bool {
	if _, ok := t.Underlying().(*types.Chan); ok {
		return true
	}
	return scope.IsNamed(t, "sync", "WaitGroup", true)
}

func isBuiltin(info *types.Info, call *ast.CallExpr, name string) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := info.Uses[id].(*types.Builtin)
	return ok && b.Name() == name
}

// tracked reports whether obj is a local variable of the scope's function
// that never leaves it: then every wait on it is in view. A parameter, a
// field, or a channel returned or handed to another function may be
// waited on elsewhere.
func (fa *funcAnalysis) tracked(obj types.Object) bool {
	v, ok := obj.(*types.Var)
	if !ok || v.IsField() || v.Pos() < fa.sc.Body.Pos() || v.Pos() > fa.sc.Body.End() {
		return false
	}
	if fa.escapes == nil {
		fa.escapes = make(map[types.Object]bool)
		fa.findEscapes()
	}
	return !fa.escapes[obj]
}

// findEscapes records the local variables of the body that leave it:
// returned, stored in a composite literal, assigned to another variable,
// sent on a channel, or passed to a function other than a builtin or the
// goroutine a start runs.
func (fa *funcAnalysis) findEscapes() {
	info := fa.pass.TypesInfo
	starts := make(map[*ast.CallExpr]bool)
	for _, s := range fa.starts {
		starts[s.call] = true
	}
	var stack []ast.Node
	ast.Inspect(fa.sc.Body, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		stack = append(stack, n)
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		obj, _ := info.Uses[id].(*types.Var)
		if obj == nil || len(stack) < 2 {
			return true
		}
		i := len(stack) - 2
		child := ast.Node(id)
		if u, ok := stack[i].(*ast.UnaryExpr); ok && u.Op == token.AND && i > 0 {
			child, i = u, i-1
		}
		switch p := stack[i].(type) {
		case *ast.CallExpr:
			if p.Fun != child && !starts[p] && !isAnyBuiltin(info, p) {
				fa.escapes[obj] = true
			}
		case *ast.ReturnStmt, *ast.CompositeLit, *ast.KeyValueExpr:
			fa.escapes[obj] = true
		case *ast.AssignStmt:
			for _, rhs := range p.Rhs {
				if rhs == child {
					fa.escapes[obj] = true
				}
			}
		case *ast.SendStmt:
			if p.Value == child {
				fa.escapes[obj] = true
			}
		}
		return true
	})
}

func isAnyBuiltin(info *types.Info, call *ast.CallExpr) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	_, ok = info.Uses[id].(*types.Builtin)
	return ok
}
