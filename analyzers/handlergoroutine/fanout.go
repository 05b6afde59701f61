package handlergoroutine

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/resetlint/resetlint/analyzers/internal/scope"
)

// reportFanOut reports goroutines started once per element of request
// data (a loop over something decoded from the body, the query or the
// form) with no visible bound on how many run at once.
func (fa *funcAnalysis) reportFanOut() {
	for _, s := range fa.starts {
		for i := len(s.loops) - 1; i >= 0; i-- {
			loop := s.loops[i]
			data := fa.requestData(loop)
			if data == nil || fa.bounded(s, loop, data) {
				continue
			}
			fa.rep.Reportf(s.node.Pos(),
				"goroutine started for each element of %s, which comes from the request, with no bound on how many run: one request can start unbounded goroutines and exhaust memory or the services they call",
				shortExpr(data))
			break
		}
	}
}

// requestData returns the request-derived expression a loop iterates
// over (the ranged expression, or the operand a for condition compares
// against), or nil.
func (fa *funcAnalysis) requestData(loop ast.Stmt) ast.Expr {
	switch loop := loop.(type) {
	case *ast.RangeStmt:
		if fa.isTainted(loop.X) {
			return loop.X
		}
	case *ast.ForStmt:
		if loop.Cond == nil || !fa.isTainted(loop.Cond) {
			return nil
		}
		// for i := 0; i < len(req.Items); i++, for i := 0; i < n; i++
		if b, ok := ast.Unparen(loop.Cond).(*ast.BinaryExpr); ok {
			for _, side := range []ast.Expr{b.Y, b.X} {
				if fa.isTainted(side) {
					if arg := lenArg(fa.pass.TypesInfo, side); arg != nil {
						return arg
					}
					return side
				}
			}
		}
		return loop.Cond
	}
	return nil
}

// isTainted reports whether e carries request data: the request, its
// body or framework context, or a variable that holds data from them.
// The request context is not data, and the result of a call that takes a
// context first (a database query, an RPC) is data from elsewhere.
func (fa *funcAnalysis) isTainted(e ast.Expr) bool {
	if fa.tainted == nil {
		fa.computeTaint()
	}
	return fa.taintedExpr(e)
}

func (fa *funcAnalysis) taintedExpr(e ast.Expr) bool {
	sc, info := fa.sc, fa.pass.TypesInfo
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if found {
			return false
		}
		x, ok := n.(ast.Expr)
		if !ok {
			return true
		}
		if _, ok := x.(*ast.FuncLit); ok {
			return false
		}
		if sc.ContextKind(x) != scope.NotRequestContext {
			return false
		}
		if call, ok := x.(*ast.CallExpr); ok && fa.takesContextFirst(call) {
			return false
		}
		switch {
		case sc.IsRequest(x), sc.IsRequestBody(x), sc.IsFrameworkContext(x):
			found = true
		case fa.tainted[objectOf(info, x)]:
			found = true
		}
		return !found
	})
	return found
}

// takesContextFirst reports whether call's callee takes a context.Context
// as its first parameter. The fixed point of computeTaint asks again for
// the same calls, and a lookup in the package's type information costs
// more than one in a map of the function's calls.
func (fa *funcAnalysis) takesContextFirst(call *ast.CallExpr) bool {
	if v, ok := fa.ctxFirst[call]; ok {
		return v
	}
	sig, ok := types.Unalias(fa.pass.TypesInfo.TypeOf(call.Fun)).(*types.Signature)
	v := ok && sig.Params().Len() > 0 && scope.IsContext(sig.Params().At(0).Type())
	if fa.ctxFirst == nil {
		fa.ctxFirst = make(map[*ast.CallExpr]bool)
	}
	fa.ctxFirst[call] = v
	return v
}

// computeTaint finds the local variables that hold request data:
// assigned from it, ranging over it, or filled from it through a pointer
// (json.NewDecoder(r.Body).Decode(&req), c.ShouldBindJSON(&req),
// json.Unmarshal(data, &req)). Flow-insensitive, to a fixed point.
func (fa *funcAnalysis) computeTaint() {
	fa.tainted = make(map[types.Object]bool)
	info := fa.pass.TypesInfo
	mark := func(e ast.Expr, changed *bool) {
		if obj := objectOf(info, e); obj != nil && !fa.tainted[obj] {
			if v, ok := obj.(*types.Var); ok && !v.IsField() {
				fa.tainted[obj] = true
				*changed = true
			}
		}
	}
	// The nodes that can taint a variable, in walk order: each round of
	// the fixed point visits them instead of the whole body.
	var nodes []ast.Node
	ast.Inspect(fa.sc.Body, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.AssignStmt, *ast.ValueSpec, *ast.RangeStmt, *ast.CallExpr:
			nodes = append(nodes, n)
		}
		return true
	})
	for range 6 {
		changed := false
		for _, n := range nodes {
			switch n := n.(type) {
			case *ast.AssignStmt:
				if len(n.Lhs) == len(n.Rhs) {
					for i := range n.Lhs {
						if fa.taintedExpr(n.Rhs[i]) {
							mark(n.Lhs[i], &changed)
						}
					}
				} else if len(n.Rhs) == 1 && fa.taintedExpr(n.Rhs[0]) {
					for _, lhs := range n.Lhs {
						mark(lhs, &changed)
					}
				}
			case *ast.ValueSpec:
				for i, name := range n.Names {
					if (len(n.Values) == len(n.Names) && fa.taintedExpr(n.Values[i])) ||
						(len(n.Values) == 1 && len(n.Names) > 1 && fa.taintedExpr(n.Values[0])) {
						mark(name, &changed)
					}
				}
			case *ast.RangeStmt:
				if fa.taintedExpr(n.X) {
					for _, kv := range []ast.Expr{n.Key, n.Value} {
						if kv != nil {
							mark(kv, &changed)
						}
					}
				}
			case *ast.CallExpr:
				fa.taintOutParams(n, mark, &changed)
			}
		}
		if !changed {
			return
		}
	}
}

// taintOutParams marks v in a call like dec.Decode(&v) whose receiver or
// another argument carries request data.
func (fa *funcAnalysis) taintOutParams(call *ast.CallExpr, mark func(ast.Expr, *bool), changed *bool) {
	// Only a &v argument can be marked: most calls have none, and need
	// no lookup.
	if !slices.ContainsFunc(call.Args, isAddressOf) || fa.takesContextFirst(call) {
		return
	}
	source := false
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && fa.pass.TypesInfo.Selections[sel] != nil {
		source = fa.taintedExpr(sel.X)
	}
	var outs []ast.Expr
	for _, arg := range call.Args {
		if isAddressOf(arg) {
			outs = append(outs, ast.Unparen(arg).(*ast.UnaryExpr).X)
			continue
		}
		source = source || fa.taintedExpr(arg)
	}
	if source {
		for _, out := range outs {
			mark(out, changed)
		}
	}
}

// isAddressOf reports whether e is &x.
func isAddressOf(e ast.Expr) bool {
	u, ok := ast.Unparen(e).(*ast.UnaryExpr)
	return ok && u.Op == token.AND
}

// bounded reports whether the goroutines a start launches in loop over
// data have a visible bound: errgroup.SetLimit on its group, a
// semaphore (a send on a channel in the loop before the start, or an
// acquire/release pair inside the goroutine, or an Acquire call), or a
// check of the data's size (a comparison of len(data) or of the loop's
// counter that leaves the loop or the function).
func (fa *funcAnalysis) bounded(s *start, loop ast.Stmt, data ast.Expr) bool {
	info := fa.pass.TypesInfo
	if s.errgroup && s.group != nil && fa.setsLimit(s.group) {
		return true
	}
	var body *ast.BlockStmt
	switch loop := loop.(type) {
	case *ast.RangeStmt:
		body = loop.Body
	case *ast.ForStmt:
		body = loop.Body
	}
	if fa.hasSemaphore(body, s) {
		return true
	}
	if lit, ok := ast.Unparen(s.fn).(*ast.FuncLit); ok && fa.acquiresAndReleases(lit) {
		return true
	}
	return fa.sizeChecked(data, loop, body, info)
}

// setsLimit reports whether the scope calls SetLimit on errgroup group.
func (fa *funcAnalysis) setsLimit(group types.Object) bool {
	info := fa.pass.TypesInfo
	found := false
	ast.Inspect(fa.sc.Body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || found {
			return !found
		}
		if fn := calleeMethod(info, call); scope.IsMethod(fn, errgroupPath, "Group", "SetLimit") {
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && objectOf(info, sel.X) == group {
				found = true
			}
		}
		return true
	})
	return found
}

// hasSemaphore reports whether the loop body, outside the goroutine,
// sends on a channel (sem <- struct{}{}) or calls an Acquire method
// (semaphore.Weighted) before starting it.
func (fa *funcAnalysis) hasSemaphore(body *ast.BlockStmt, s *start) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found || n == nil || n.Pos() >= s.node.Pos() {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.SendStmt:
			found = true
		case *ast.CallExpr:
			if fn := calleeMethod(fa.pass.TypesInfo, n); fn != nil && fn.Name() == "Acquire" {
				found = true
			}
		}
		return !found
	})
	return found
}

// acquiresAndReleases reports whether a goroutine literal sends on and
// receives from the same channel (a semaphore taken inside), or calls an
// Acquire method.
func (fa *funcAnalysis) acquiresAndReleases(lit *ast.FuncLit) bool {
	info := fa.pass.TypesInfo
	sends := map[types.Object]bool{}
	recvs := map[types.Object]bool{}
	acquire := false
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SendStmt:
			sends[objectOf(info, n.Chan)] = true
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				recvs[objectOf(info, n.X)] = true
			}
		case *ast.CallExpr:
			if fn := calleeMethod(info, n); fn != nil && fn.Name() == "Acquire" {
				acquire = true
			}
		}
		return true
	})
	for obj := range sends {
		if obj != nil && recvs[obj] {
			return true
		}
	}
	return acquire
}

// sizeChecked reports whether the size of the data is checked: a
// comparison of len(data) (or of data itself, for a count) anywhere in
// the function, data re-sliced to a bound (ids = ids[:max]), or a
// comparison inside the loop that breaks out of it or returns.
func (fa *funcAnalysis) sizeChecked(data ast.Expr, loop ast.Stmt, body *ast.BlockStmt, info *types.Info) bool {
	key := types.ExprString(data)
	if arg := lenArg(info, data); arg != nil {
		key = types.ExprString(arg)
	}
	var cond ast.Expr // the loop's own condition compares, but bounds nothing
	if f, ok := loop.(*ast.ForStmt); ok {
		cond = f.Cond
	}
	found := false
	ast.Inspect(fa.sc.Body, func(n ast.Node) bool {
		if found || (n == cond && n != nil) {
			return false
		}
		switch n := n.(type) {
		case *ast.BinaryExpr:
			if isRelational(n.Op) {
				for _, side := range []ast.Expr{n.X, n.Y} {
					if types.ExprString(side) == key {
						found = true
					}
					if arg := lenArg(info, side); arg != nil && types.ExprString(arg) == key {
						found = true
					}
				}
			}
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				if i < len(n.Rhs) && types.ExprString(lhs) == key {
					if sl, ok := ast.Unparen(n.Rhs[i]).(*ast.SliceExpr); ok && sl.High != nil {
						found = true
					}
				}
			}
		}
		return !found
	})
	if found {
		return true
	}
	// if i >= max { break }, if n > limit { return }
	ast.Inspect(body, func(n ast.Node) bool {
		if found {
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		ifs, ok := n.(*ast.IfStmt)
		if !ok {
			return true
		}
		if b, ok := ast.Unparen(ifs.Cond).(*ast.BinaryExpr); ok && isRelational(b.Op) && leaves(ifs.Body) {
			found = true
		}
		return !found
	})
	return found
}

// lenArg returns x for an expression len(x), else nil.
func lenArg(info *types.Info, e ast.Expr) ast.Expr {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return nil
	}
	if b, ok := typeutil.Callee(info, call).(*types.Builtin); ok && b.Name() == "len" {
		return call.Args[0]
	}
	return nil
}

func isRelational(op token.Token) bool {
	return op == token.LSS || op == token.LEQ || op == token.GTR || op == token.GEQ
}

// leaves reports whether a block ends by breaking out or returning.
func leaves(b *ast.BlockStmt) bool {
	if len(b.List) == 0 {
		return false
	}
	switch last := b.List[len(b.List)-1].(type) {
	case *ast.ReturnStmt:
		return true
	case *ast.BranchStmt:
		return last.Tok == token.BREAK || last.Tok == token.GOTO
	}
	return false
}

// shortExpr renders an expression for a message, abbreviated if long.
func shortExpr(e ast.Expr) string {
	s := types.ExprString(e)
	if len(s) > 40 {
		return s[:37] + "..."
	}
	return s
}
