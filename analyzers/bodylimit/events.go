package bodylimit

import (
	"cmp"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"sort"

	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/resetlint/resetlint/analyzers/internal/facts"
	"github.com/resetlint/resetlint/analyzers/internal/scope"
)

// events are the nodes, sorted by position, at the places in a scope's body
// (nested literals included) that can change the dataflow's state: the
// calls that may read the body or bound it, whatever the summaries turn
// out to be, and the assignments to the request's body. A scope without
// events neither reads nor bounds its body, so the dataflow skips it; in
// the others, a CFG node that contains no event leaves the state as it is.
type events []event

// An event is a call or an assignment, with the innermost function
// (declaration or literal) around it.
type event struct {
	node ast.Node
	fn   ast.Node
}

// within reports whether an event lies in [lo, hi).
func (ev events) within(lo, hi token.Pos) bool {
	i, j := ev.span(lo, hi)
	return i < j
}

// span returns the indexes [i, j) of the events that lie in [lo, hi).
func (ev events) span(lo, hi token.Pos) (i, j int) {
	i = sort.Search(len(ev), func(i int) bool { return ev[i].node.Pos() >= lo })
	j = i
	for j < len(ev) && ev[j].node.Pos() < hi {
		j++
	}
	return i, j
}

// scan walks the package once, after the reader helpers are indexed, and
// collects what the later steps need: the values assigned to variables
// (c.assigns), each scope's events, the functions of the package called
// directly (findCalledOnly), the calls and composite literals that may
// seed the wiring (anySeed), and the first results of each declaration's
// return statements (findMiddleware).
func (c *checker) scan() {
	c.assigns = make(map[*types.Var][]ast.Expr)
	c.events = make(map[*scope.Scope]events)
	c.called = make(map[*types.Func]bool)
	c.returns = make(map[*ast.FuncDecl][]ast.Expr)
	info := c.pass.TypesInfo
	kinds := []ast.Node{
		(*ast.FuncDecl)(nil), (*ast.FuncLit)(nil),
		(*ast.CallExpr)(nil), (*ast.AssignStmt)(nil), (*ast.CompositeLit)(nil), (*ast.ReturnStmt)(nil),
		(*ast.ValueSpec)(nil), (*ast.RangeStmt)(nil),
	}
	// A call through a variable (or a generic or computed function) is
	// an event depending on the variable's assignments (funcVarCallee):
	// it is decided once they are all indexed.
	type pendingCall struct {
		sc   *scope.Scope
		call *ast.CallExpr
		id   *ast.Ident
		obj  types.Object
		fn   ast.Node
	}
	var pending []pendingCall
	// The functions around the current node, innermost last, with their
	// scopes (nil if none).
	type open struct {
		cur inspector.Cursor
		fn  ast.Node
		sc  *scope.Scope
	}
	var funcs []open
	for cur := range c.ins.Root().Preorder(kinds...) {
		n := cur.Node()
		for len(funcs) > 0 && !funcs[len(funcs)-1].cur.Contains(cur) {
			funcs = funcs[:len(funcs)-1]
		}
		// The innermost scope: a literal that is not a scope of its own
		// is analysed with the scope around it.
		var sc *scope.Scope
		for i := len(funcs) - 1; i >= 0 && sc == nil; i-- {
			sc = funcs[i].sc
		}
		switch n := n.(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			funcs = append(funcs, open{cur, n, c.scopes.Of(n)})
		case *ast.CallExpr:
			id, obj := calleeIdent(info, n)
			var callee calleeInfo
			if fn, ok := obj.(*types.Func); ok {
				if callee = c.calleeOf(fn); callee.kind&calleeLocal != 0 {
					c.called[fn.Origin()] = true
				}
			}
			if _, isVar := obj.(*types.Var); sc != nil && (isVar || id == nil) {
				pending = append(pending, pendingCall{sc, n, id, obj, funcs[len(funcs)-1].fn})
			} else if sc != nil && c.mayMatter(sc, n, id, obj, callee.kind) {
				c.events[sc] = append(c.events[sc], event{n, funcs[len(funcs)-1].fn})
			}
			if c.maySeed(n, id, obj, callee.shape) {
				c.seedCalls = append(c.seedCalls, cur)
			}
		case *ast.AssignStmt:
			c.indexAssign(n)
			if sc != nil && slices.ContainsFunc(n.Lhs, sc.IsRequestBody) {
				c.events[sc] = append(c.events[sc], event{n, funcs[len(funcs)-1].fn})
			}
		case *ast.ValueSpec, *ast.RangeStmt:
			c.indexAssign(n)
		case *ast.CompositeLit:
			// Its type is no function type: it is a handler (and a
			// bounding one) only through a ServeHTTP method.
			if serveHTTPOf(info.TypeOf(n)) != nil {
				c.seedLits = append(c.seedLits, n)
			}
		case *ast.ReturnStmt:
			if len(funcs) > 0 && len(n.Results) > 0 {
				if decl, ok := funcs[len(funcs)-1].fn.(*ast.FuncDecl); ok {
					c.returns[decl] = append(c.returns[decl], n.Results[0])
				}
			}
		}
	}
	for _, p := range pending {
		if c.mayMatter(p.sc, p.call, p.id, p.obj, 0) {
			c.events[p.sc] = append(c.events[p.sc], event{p.call, p.fn})
		}
	}
	// Preorder is in source order but for odd trees (a call in a
	// receiver's type): sort to be sure.
	for _, ev := range c.events {
		slices.SortStableFunc(ev, func(x, y event) int { return cmp.Compare(x.node.Pos(), y.node.Pos()) })
	}
}

// calleeIdent returns the identifier a call's function is, parentheses
// aside, or the Sel of the selector it is, and the object it uses; nil
// for any other function expression.
func calleeIdent(info *types.Info, call *ast.CallExpr) (*ast.Ident, types.Object) {
	var id *ast.Ident
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		id = fun
	case *ast.SelectorExpr:
		id = fun.Sel
	default:
		return nil, nil
	}
	return id, info.Uses[id]
}

// mayMatter reports whether call, in scope sc, may be a read (classify)
// or bound the body (boundsBody) under some summaries. id and obj are
// the call's calleeIdent, kind the calleeKindOf obj if a function.
func (c *checker) mayMatter(sc *scope.Scope, call *ast.CallExpr, id *ast.Ident, obj types.Object, kind calleeKind) bool {
	info := c.pass.TypesInfo
	if id == nil {
		obj = typeutil.Callee(info, call) // f[T](...)
	}
	switch obj := obj.(type) {
	case *types.Func:
		if id == nil {
			kind = c.calleeKindOf(obj.Origin())
		}
	case *types.Var:
		// A function variable (funcVarCallee).
		if fn := c.funcVarCallee(call); fn != nil {
			kind = c.calleeKindOf(fn) & calleeSummary
		}
	}
	if kind&calleeReads != 0 {
		return true
	}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && hasFrameworkContext(sc) && frameworkReads[sel.Sel.Name] && sc.IsFrameworkContext(sel.X) {
		return true
	}
	// A helper handed the request (helperCall).
	if kind&calleeSummary == 0 {
		return false
	}
	for _, arg := range call.Args {
		if sc.IsRequest(arg) || sc.IsFrameworkContext(arg) {
			return true
		}
	}
	return false
}

// frameworkReads holds the names of frameworkRead's methods.
var frameworkReads = func() map[string]bool {
	m := make(map[string]bool)
	for _, names := range []map[string]bool{ginReads, ginMultipart, echoReads, echoMultipart} {
		for name := range names {
			m[name] = true
		}
	}
	return m
}()

// hasFrameworkContext reports whether sc or a scope around it has a
// framework context: without one, nothing is one.
func hasFrameworkContext(sc *scope.Scope) bool {
	for s := sc; s != nil; s = s.Parent {
		if s.Context != nil {
			return true
		}
	}
	return false
}

// calleeKind says what a callee may be to the dataflow.
type calleeKind uint8

const (
	calleeReads   calleeKind = 1 << iota // classify may take a call of it for a read
	calleeSummary                        // it may have a body summary
	calleeLocal                          // it is declared in the package
)

// calleeInfo is what scan needs of a function a call uses: its kind
// (of its origin) and the shape of its signature.
type calleeInfo struct {
	kind  calleeKind
	shape sigShape
}

// calleeOf returns the calleeInfo of fn, memoized: scan asks for every
// call, with one lookup.
func (c *checker) calleeOf(fn *types.Func) calleeInfo {
	if ci, ok := c.callees[fn]; ok {
		return ci
	}
	ci := calleeInfo{kind: c.calleeKindOf(fn.Origin()), shape: funcShape(fn)}
	c.callees[fn] = ci
	return ci
}

// calleeKindOf classifies fn (an origin), memoized: a read when it is one
// of the functions classify knows or a reader helper; a summary when it
// is a function of the package or has a Body fact.
func (c *checker) calleeKindOf(fn *types.Func) calleeKind {
	if k, ok := c.calleeKinds[fn]; ok {
		return k
	}
	var k calleeKind
	if fn.Pkg() != nil && (scope.IsPkgFunc(fn, "io", "ReadAll") || scope.IsPkgFunc(fn, "io/ioutil", "ReadAll") ||
		fn.Name() == "NewDecoder" ||
		scope.IsPkgFunc(fn, "bufio", "NewScanner") || scope.IsPkgFunc(fn, "encoding/csv", "NewReader") ||
		scope.IsPkgFunc(fn, "io", "Copy") || scope.IsPkgFunc(fn, "io", "CopyBuffer") ||
		scope.IsMethod(fn, "bufio", "Reader", "ReadString") || scope.IsMethod(fn, "bufio", "Reader", "ReadBytes") ||
		scope.IsMethod(fn, "mime/multipart", "Reader", "ReadForm") ||
		scope.IsPkgFunc(fn, "net/http/httputil", "DumpRequest") ||
		(fn.Pkg().Path() == scope.NetHTTPPath && (fn.Name() == "ParseMultipartForm" || fn.Name() == "FormFile")) ||
		len(c.readerParams[fn]) > 0) {
		k |= calleeReads
	}
	if c.declOf[fn] != nil {
		k |= calleeSummary | calleeLocal
	} else if c.importedSummary(fn) != nil {
		k |= calleeSummary
	}
	c.calleeKinds[fn] = k
	return k
}

// importedSummary returns the Body fact of fn, a function of another
// package, or nil; memoized by function.
func (c *checker) importedSummary(fn *types.Func) *facts.Body {
	if fn.Pkg() == nil || fn.Pkg() == c.pass.Pkg {
		return nil
	}
	fn = fn.Origin()
	if f, ok := c.imported[fn]; ok {
		return f
	}
	var f *facts.Body
	if fact := new(facts.Body); c.pass.ImportObjectFact(fn, fact) {
		f = fact
	}
	c.imported[fn] = f
	return f
}

// mayRead reports whether replaying sc could pass a read to onRead or
// classify a helper's read (which computes the helper's read kind): some
// call among its events classifies as a read, whatever the state. It
// changes nothing.
func (c *checker) mayRead(sc *scope.Scope) bool {
	if len(c.events[sc]) == 0 {
		return false
	}
	w := c.walker(sc, nil)
	w.probe = true
	for _, ev := range c.events[sc] {
		if call, ok := ev.node.(*ast.CallExpr); ok {
			if _, ok := w.classify(call); ok {
				return true
			}
		}
	}
	return false
}
