package handlererrors

import (
	"cmp"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/cfg"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/resetlint/resetlint/analyzers/internal/facts"
	"github.com/resetlint/resetlint/analyzers/internal/respflow"
)

// checkLoggedOnly reports the branches `if err != nil { log... }` that
// neither return, reply nor change control flow, after which the handler
// replies success: the client gets a success response for work that
// failed, or built from the zero values of a failed read. The error must
// come from reading the request or from outbound work (the statement
// that assigns err, right before the if or in its init).
func (c *checker) checkLoggedOnly(f *respflow.Func) {
	for _, then := range f.CFG.Blocks {
		ifs, ok := then.Stmt.(*ast.IfStmt)
		if then.Kind != cfg.KindIfThen || !ok || len(then.Succs) != 1 {
			continue // not an if, or its branch does not fall through
		}
		st, reached := f.In(then)
		if !reached || st.Committed() != facts.Never {
			continue // replies after a commit continue a reply already sent
		}
		v := c.errVarTested(ifs.Cond)
		if v == nil || !c.onlyLogs(f, ifs.Body, v) {
			continue
		}
		origin := c.origin(f, ifs, v)
		if origin == nil {
			continue
		}
		fn, _ := typeutil.Callee(c.pass.TypesInfo, origin).(*types.Func)
		w := c.classify(f.Scope, origin, fn)
		if !matters(w) {
			continue
		}
		reply := c.successAfter(f, then, v)
		if reply == nil {
			continue
		}
		c.rep.Report(analysis.Diagnostic{
			Pos: ifs.Pos(),
			End: ifs.Cond.End(),
			Message: fmt.Sprintf("the error of %s is only logged: the handler carries on and replies success with %s (line %d), so the client gets a success response built on work that failed instead of an error status",
				c.callName(w.fn), reply.Name, c.line(reply.Call.Pos())),
		})
	}
}

// errVarTested returns the error variable v of a condition `v != nil`.
func (c *checker) errVarTested(cond ast.Expr) *types.Var {
	bin, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	if !ok || bin.Op != token.NEQ {
		return nil
	}
	x, y := ast.Unparen(bin.X), ast.Unparen(bin.Y)
	if isNilIdent(x) {
		x, y = y, x
	}
	id, ok := x.(*ast.Ident)
	if !ok || !isNilIdent(y) {
		return nil
	}
	v, _ := c.pass.TypesInfo.Uses[id].(*types.Var)
	if v == nil || !isError(v.Type()) {
		return nil
	}
	return v
}

func isNilIdent(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == "nil"
}

// onlyLogs reports whether a branch consists of calls only, none of
// which acts on the response or hands the error to something that
// serves the request (gin's c.Error(err), a reportError(r, err) helper):
// those calls are logging.
func (c *checker) onlyLogs(f *respflow.Func, body *ast.BlockStmt, v *types.Var) bool {
	if len(body.List) == 0 {
		return false
	}
	for _, st := range body.List {
		es, ok := st.(*ast.ExprStmt)
		if !ok {
			return false
		}
		call, ok := ast.Unparen(es.X).(*ast.CallExpr)
		if !ok || c.flows.Call(call) != nil {
			return false
		}
		if c.handsErrorToRequest(f, call, v) || failsTest(c.pass.TypesInfo, call) {
			return false
		}
	}
	return true
}

// handsErrorToRequest reports whether call passes err along with, or to,
// a request value: the request or framework context may carry it to a
// middleware that replies.
func (c *checker) handsErrorToRequest(f *respflow.Func, call *ast.CallExpr, v *types.Var) bool {
	sc := f.Scope
	passesErr, passesReq := false, false
	if recv := receiverExpr(c.pass.TypesInfo, call); recv != nil && (sc.IsFrameworkContext(recv) || sc.IsRequest(recv) || sc.IsWriter(recv)) {
		passesReq = true
	}
	for _, arg := range call.Args {
		if id, ok := ast.Unparen(arg).(*ast.Ident); ok && c.pass.TypesInfo.Uses[id] == v {
			passesErr = true
		}
		if sc.IsFrameworkContext(arg) || sc.IsRequest(arg) || sc.IsWriter(arg) {
			passesReq = true
		}
	}
	return passesErr && passesReq
}

// failsTest reports a call of a testing method (t.Error, b.Fatal): in a
// test server, failing the test is how an error is handled.
func failsTest(info *types.Info, call *ast.CallExpr) bool {
	recv := receiverExpr(info, call)
	if recv == nil {
		return false
	}
	t := info.TypeOf(recv)
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "testing"
}

// origin returns the call whose error v holds: assigned in the if's
// init, or by the statement right before the if.
func (c *checker) origin(f *respflow.Func, ifs *ast.IfStmt, v *types.Var) *ast.CallExpr {
	if ifs.Init != nil {
		return c.assignedCall(ifs.Init, v)
	}
	if prev := c.before(ifs, f.Node); prev != nil {
		return c.assignedCall(prev, v)
	}
	return nil
}

// assignedCall returns the call that statement st assigns to v, or nil.
func (c *checker) assignedCall(st ast.Stmt, v *types.Var) *ast.CallExpr {
	info := c.pass.TypesInfo
	var lhs []ast.Expr
	var rhs ast.Expr
	switch st := st.(type) {
	case *ast.AssignStmt:
		if len(st.Rhs) != 1 {
			return nil
		}
		lhs, rhs = st.Lhs, st.Rhs[0]
	case *ast.DeclStmt:
		gd, ok := st.Decl.(*ast.GenDecl)
		if !ok || len(gd.Specs) != 1 {
			return nil
		}
		vs, ok := gd.Specs[0].(*ast.ValueSpec)
		if !ok || len(vs.Values) != 1 {
			return nil
		}
		for _, id := range vs.Names {
			lhs = append(lhs, id)
		}
		rhs = vs.Values[0]
	default:
		return nil
	}
	call, ok := ast.Unparen(rhs).(*ast.CallExpr)
	if !ok {
		return nil
	}
	for _, e := range lhs {
		if id, ok := ast.Unparen(e).(*ast.Ident); ok && info.ObjectOf(id) == v {
			return call
		}
	}
	return nil
}

// matters reports whether carrying on after the failure of call (of
// kind w) is the bug: the call read the request or did outbound work.
func matters(w work) bool { return w.kind != noWork }

// successAfter searches the paths that leave the logging branch then
// for the first reply on each; it returns one that replies success. If
// some path looks at the error again before its reply, the error is
// handled later (often under a condition correlated with it, such as
// `if p.Name == "" { fail(w, err) }`) and it returns nil.
func (c *checker) successAfter(f *respflow.Func, then *cfg.Block, v *types.Var) *respflow.Call {
	// The search's memory is reused from one branch to the next: seen
	// has a flag per block of f and value of alive.
	c.seen = slices.Grow(c.seen[:0], 2*len(f.CFG.Blocks))[:2*len(f.CFG.Blocks)]
	clear(c.seen)
	queue := append(c.queue[:0], searchItem{then.Succs[0], true})
	defer func() { c.queue = queue[:0] }()
	var found *respflow.Call
	for i := 0; i < len(queue); i++ {
		it := queue[i]
		k := 2 * int(it.b.Index)
		if it.alive {
			k++
		}
		if c.seen[k] {
			continue
		}
		c.seen[k] = true
		alive, ended := it.alive, false
	nodes:
		for _, node := range it.b.Nodes {
			if alive && c.reads(node, v) {
				return nil // the error is looked at again: handled later
			}
			// Most nodes make no call that acts on the response.
			if actsWithin(f, node) {
				for _, call := range respflow.Calls(node) {
					rc := c.flows.Call(call)
					if rc == nil || rc.Visible(rc.Commits) == facts.Never {
						continue
					}
					if c.success(rc) && found == nil {
						found = rc
					}
					ended = true // the first reply is an error reply
					break nodes
				}
			}
			if c.assigns(node, v) {
				alive = false
			}
		}
		if ended {
			continue
		}
		for _, succ := range it.b.Succs {
			queue = append(queue, searchItem{succ, alive})
		}
	}
	return found
}

// A searchItem is a block that successAfter reaches, and whether the
// variable it follows still holds the logged error there.
type searchItem struct {
	b     *cfg.Block
	alive bool
}

// actsWithin reports whether one of the calls of f that act on the
// response lies inside node.
func actsWithin(f *respflow.Func, node ast.Node) bool {
	i, _ := slices.BinarySearchFunc(f.Calls, node.Pos(), func(c *respflow.Call, pos token.Pos) int {
		return cmp.Compare(c.Call.Pos(), pos)
	})
	return i < len(f.Calls) && f.Calls[i].Call.Pos() < node.End()
}

// reads reports whether node uses v other than by assigning it.
func (c *checker) reads(node ast.Node, v *types.Var) bool {
	info := c.pass.TypesInfo
	var lhs []ast.Expr
	if as, ok := node.(*ast.AssignStmt); ok {
		lhs = as.Lhs
	}
	found := false
	ast.Inspect(node, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && info.Uses[id] == v &&
			!slices.ContainsFunc(lhs, func(e ast.Expr) bool { return ast.Unparen(e) == id }) {
			found = true
		}
		return !found
	})
	return found
}

// assigns reports whether node assigns v.
func (c *checker) assigns(node ast.Node, v *types.Var) bool {
	as, ok := node.(*ast.AssignStmt)
	if !ok {
		return false
	}
	for _, e := range as.Lhs {
		if id, ok := ast.Unparen(e).(*ast.Ident); ok && c.pass.TypesInfo.ObjectOf(id) == v {
			return true
		}
	}
	return false
}

// success reports whether a committing call replies with a success
// status: a body write (an implicit 200), a reply with a constant status
// below 400, a redirect or a served file. Error replies (http.Error,
// http.NotFound, a 4xx or 5xx status, a helper that sends one) and a
// status computed at run time, perhaps from the error, do not count.
func (c *checker) success(rc *respflow.Call) bool {
	if rc.Fails != facts.Never {
		return false
	}
	if rc.Visible(rc.Status) == facts.Never {
		return true // body only: net/http sends 200
	}
	code, isConst, present := respflow.StatusArg(c.pass.TypesInfo, rc.Call)
	if !present {
		return true // a reply with no status argument (c.File, http.ServeFile): 200
	}
	return isConst && code < 400
}
