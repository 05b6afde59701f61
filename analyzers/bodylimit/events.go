package bodylimit

import (
	"cmp"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"sort"

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
// The nodes are calls and assignments.
type events []ast.Node

// within reports whether an event lies in [lo, hi).
func (ev events) within(lo, hi token.Pos) bool {
	i := sort.Search(len(ev), func(i int) bool { return ev[i].Pos() >= lo })
	return i < len(ev) && ev[i].Pos() < hi
}

// collectEvents finds the events of every scope. It runs after the
// reader helpers are known; summaries are not needed: a call handing
// the request to any function that may have one counts.
func (c *checker) collectEvents() {
	c.events = make(map[*scope.Scope]events, len(c.scopes.List))
	kinds := []ast.Node{(*ast.CallExpr)(nil), (*ast.AssignStmt)(nil)}
	for cur := range c.ins.Root().Preorder((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		sc := c.scopes.Of(cur.Node())
		if sc == nil {
			continue
		}
		var ev events
		for n := range cur.Preorder(kinds...) {
			switch n := n.Node().(type) {
			case *ast.CallExpr:
				if c.mayMatter(sc, n) {
					ev = append(ev, n)
				}
			case *ast.AssignStmt:
				if slices.ContainsFunc(n.Lhs, sc.IsRequestBody) {
					ev = append(ev, n)
				}
			}
		}
		// Preorder is in source order but for odd trees (a call in a
		// receiver's type): sort to be sure.
		slices.SortStableFunc(ev, func(x, y ast.Node) int { return cmp.Compare(x.Pos(), y.Pos()) })
		c.events[sc] = ev
	}
}

// mayMatter reports whether call, in scope sc, may be a read (classify)
// or bound the body (boundsBody) under some summaries.
func (c *checker) mayMatter(sc *scope.Scope, call *ast.CallExpr) bool {
	info := c.pass.TypesInfo
	if fn, _ := typeutil.Callee(info, call).(*types.Func); fn != nil && c.isReadFunc(fn) {
		return true
	}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		name := sel.Sel.Name
		if (ginReads[name] || ginMultipart[name] || echoReads[name] || echoMultipart[name]) && sc.IsFrameworkContext(sel.X) {
			return true
		}
	}
	// A helper handed the request (helperCall).
	fn := staticCallee(info, call)
	if fn == nil {
		fn = c.funcVarCallee(call)
	}
	if fn == nil || (c.declOf[fn] == nil && c.importedSummary(fn) == nil) {
		return false
	}
	for _, arg := range call.Args {
		if sc.IsRequest(arg) || sc.IsFrameworkContext(arg) {
			return true
		}
	}
	return false
}

// isReadFunc reports whether classify may take a call of fn for a read:
// fn is one of the functions it knows, or a reader helper. It is
// memoized by function.
func (c *checker) isReadFunc(fn *types.Func) bool {
	if r, ok := c.readFuncs[fn]; ok {
		return r
	}
	r := fn.Pkg() != nil && (scope.IsPkgFunc(fn, "io", "ReadAll") || scope.IsPkgFunc(fn, "io/ioutil", "ReadAll") ||
		fn.Name() == "NewDecoder" ||
		scope.IsPkgFunc(fn, "bufio", "NewScanner") || scope.IsPkgFunc(fn, "encoding/csv", "NewReader") ||
		scope.IsPkgFunc(fn, "io", "Copy") || scope.IsPkgFunc(fn, "io", "CopyBuffer") ||
		scope.IsMethod(fn, "bufio", "Reader", "ReadString") || scope.IsMethod(fn, "bufio", "Reader", "ReadBytes") ||
		scope.IsMethod(fn, "mime/multipart", "Reader", "ReadForm") ||
		scope.IsPkgFunc(fn, "net/http/httputil", "DumpRequest") ||
		(fn.Pkg().Path() == scope.NetHTTPPath && (fn.Name() == "ParseMultipartForm" || fn.Name() == "FormFile")) ||
		len(c.readerParams[fn.Origin()]) > 0)
	c.readFuncs[fn] = r
	return r
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
	for _, n := range c.events[sc] {
		if call, ok := n.(*ast.CallExpr); ok {
			if _, ok := w.classify(call); ok {
				return true
			}
		}
	}
	return false
}
