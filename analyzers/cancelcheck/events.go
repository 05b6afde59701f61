package cancelcheck

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/resetlint/resetlint/analyzers/internal/facts"
	"github.com/resetlint/resetlint/analyzers/internal/respwriter"
	"github.com/resetlint/resetlint/analyzers/internal/scope"
)

// An event is something on the handler path that matters to the pass,
// in evaluation order: a write to the response, a blocking wait, a check
// of the request context.
type event struct {
	kind eventKind
	pos  token.Pos
	end  token.Pos
	// what reads in a message: "w.Write", "fmt.Fprintf", "a receive from
	// ch", "time.Sleep", "wg.Wait()".
	what string
	// via is, for a wait, the wait at the bottom of a chain of helpers:
	// what the Blocking fact names.
	via string

	flush       bool // a write that flushes
	errObserved bool // a write whose error result is used
	sleep       bool // the wait is time.Sleep, which is reported on its own
	gin         bool // the wait is a select with a case on gin's c.Done()
}

type eventKind uint8

const (
	evWrite eventKind = iota + 1
	evWait
	evCheck
	// evGinCheck: c.Err() or a Done case on a *gin.Context. It looks
	// like a check and observes nothing; it only changes messages.
	evGinCheck
)

// nodeEvents appends to out the events of one CFG node. The CFG lists a
// select's communications as plain nodes before its cases: the first
// stands for the whole select, the others for nothing. A range over a
// channel lists its X: the receive of each iteration is attached to it.
func (c *checker) nodeEvents(sc *scope.Scope, n ast.Node, writes bool, out []event) []event {
	emit := func(ev event) { out = append(out, ev) }
	switch {
	case c.commSelect[n] != nil:
		c.selectEvents(sc, c.commSelect[n], emit)
	case c.otherComm[n]:
	case c.rangeOfChan[n] != nil:
		c.walkEvents(sc, n, writes, emit)
		c.rangeEvents(sc, c.rangeOfChan[n], emit)
	default:
		c.walkEvents(sc, n, writes, emit)
	}
	return out
}

// walkEvents emits the events of the syntax under root, children before
// parents (arguments are evaluated before the call). It does not enter
// function literals, go or defer statements: they run elsewhere or later.
func (c *checker) walkEvents(sc *scope.Scope, root ast.Node, writes bool, emit func(event)) {
	// The sites go to a buffer reused by every walk: nothing below
	// walks again while they are read.
	f := &c.finder
	f.c, f.sites = c, f.sites[:0]
	f.walk(root)
	for _, s := range f.sites {
		switch n := s.node.(type) {
		case *ast.CallExpr:
			c.callEvents(sc, n, s.parent, writes, emit)
		case *ast.UnaryExpr:
			c.recvEvents(sc, n, emit)
		case *ast.SelectStmt:
			c.selectEvents(sc, n, emit)
		case *ast.RangeStmt:
			c.rangeEvents(sc, n, emit)
		}
	}
}

// A site is a piece of syntax that may emit events: a call (with its
// parent node), a receive, a select, or a range over a channel.
type site struct {
	node, parent ast.Node
}

// A siteFinder collects the sites under a node in the order walkEvents
// visits them. The checker keeps one, so that its buffers are reused.
type siteFinder struct {
	c     *checker
	sites []site
	stack []ast.Node // the open nodes
	base  int        // the nodes of stack below base belong to an enclosing walk
}

// walk appends to f.sites the sites under root.
func (f *siteFinder) walk(root ast.Node) {
	saved := f.base
	f.base = len(f.stack)
	ast.Walk(f, root)
	f.base = saved
}

func (f *siteFinder) Visit(n ast.Node) ast.Visitor {
	if n == nil {
		top := f.stack[len(f.stack)-1]
		f.stack = f.stack[:len(f.stack)-1]
		var parent ast.Node
		if len(f.stack) > f.base {
			parent = f.stack[len(f.stack)-1]
		}
		switch top := top.(type) {
		case *ast.CallExpr:
			f.sites = append(f.sites, site{top, parent})
		case *ast.UnaryExpr:
			if top.Op == token.ARROW {
				f.sites = append(f.sites, site{node: top})
			}
		}
		return nil
	}
	switch n := n.(type) {
	case *ast.FuncLit, *ast.GoStmt, *ast.DeferStmt:
		return nil
	case *ast.SelectStmt:
		f.sites = append(f.sites, site{node: n})
		for _, cl := range n.Body.List {
			for _, s := range cl.(*ast.CommClause).Body {
				f.walk(s)
			}
		}
		return nil
	case *ast.RangeStmt:
		f.walk(n.X)
		if isChan(f.c.pass.TypesInfo.TypeOf(n.X)) {
			f.sites = append(f.sites, site{node: n})
		}
		f.walk(n.Body)
		return nil
	}
	f.stack = append(f.stack, n)
	return f
}

// callEvents classifies one call: a check of the context, a write to the
// response, a wait, or a call of a helper whose summary says it checks
// or blocks. Without writes it leaves out the writes and the gin
// would-be checks, which change no state while no wait is pending.
func (c *checker) callEvents(sc *scope.Scope, call *ast.CallExpr, parent ast.Node, writes bool, emit func(event)) {
	info := c.pass.TypesInfo
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	sel, _ := ast.Unparen(call.Fun).(*ast.SelectorExpr)

	// ctx.Err(), r.Context().Err(), context.Cause(ctx)
	if sel != nil && sel.Sel.Name == "Err" && len(call.Args) == 0 && c.isContextLike(info.TypeOf(sel.X)) {
		c.contextUse(sc, sel.X, call, emit)
		return
	}
	if scope.IsPkgFunc(fn, "context", "Cause") && len(call.Args) == 1 {
		c.contextUse(sc, call.Args[0], call, emit)
		return
	}

	// A call given the request context is context-aware: when the client
	// leaves it returns early, with the context's error.
	if c.isContextAwareCall(sc, fn, call) {
		emit(event{kind: evCheck, pos: call.Pos()})
	} else if writes && c.passesGinContext(sc, call) {
		emit(event{kind: evGinCheck, pos: call.Pos()})
	}

	var sum facts.Blocking
	if fn != nil {
		sum, _ = c.blockingOf(fn)
	}
	if sum.Blocks == facts.Never && sum.ChecksContext != facts.Never {
		emit(event{kind: evCheck, pos: call.Pos()})
	}
	if writes {
		if w, ok := c.writeOf(sc, fn, call, parent); ok {
			emit(w)
		}
	}
	switch {
	case scope.IsPkgFunc(fn, "time", "Sleep"):
		emit(event{kind: evWait, pos: call.Pos(), what: "time.Sleep", sleep: true})
	case scope.IsMethod(fn, "sync", "WaitGroup", "Wait"):
		if sel != nil && c.chansOf(sc).wgBound[chanKey(sel.X)] {
			break // its goroutines observe the request context
		}
		emit(event{kind: evWait, pos: call.Pos(), what: types.ExprString(call.Fun) + "()"})
	case scope.IsMethod(fn, "sync", "Cond", "Wait"):
		emit(event{kind: evWait, pos: call.Pos(), what: types.ExprString(call.Fun) + "()"})
	case sum.Blocks != facts.Never:
		what := fn.Name()
		if fn.Pkg() != nil && fn.Pkg() != c.pass.Pkg {
			what = fn.Pkg().Name() + "." + what
		}
		via := what
		if sum.Via != "" {
			what += " (it waits in " + sum.Via + ")"
			via = sum.Via
		}
		emit(event{kind: evWait, pos: call.Pos(), what: what, via: via})
	}
}

// contextUse emits the event of observing the context e: a check if e is
// the request context, a would-be check if e is a gin context.
func (c *checker) contextUse(sc *scope.Scope, e ast.Expr, call *ast.CallExpr, emit func(event)) {
	switch c.ctxClassOf(sc, e) {
	case ctxRequest:
		emit(event{kind: evCheck, pos: call.Pos()})
	case ctxGin:
		emit(event{kind: evGinCheck, pos: call.Pos()})
	}
}

// isContextAwareCall reports whether call is given the request context
// and reports cancellation through an error result. Calls that only
// carry the context along are not: deriving a context, logging with it
// (slog's *Context functions), building a request with it.
func (c *checker) isContextAwareCall(sc *scope.Scope, fn *types.Func, call *ast.CallExpr) bool {
	if fn != nil && fn.Pkg() != nil {
		switch path := fn.Pkg().Path(); {
		case path == "context", path == "log/slog":
			return false
		case path == scope.NetHTTPPath && !scope.IsMethod(fn, path, "Client", "Do") && !scope.IsMethod(fn, path, "RoundTripper", "RoundTrip"):
			return false // NewRequestWithContext, r.WithContext: no I/O yet
		}
	}
	// Only a name or a call can pass the request context
	// (passesRequestContext): without one, no type is needed.
	if !slices.ContainsFunc(call.Args, nameOrCall) {
		return false
	}
	sig := c.calleeSignature(fn, call)
	if sig == nil || errorResult(sig) < 0 {
		return false
	}
	return c.passesRequestContext(sc, call)
}

// calleeSignature returns the type of call.Fun, the signature of fn, the
// function called. A plain function or method has the signature
// recorded for the call, and reading it from fn spares a lookup in the
// package-wide types map; a generic one or an instance needs the record.
func (c *checker) calleeSignature(fn *types.Func, call *ast.CallExpr) *types.Signature {
	if fn != nil && fn.Origin() == fn {
		if sig := fn.Signature(); sig.TypeParams().Len() == 0 && sig.RecvTypeParams().Len() == 0 {
			return sig
		}
	}
	sig, _ := c.pass.TypesInfo.TypeOf(call.Fun).(*types.Signature)
	return sig
}

// passesGinContext reports whether a *gin.Context is handed to call as
// its context.Context: it observes nothing.
func (c *checker) passesGinContext(sc *scope.Scope, call *ast.CallExpr) bool {
	// A gin context is a scope's framework context or a variable bound
	// to one (scope.ContextKind): without a framework scope around,
	// there is none.
	if !inFrameworkScope(sc) {
		return false
	}
	sig, _ := c.pass.TypesInfo.TypeOf(call.Fun).(*types.Signature)
	if sig == nil {
		return false
	}
	for i, a := range call.Args {
		if i < sig.Params().Len() && scope.IsContext(sig.Params().At(i).Type()) && c.ctxClassOf(sc, a) == ctxGin {
			return true
		}
	}
	return false
}

// inFrameworkScope reports whether sc or a scope around it receives a
// framework context (*gin.Context, echo.Context).
func inFrameworkScope(sc *scope.Scope) bool {
	for s := sc; s != nil; s = s.Parent {
		if s.Context != nil {
			return true
		}
	}
	return false
}

// errorResult returns the index of sig's last result if it is an error,
// or -1.
func errorResult(sig *types.Signature) int {
	n := sig.Results().Len()
	if n == 0 || !types.Identical(sig.Results().At(n-1).Type(), errorType) {
		return -1
	}
	return n - 1
}

var errorType = types.Universe.Lookup("error").Type()

// writeOf classifies call as a write to the response: what respwriter
// knows, a method of something built over the writer (flusher.Flush(),
// enc.Encode(v), rc.Flush()), a call of a helper or closure whose
// response flow writes (writeJSON(w, v), reply()), or a call of another
// non-std function that is handed the writer (render(w io.Writer, v),
// an interface method).
func (c *checker) writeOf(sc *scope.Scope, fn *types.Func, call *ast.CallExpr, parent ast.Node) (event, bool) {
	ev := event{kind: evWrite, pos: call.Pos(), end: call.End()}
	op := respwriter.Classify(c.pass.TypesInfo, sc, call)
	switch op.Kind {
	case respwriter.Status, respwriter.Body, respwriter.Reply:
		ev.what = op.Name
	case respwriter.Flush:
		ev.what, ev.flush = op.Name, true
	case respwriter.Header:
		return event{}, false
	default:
		sel, _ := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if what, writes, known := c.helperWrite(sc, fn, call); known {
			if !writes {
				return event{}, false
			}
			ev.what = what
			break
		}
		switch {
		case sel != nil && c.isDerivedWriter(sel.X):
			name := sel.Sel.Name
			switch {
			case strings.HasPrefix(name, "Flush"):
				ev.flush = true
			case strings.HasPrefix(name, "Write"), strings.HasPrefix(name, "Encode"), strings.HasPrefix(name, "Execute"):
			default:
				return event{}, false
			}
			ev.what = types.ExprString(sel.X) + "." + name
		case fn != nil && fn.Pkg() != nil && slices.ContainsFunc(call.Args, func(a ast.Expr) bool { return c.isWriterLike(sc, a) }):
			if c.isStd(fn.Pkg()) && !c.writesToArg(fn, call, sc) {
				return event{}, false
			}
			ev.what = fn.Name()
			if fn.Pkg() != c.pass.Pkg {
				ev.what = fn.Pkg().Name() + "." + ev.what
			}
		default:
			return event{}, false
		}
	}
	ev.errObserved = resultUsed(c.calleeSignature(fn, call), call, parent)
	return ev, true
}

// helperWrite says whether call, a call of a helper whose response flow
// respflow follows, writes to the response: known is false for the calls
// it cannot see into. Those it follows are the calls of a closure
// (a function literal, or a variable bound once to one) and of a
// non-std function or concrete method handed the response through a
// parameter of the response's own type (http.ResponseWriter,
// *gin.Context, echo.Context). Such a call writes when the helper
// commits the response, writes body bytes or sends a reply on some
// path; one that only sets headers, or does nothing to the response,
// does not. what names the call for messages.
func (c *checker) helperWrite(sc *scope.Scope, fn *types.Func, call *ast.CallExpr) (what string, writes, known bool) {
	switch {
	case fn == nil:
		if !c.callsClosure(call) {
			return "", false, false
		}
		what = types.ExprString(ast.Unparen(call.Fun))
		if _, lit := ast.Unparen(call.Fun).(*ast.FuncLit); lit {
			what = "a function literal"
		}
	case fn.Pkg() != nil && !c.isStd(fn.Pkg()) && !isInterfaceMethod(fn) && c.handsResponse(sc, call):
		what = fn.Name()
		if fn.Pkg() != c.pass.Pkg {
			what = fn.Pkg().Name() + "." + what
		}
	default:
		return "", false, false
	}
	rc := c.flows.Call(call)
	if rc == nil || !rc.IsHelper() {
		return what, false, true
	}
	writes = rc.Commits != facts.Never || rc.Body != facts.Never || rc.Terminal != facts.Never
	return what, writes, true
}

// callsClosure reports whether call calls a function literal: written in
// place, or through a variable bound once to it.
func (c *checker) callsClosure(call *ast.CallExpr) bool {
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.FuncLit:
		return true
	case *ast.Ident:
		v, ok := c.pass.TypesInfo.Uses[fun].(*types.Var)
		return ok && c.flows.Closure(v) != nil
	}
	return false
}

// isInterfaceMethod reports whether fn is an interface's method: a call
// of it runs code that no summary describes.
func isInterfaceMethod(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	return ok && sig.Recv() != nil && types.IsInterface(sig.Recv().Type())
}

// handsResponse reports whether call hands the response of sc to a
// parameter of the response's own type: the ResponseWriter to an
// http.ResponseWriter, the framework context to a *gin.Context or
// echo.Context. Only through those does respflow follow a helper.
func (c *checker) handsResponse(sc *scope.Scope, call *ast.CallExpr) bool {
	sig, _ := c.pass.TypesInfo.TypeOf(call.Fun).(*types.Signature)
	if sig == nil {
		return false
	}
	params := sig.Params()
	for i, arg := range call.Args {
		if i >= params.Len() || (sig.Variadic() && i >= params.Len()-1) {
			break
		}
		switch pt := params.At(i).Type(); {
		case scope.IsResponseWriter(pt) && sc.IsWriter(arg):
			return true
		case (scope.IsGinContext(pt) || scope.IsEchoContext(pt)) && sc.IsFrameworkContext(arg):
			return true
		}
	}
	return false
}

// writesToArg reports whether the std function fn writes to a
// writer-like argument it takes as an io.Writer (fmt.Fprintf(flusher's
// writer, ...)); constructors (bufio.NewWriter) write nothing yet.
func (c *checker) writesToArg(fn *types.Func, call *ast.CallExpr, sc *scope.Scope) bool {
	if strings.HasPrefix(fn.Name(), "New") {
		return false
	}
	sig, _ := fn.Type().(*types.Signature)
	if sig == nil {
		return false
	}
	for i, a := range call.Args {
		if i >= sig.Params().Len() || (sig.Variadic() && i >= sig.Params().Len()-1) {
			break
		}
		if c.isWriterLike(sc, a) && scope.IsNamed(sig.Params().At(i).Type(), "io", "Writer", false) {
			return true
		}
	}
	return false
}

func (c *checker) isDerivedWriter(e ast.Expr) bool {
	v := c.varOf(e)
	return v != nil && c.derivedWriters[v]
}

// resultUsed reports whether the error result of call, whose function
// has the signature sig, is used: the call is not a statement of its
// own, and the error is not assigned to _. A call without an error
// result has nothing to observe.
func resultUsed(sig *types.Signature, call *ast.CallExpr, parent ast.Node) bool {
	if sig == nil {
		return false
	}
	idx := errorResult(sig)
	if idx < 0 {
		return false
	}
	switch p := parent.(type) {
	case *ast.ExprStmt:
		return false
	case *ast.AssignStmt:
		if len(p.Rhs) == 1 && len(p.Lhs) == sig.Results().Len() {
			return !isBlank(p.Lhs[idx])
		}
		for i, r := range p.Rhs {
			if r == call && i < len(p.Lhs) {
				return !isBlank(p.Lhs[i])
			}
		}
	case *ast.ValueSpec:
		if len(p.Values) == 1 && len(p.Names) == sig.Results().Len() {
			return p.Names[idx].Name != "_"
		}
	}
	return true
}

func isBlank(e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && id.Name == "_"
}

// recvEvents classifies a bare receive `<-ch`: receiving from the
// request context's Done channel is a check; a receive that cannot
// outlast the request (see chanState) is nothing; any other is a wait.
func (c *checker) recvEvents(sc *scope.Scope, recv *ast.UnaryExpr, emit func(event)) {
	switch k, isDone := c.doneClass(sc, recv.X); {
	case isDone && k == ctxRequest:
		emit(event{kind: evCheck, pos: recv.Pos()})
		return
	case isDone && k == ctxGin:
		emit(event{kind: evWait, pos: recv.Pos(), what: "a receive from " + shortExpr(recv.X), gin: true})
		return
	}
	if bound, own := c.chanState(sc, recv.X, recv.Pos()); bound || own {
		return
	}
	emit(event{kind: evWait, pos: recv.Pos(), what: "a receive from " + shortExpr(recv.X)})
}

// chanState says why a receive from ch at pos cannot outlast the
// request. bound: ch is fed only by goroutines that observe the request
// context, or came from a call given the request context (it is closed
// or fed when the context is done). own: the function itself sent on or
// closed ch before (a semaphore release, a drained result channel).
func (c *checker) chanState(sc *scope.Scope, ch ast.Expr, pos token.Pos) (bound, own bool) {
	ci := c.chansOf(sc)
	key := chanKey(ch)
	if ci.bound[key] {
		return true, false
	}
	if call, ok := ast.Unparen(ch).(*ast.CallExpr); ok && c.passesRequestContext(sc, call) {
		return true, false
	}
	for _, p := range ci.own[key] {
		if p < pos {
			return false, true
		}
	}
	return false, false
}

// selectEvents classifies a select: with a case on the request context's
// Done channel (or on a channel bound to the request) it is a check;
// with a default it does not block; otherwise it is a wait.
func (c *checker) selectEvents(sc *scope.Scope, sel *ast.SelectStmt, emit func(event)) {
	hasDefault, observes, gin := false, false, false
	for _, cl := range sel.Body.List {
		comm := cl.(*ast.CommClause).Comm
		var ch ast.Expr
		switch comm := comm.(type) {
		case nil:
			hasDefault = true
		case *ast.ExprStmt:
			if u, ok := ast.Unparen(comm.X).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
				ch = u.X
			}
		case *ast.AssignStmt:
			if len(comm.Rhs) == 1 {
				if u, ok := ast.Unparen(comm.Rhs[0]).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
					ch = u.X
				}
			}
		}
		if ch == nil {
			continue
		}
		switch k, isDone := c.doneClass(sc, ch); {
		case isDone && k == ctxRequest:
			observes = true
		case isDone && k == ctxGin:
			gin = true
		case !isDone:
			if bound, _ := c.chanState(sc, ch, sel.Pos()); bound {
				observes = true
			}
		}
	}
	switch {
	case observes:
		emit(event{kind: evCheck, pos: sel.Pos()})
	case hasDefault:
		if gin {
			emit(event{kind: evGinCheck, pos: sel.Pos()})
		}
	default:
		emit(event{kind: evWait, pos: sel.Pos(), what: "a select with no case on the request context's Done()", gin: gin})
	}
}

// rangeEvents classifies a range over a channel: every iteration waits
// for a value, unless the channel is the request's Done channel or is
// bound to the request (then the loop ends with it: a check), or the
// function closed or filled it before (draining it does not block).
func (c *checker) rangeEvents(sc *scope.Scope, rs *ast.RangeStmt, emit func(event)) {
	k, isDone := c.doneClass(sc, rs.X)
	var bound, own bool
	if !isDone {
		bound, own = c.chanState(sc, rs.X, rs.Pos())
	}
	switch {
	case isDone && k == ctxRequest, bound:
		emit(event{kind: evCheck, pos: rs.Pos()})
	case own:
	default:
		emit(event{kind: evWait, pos: rs.X.Pos(), what: "a range over " + shortExpr(rs.X), gin: isDone && k == ctxGin})
	}
}

// blockingOf returns the Blocking summary of fn: computed in this run
// for the package's own functions, imported as a fact for others.
func (c *checker) blockingOf(fn *types.Func) (facts.Blocking, bool) {
	fn = fn.Origin()
	if fn.Pkg() == c.pass.Pkg {
		if n := len(c.consulted); c.recording && (n == 0 || c.consulted[n-1] != fn) {
			c.consulted = append(c.consulted, fn)
		}
		b, ok := c.summaries[fn]
		return b, ok
	}
	// Another package's facts do not change during the pass: each is
	// imported once.
	if f, ok := c.imported[fn]; ok {
		return f.sum, f.ok
	}
	var f importedFact
	f.ok = c.pass.ImportObjectFact(fn, &f.sum)
	if c.imported == nil {
		c.imported = make(map[*types.Func]importedFact)
	}
	c.imported[fn] = f
	return f.sum, f.ok
}

// importedFact is the Blocking fact of another package's function, if any.
type importedFact struct {
	sum facts.Blocking
	ok  bool
}

// shortExpr renders e for a message, shortened if long.
func shortExpr(e ast.Expr) string {
	s := types.ExprString(e)
	if len(s) > 40 {
		s = s[:37] + "..."
	}
	return s
}
