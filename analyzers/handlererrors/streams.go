package handlererrors

import (
	"go/ast"
	"go/types"

	"github.com/resetlint/resetlint/analyzers/internal/scope"
)

// streams holds the local variables of a scope that carry the request's
// content or lead to the response: a decoder over the body, the bytes
// read from it, an uploaded file; an encoder or a buffered writer over
// the ResponseWriter, a hijacked connection. They are found
// flow-insensitively, like the scope's own aliases: a variable ever
// assigned such a value is one.
type streams struct {
	sc       *scope.Scope
	info     *types.Info
	request  map[*types.Var]bool
	response map[*types.Var]bool
}

// streamsOf computes the streams of sc once.
func (c *checker) streamsOf(sc *scope.Scope) *streams {
	if st, ok := c.streams[sc]; ok {
		return st
	}
	st := &streams{sc: sc, info: c.pass.TypesInfo, request: map[*types.Var]bool{}, response: map[*types.Var]bool{}}
	c.streams[sc] = st
	// The assignments of the body that may make a stream, in source
	// order, collected once for the rounds below.
	var pairs []assignment
	body, ok := c.cursorOf(sc.Body, sc.Func)
	if !ok {
		return st
	}
	vars := c.streamVars[:0] // the variables of all pairs
	defer func() { c.streamVars = vars[:0] }()
	add := func(rhs ast.Expr, lhs ...ast.Expr) {
		a := assignment{rhs: rhs, lo: len(vars)}
		for _, e := range lhs {
			if v, str, ok := st.candidate(e); ok {
				vars = append(vars, streamVar{v, str})
			}
		}
		if a.hi = len(vars); a.hi > a.lo {
			pairs = append(pairs, a)
		}
	}
	for cur := range body.Preorder((*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) {
				for i := range n.Lhs {
					add(n.Rhs[i], n.Lhs[i])
				}
			} else if len(n.Rhs) == 1 {
				add(n.Rhs[0], n.Lhs...)
			}
		case *ast.ValueSpec:
			if len(n.Names) == len(n.Values) {
				for i := range n.Names {
					add(n.Values[i], n.Names[i])
				}
			} else if len(n.Values) == 1 {
				lhs := make([]ast.Expr, len(n.Names))
				for i, id := range n.Names {
					lhs[i] = id
				}
				add(n.Values[0], lhs...)
			}
		}
	}
	// Chains are short (body -> reader -> decoder): a few rounds reach
	// the fixed point.
	for range 4 {
		changed := false
		for _, a := range pairs {
			// What is already known needs no test: the tests are pure.
			needReq, needResp := false, false
			for _, sv := range vars[a.lo:a.hi] {
				needReq = needReq || !st.request[sv.v]
				needResp = needResp || (!sv.str && !st.response[sv.v])
			}
			req := needReq && (st.fromRequest(a.rhs) || st.readsRequest(a.rhs))
			resp := needResp && st.fromResponse(a.rhs)
			for _, sv := range vars[a.lo:a.hi] {
				if req && !st.request[sv.v] {
					st.request[sv.v], changed = true, true
				}
				if resp && !sv.str && !st.response[sv.v] {
					st.response[sv.v], changed = true, true
				}
			}
		}
		if !changed {
			break
		}
	}
	return st
}

// An assignment of rhs to variables that may be streams (one, or some
// of those of a tuple): vars[lo:hi] of streamsOf.
type assignment struct {
	rhs    ast.Expr
	lo, hi int
}

// A streamVar is a variable that may be a stream; str says it is a
// string, which may carry the request's content but never leads to the
// response.
type streamVar struct {
	v   *types.Var
	str bool
}

// candidate returns the variable that the left-hand side e assigns if it
// may be a stream, and whether it is a string.
func (st *streams) candidate(e ast.Expr) (v *types.Var, str, ok bool) {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return nil, false, false
	}
	v, _ = st.info.ObjectOf(id).(*types.Var)
	if v == nil || isError(v.Type()) {
		return nil, false, false
	}
	// Counts and flags computed from a stream are not content: `ok :=
	// check(w, r)` does not lead to w.
	basic, _ := v.Type().Underlying().(*types.Basic)
	if basic != nil && basic.Info()&types.IsString == 0 {
		return nil, false, false
	}
	return v, basic != nil, true
}

// fromRequest reports whether e carries the request's content: the
// body, a stream variable, or a value built from one (a call that is
// handed one, a slice or conversion of one).
func (st *streams) fromRequest(e ast.Expr) bool {
	return st.derived(e, func(e ast.Expr) bool {
		if st.sc.IsRequestBody(e) {
			return true
		}
		v := st.varOf(e)
		return v != nil && st.request[v]
	})
}

// readsRequest reports whether e is a call that reads the request
// through the handler's request or framework context and yields part of
// its content: r.FormFile, r.MultipartReader, c.GetRawData.
func (st *streams) readsRequest(e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || !(st.sc.IsRequest(sel.X) || st.sc.IsFrameworkContext(sel.X)) {
		return false
	}
	tup, ok := st.info.TypeOf(call).(*types.Tuple)
	return ok && tup.Len() > 1 && isError(tup.At(tup.Len()-1).Type())
}

// fromResponse reports whether e leads to the response: the writer, a
// writer variable built on it, or a call that is handed one
// (json.NewEncoder(w), http.NewResponseController(w), w.(http.Hijacker)).
func (st *streams) fromResponse(e ast.Expr) bool {
	return st.derived(e, func(e ast.Expr) bool {
		if st.sc.IsWriter(e) {
			return true
		}
		v := st.varOf(e)
		return v != nil && st.response[v]
	})
}

// derived reports whether e is a base value (base(e)) or built from one
// by calls, conversions, slicing, type assertions or taking the address.
func (st *streams) derived(e ast.Expr, base func(ast.Expr) bool) bool {
	e = ast.Unparen(e)
	if base(e) {
		return true
	}
	switch e := e.(type) {
	case *ast.CallExpr:
		if sel, ok := ast.Unparen(e.Fun).(*ast.SelectorExpr); ok {
			if s, ok := st.info.Selections[sel]; ok && s.Kind() == types.MethodVal && st.derived(sel.X, base) {
				return true
			}
		}
		for _, arg := range e.Args {
			if st.derived(arg, base) {
				return true
			}
		}
	case *ast.SliceExpr:
		return st.derived(e.X, base)
	case *ast.TypeAssertExpr:
		return st.derived(e.X, base)
	case *ast.UnaryExpr:
		return st.derived(e.X, base)
	case *ast.StarExpr:
		return st.derived(e.X, base)
	}
	return false
}

func (st *streams) varOf(e ast.Expr) *types.Var {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return nil
	}
	v, _ := st.info.ObjectOf(id).(*types.Var)
	return v
}
