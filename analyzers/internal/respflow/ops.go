package respflow

import (
	"go/ast"
	"go/constant"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/resetlint/resetlint/analyzers/internal/facts"
	"github.com/resetlint/resetlint/analyzers/internal/respwriter"
	"github.com/resetlint/resetlint/analyzers/internal/scope"
)

// An Op is what one call does to the response of the function it is
// in: directly (w.WriteHeader, http.Error, c.JSON) or through a helper
// whose summary is known (a function of this or another package, or a
// closure bound to a local variable).
type Op struct {
	// Name is how the call reads in a message: "http.Error",
	// "w.WriteHeader", "writeError", "respond.Fail".
	Name string
	// Direct is the classification of a call that acts on the response
	// itself; its Kind is None for a helper call.
	Direct respwriter.Op
	// Helper is the called function when the effects come from its
	// summary; nil for direct calls and closures.
	Helper *types.Func

	Commits, Status, Fails, Terminal, Body, Header facts.Effect

	// Signals: the helper returns values, through which it tells its
	// caller which of its conditional (Maybe) effects happened. The
	// flow counts those for summaries but not for reports.
	Signals bool
}

// IsHelper reports whether the effects come from a helper's summary.
func (op Op) IsHelper() bool { return op.Direct.Kind == respwriter.None }

// acts reports whether the call does anything to the response.
func (op Op) acts() bool {
	return op.Commits|op.Status|op.Fails|op.Terminal|op.Body|op.Header != facts.Never
}

// bits returns the effects that happen on every path through the call
// and those that happen on some.
func (op Op) bits() (always, maybe effect) {
	for _, p := range []struct {
		e   facts.Effect
		bit effect
	}{{op.Commits, commits}, {op.Status, status}, {op.Fails, fails}, {op.Terminal, terminal}, {op.Body, body}, {op.Header, header}} {
		switch p.e {
		case facts.Always:
			always |= p.bit
		case facts.Maybe:
			maybe |= p.bit
		}
	}
	return always, maybe
}

// Visible returns e as the flow uses it for reports: a conditional
// effect of a helper that signals it through its results counts as
// Never.
func (op Op) Visible(e facts.Effect) facts.Effect {
	if op.Signals && e == facts.Maybe {
		return facts.Never
	}
	return e
}

// directOp turns the classification of a call on the response into
// effects.
func directOp(info *types.Info, call *ast.CallExpr, d respwriter.Op) Op {
	op := Op{Name: d.Name, Direct: d}
	switch d.Kind {
	case respwriter.Status:
		if informational(info, call) {
			return op // a 1xx status leaves the response open
		}
		op.Status, op.Commits = facts.Always, facts.Always
		if failingReply(info, call, d) {
			op.Fails = facts.Always
		}
		if lazyStatus(info, call) {
			op.Commits = facts.Never
		}
	case respwriter.Body:
		op.Commits, op.Body = facts.Always, facts.Always
	case respwriter.Flush:
		op.Commits = facts.Always
	case respwriter.Header:
		op.Header = facts.Always
	case respwriter.Reply:
		if failingReply(info, call, d) {
			op.Fails = facts.Always
		}
		// A reply sends a status and a whole body (an error page, a JSON
		// document, a file): bytes written after it are garbage appended
		// to it, whether or not the framework calls it terminal.
		op.Commits, op.Status, op.Body, op.Terminal = facts.Always, facts.Always, facts.Always, facts.Always
	}
	return op
}

// informational reports whether call sends a constant 1xx status other
// than 101 Switching Protocols: w.WriteHeader(http.StatusEarlyHints)
// sends an interim response, and the handler goes on to set headers and
// send the final status.
func informational(info *types.Info, call *ast.CallExpr) bool {
	code, isConst, _ := StatusArg(info, call)
	return len(call.Args) == 1 && isConst && code >= 100 && code < 200 && code != 101
}

// failingReply reports whether a status or reply sends an error status:
// http.Error and http.NotFound, or a constant status argument of 400 or
// more (the first integer argument: w.WriteHeader(500), c.JSON(404, v),
// http.Redirect's code).
func failingReply(info *types.Info, call *ast.CallExpr, d respwriter.Op) bool {
	switch d.Name {
	case "http.Error", "http.NotFound":
		return true
	}
	code, isConst, _ := StatusArg(info, call)
	return isConst && code >= 400
}

// StatusArg returns the first integer argument of call, the status of
// w.WriteHeader(500), c.JSON(404, v), writeJSON(w, http.StatusOK, v):
// its value and isConst when it is a constant; present says whether there
// is an integer argument at all (false: the call sends no status of its
// own choice, or an implicit one).
func StatusArg(info *types.Info, call *ast.CallExpr) (code int64, isConst, present bool) {
	for _, arg := range call.Args {
		tv, found := info.Types[arg]
		if !found || tv.Type == nil {
			continue
		}
		b, isBasic := tv.Type.Underlying().(*types.Basic)
		if !isBasic || b.Info()&types.IsInteger == 0 {
			continue
		}
		if tv.Value == nil {
			return 0, false, true
		}
		code, exact := constant.Int64Val(constant.ToInt(tv.Value))
		return code, exact, true
	}
	return 0, false, false
}

// lazyStatus reports whether call sets a status that is sent only with
// the first write: gin's c.Status(code) and c.Writer.WriteHeader(code)
// record the code (gin's writer sends it in WriteHeaderNow or the first
// Write), so `c.Status(201); c.JSON(201, v)` is one status, not two.
func lazyStatus(info *types.Info, call *ast.CallExpr) bool {
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	if scope.IsMethod(fn, scope.GinPath, "Context", "Status") {
		return true
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	return ok && sel.Sel.Name == "WriteHeader" && scope.IsNamed(info.TypeOf(sel.X), scope.GinPath, "ResponseWriter", false)
}

// helperOp returns the op of a call of a function whose summary is sum,
// if the call hands it the response of sc (or the function uses the
// response it captured, param < 0).
func helperOp(info *types.Info, sc *scope.Scope, call *ast.CallExpr, sig *types.Signature, sum *facts.Response) (Op, bool) {
	if sum == nil || sig == nil {
		return Op{}, false
	}
	if p := sum.Param; p >= 0 {
		if p >= sig.Params().Len() || p >= len(call.Args) || (sig.Variadic() && p == sig.Params().Len()-1) {
			return Op{}, false
		}
		if !passesResponse(sc, sig.Params().At(p).Type(), call.Args[p]) {
			return Op{}, false
		}
	}
	op := Op{
		Name:     types.ExprString(ast.Unparen(call.Fun)),
		Commits:  sum.Commits,
		Status:   sum.Status,
		Fails:    sum.Fails,
		Terminal: sum.Terminal,
		Body:     sum.WritesBody,
		Header:   sum.SetsHeader,
		Signals:  sig.Results().Len() > 0,
	}
	// A status the helper takes as a parameter is the caller's argument:
	// writeJSON(w, http.StatusNotFound, v) fails.
	if sum.Status != facts.Never && sum.Fails == facts.Never {
		if code, isConst, _ := StatusArg(info, call); isConst && code >= 400 {
			op.Fails = sum.Status
		}
	}
	// A helper that always sends a status of its own and a body
	// (writeJSON(w, code, v)) sends a complete reply, as c.JSON does.
	if sum.Status == facts.Always && sum.WritesBody == facts.Always {
		op.Terminal = facts.Always
	}
	return op, op.acts()
}

// passesResponse reports whether arg, passed for a parameter of type pt,
// is the response of sc: its ResponseWriter or its framework context.
func passesResponse(sc *scope.Scope, pt types.Type, arg ast.Expr) bool {
	switch {
	case scope.IsResponseWriter(pt):
		return sc.IsWriter(arg)
	case scope.IsGinContext(pt), scope.IsEchoContext(pt):
		return sc.IsFrameworkContext(arg)
	}
	return false
}

// responseParam returns the index of the parameter of a scope function
// that carries its response (the ResponseWriter, else the framework
// context), or -1.
func responseParam(sc *scope.Scope) int {
	if sc.Writer != nil {
		return sc.ParamIndex(sc.Writer)
	}
	return sc.ParamIndex(sc.Context)
}

// Calls returns the calls that evaluating CFG node n makes, inner before
// outer (arguments before the call they are passed to). Calls inside
// function literals belong to the literal; the call of a go or defer
// statement does not happen here, only its operands are evaluated.
func Calls(n ast.Node) []*ast.CallExpr {
	var c callCollector
	c.walk(n)
	return c.out
}

// callCollector gathers the calls of CFG nodes for Calls; one collector
// can serve many nodes (reset out between them), so that a function's
// nodes cost no allocation each.
type callCollector struct{ out []*ast.CallExpr }

func (c *callCollector) walk(n ast.Node) {
	if n != nil {
		ast.Walk(c, n)
	}
}

func (c *callCollector) Visit(n ast.Node) ast.Visitor {
	switch n := n.(type) {
	case *ast.FuncLit:
		return nil
	case *ast.GoStmt:
		c.operands(n.Call)
		return nil
	case *ast.DeferStmt:
		c.operands(n.Call)
		return nil
	case *ast.CallExpr:
		c.walk(n.Fun)
		for _, arg := range n.Args {
			c.walk(arg)
		}
		c.out = append(c.out, n)
		return nil
	}
	return c
}

// operands visits what a go or defer statement evaluates where it
// stands: the function value (unless a literal) and the arguments.
func (c *callCollector) operands(call *ast.CallExpr) {
	if _, lit := ast.Unparen(call.Fun).(*ast.FuncLit); !lit {
		c.walk(call.Fun)
	}
	for _, arg := range call.Args {
		c.walk(arg)
	}
}
