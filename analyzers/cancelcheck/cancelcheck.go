package cancelcheck

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/resetlint/resetlint/analyzers/internal/code"
	"github.com/resetlint/resetlint/analyzers/internal/edit"
	"github.com/resetlint/resetlint/analyzers/internal/facts"
	"github.com/resetlint/resetlint/analyzers/internal/respflow"
	"github.com/resetlint/resetlint/analyzers/internal/scope"
	"github.com/resetlint/resetlint/analyzers/internal/suppress"
)

// Analyzer is the cancelcheck pass with its default settings.
var Analyzer = New()

// config holds one analyzer instance's flags.
type config struct {
	sleep bool // report time.Sleep in request scopes
	tests bool // also analyse _test.go files
}

// New returns a fresh cancelcheck analyzer with its own flags, so that two
// configurations (two golangci-lint linter instances) never share state.
func New() *analysis.Analyzer {
	cfg := &config{sleep: true}
	a := &analysis.Analyzer{
		Name:      "cancelcheck",
		Doc:       doc,
		URL:       "https://github.com/resetlint/resetlint#cancelcheck",
		Requires:  []*analysis.Analyzer{inspect.Analyzer, ctrlflow.Analyzer, scope.Analyzer, respflow.Analyzer},
		FactTypes: []analysis.Fact{new(facts.Blocking)}, // Response facts are respflow's, read through its result
	}
	a.Flags.BoolVar(&cfg.sleep, "sleep", true, "report time.Sleep inside request scopes")
	a.Flags.BoolVar(&cfg.tests, "tests", false, "also analyse _test.go files (test handlers often sleep on purpose)")
	a.Run = func(pass *analysis.Pass) (any, error) { return run(pass, cfg) }
	return a
}

func run(pass *analysis.Pass, cfg *config) (any, error) {
	// Fast path: without net/http or a framework there is no request
	// scope, so nothing waits for a client and no fact is worth exporting.
	if !scope.ImportsFramework(pass.Pkg) {
		return nil, nil
	}
	scopes := pass.ResultOf[scope.Analyzer].(*scope.Scopes)
	// No handler and no helper: nothing to check.
	if len(scopes.List) == 0 {
		return nil, nil
	}
	c := newChecker(pass, cfg, scopes)
	c.collect()
	c.summarize()
	c.exportFacts()
	c.checkSleeps()
	c.checkLoops()
	c.checkWritesAfterWaits()
	c.checkCloseNotify()
	return nil, nil
}

// A checker holds what one run knows about the package.
type checker struct {
	pass   *analysis.Pass
	cfg    *config
	rep    *suppress.Reporter
	scopes *scope.Scopes
	cfgs   *ctrlflow.CFGs
	flows  *respflow.Result // what each call does to the response
	ed     *edit.Editor     // reads each file a fix edits once

	// From the one inspector walk (collect):
	sleeps      []sleepCall                  // time.Sleep statements on a handler path
	loops       []loopStmt                   // for and range statements on a handler path
	notifies    []notifyUse                  // CloseNotifier uses in request scopes
	commSelect  map[ast.Node]*ast.SelectStmt // a select's first communication -> the select
	otherComm   map[ast.Node]bool            // the other communications of a select
	rangeOfChan map[ast.Node]*ast.RangeStmt  // X of a range over a channel -> the range

	// Variables, found flow-insensitively in the request scopes:
	derivedWriters map[*types.Var]bool        // built over the ResponseWriter: flusher, encoder, controller
	bodyReaders    map[*types.Var]bool        // built over the request body: decoder, scanner, reader
	ctxVars        map[*types.Var]bool        // context.Context parameters of scopes, and contexts derived from them
	ctxRequests    map[*types.Var]bool        // outgoing requests that carry the request context
	doneVars       map[*types.Var]ctxClass    // done := ctx.Done()
	chans          map[*scope.Scope]*chanInfo // per scope function, rebuilt each summary round
	contextLike    map[types.Type]bool        // type -> implements context.Context (isContextLike)

	// summaries holds the Blocking summary of each function of the
	// package that receives request values.
	summaries map[*types.Func]facts.Blocking
	// consulted collects, while summarize analyses a function
	// (recording), the functions of the package whose summaries the
	// analysis reads, possibly more than once.
	consulted []*types.Func
	recording bool
	// runs holds summarize's last analysis of each function, and
	// changedAt the step at which each summary last changed: an analysis
	// is still valid while none of the summaries it read has changed
	// since its step.
	runs      map[*scope.Scope]analysisRun
	changedAt map[*types.Func]int
	// imported caches blockingOf's imported facts.
	imported map[*types.Func]importedFact
	// Buffers reused by every walkEvents and analyze.
	finder     siteFinder
	eventBuf   []event
	nodeEnds   []int       // analyze's end of each node's events
	blockSpans []blockSpan // analyze's events of each block
	checkAt    []token.Pos // scanBody's checks
	// chansOf's walk, and its visit closure, made once.
	chanScan  chanScan
	chanVisit func(inspector.Cursor) bool
	// bodies holds the inspector cursor of each scope's body.
	bodies map[*scope.Scope]inspector.Cursor
}

// analysisRun is one analysis made by summarize.
type analysisRun struct {
	step      int
	consulted []*types.Func
	found     []finding
}

type sleepCall struct {
	sc   *scope.Scope
	stmt *ast.ExprStmt
	call *ast.CallExpr
}

type loopStmt struct {
	sc   *scope.Scope
	stmt ast.Stmt // *ast.ForStmt or *ast.RangeStmt
	// exits caches exitSpans(stmt) once exitsDone: the loop's checks
	// and every finding inside it ask for them.
	exits     []span
	exitsDone bool
}

// exitSpans returns exitSpans(l.stmt), computed once.
func (l *loopStmt) exitSpans() []span {
	if !l.exitsDone {
		l.exits, l.exitsDone = exitSpans(l.stmt), true
	}
	return l.exits
}

type notifyUse struct {
	sc     *scope.Scope
	fn     ast.Node // the innermost function around the use
	pos    token.Pos
	method bool // a CloseNotify call (else a use of the http.CloseNotifier type)
}

func newChecker(pass *analysis.Pass, cfg *config, scopes *scope.Scopes) *checker {
	return &checker{
		pass:           pass,
		cfg:            cfg,
		rep:            suppress.New(pass),
		scopes:         scopes,
		cfgs:           pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs),
		flows:          pass.ResultOf[respflow.Analyzer].(*respflow.Result),
		ed:             edit.New(pass),
		commSelect:     map[ast.Node]*ast.SelectStmt{},
		otherComm:      map[ast.Node]bool{},
		rangeOfChan:    map[ast.Node]*ast.RangeStmt{},
		derivedWriters: map[*types.Var]bool{},
		bodyReaders:    map[*types.Var]bool{},
		ctxVars:        map[*types.Var]bool{},
		ctxRequests:    map[*types.Var]bool{},
		doneVars:       map[*types.Var]ctxClass{},
		chans:          map[*scope.Scope]*chanInfo{},
		summaries:      map[*types.Func]facts.Blocking{},
	}
}

// collect walks the request scopes once: it indexes the selects and
// channel ranges for the dataflow, and gathers the sleeps, loops and
// CloseNotifier uses to check, and the assignments findVariables reads.
// All of these matter only inside scopes, so it walks the outermost
// ones, which hold the others.
func (c *checker) collect() {
	ins := c.pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	c.bodies = make(map[*scope.Scope]inspector.Cursor, len(c.scopes.List))
	var roots []inspector.Cursor
	ins.Root().Inspect(funcTypes, func(cur inspector.Cursor) bool {
		sc := c.scopes.Of(cur.Node())
		if sc == nil {
			return true
		}
		k := edge.FuncLit_Body
		if _, ok := cur.Node().(*ast.FuncDecl); ok {
			k = edge.FuncDecl_Body
		}
		c.bodies[sc] = cur.ChildAt(k, -1)
		if sc.Parent == nil {
			roots = append(roots, cur)
		}
		return true
	})
	w := &collector{c: c, assigns: make(map[*scope.Scope][]ast.Node, len(c.scopes.List))}
	visit := w.visit // one closure for every root
	for _, root := range roots {
		sc := c.scopes.Of(root.Node())
		w.fns = append(w.fns[:0], root.Node())
		w.open = append(w.open[:0], sc)
		w.assigns[sc] = nil
		root.Inspect(collectTypes, visit)
	}
	c.findVariables(w.assigns)
}

// collectTypes are the nodes collect looks at.
var collectTypes = []ast.Node{
	(*ast.SelectStmt)(nil), (*ast.RangeStmt)(nil), (*ast.ForStmt)(nil),
	(*ast.ExprStmt)(nil), (*ast.SelectorExpr)(nil),
	(*ast.FuncLit)(nil), (*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil),
}

// A collector is collect's walk of one outermost scope. Nodes come in
// source order, so the functions and scopes around the current node
// are kept as stacks, popped when the walk leaves them, instead of
// being looked up from each node.
type collector struct {
	c    *checker
	fns  []ast.Node     // the function nodes around the current node, outermost first
	open []*scope.Scope // the scopes among them
	// assigns holds, for each scope walked, the assignments and var
	// specs of its body (nested literals included) in walk order.
	assigns map[*scope.Scope][]ast.Node
}

func (w *collector) visit(cur inspector.Cursor) bool {
	c, n := w.c, cur.Node()
	for len(w.fns) > 1 && !inside(n, w.fns[len(w.fns)-1]) {
		w.fns = w.fns[:len(w.fns)-1]
	}
	for len(w.open) > 1 && !inside(n, w.open[len(w.open)-1].Func) {
		w.open = w.open[:len(w.open)-1]
	}
	switch n := n.(type) {
	case *ast.FuncLit:
		if n == w.fns[0] {
			break // the root
		}
		w.fns = append(w.fns, n)
		if sc := c.scopes.Of(n); sc != nil {
			w.open = append(w.open, sc)
			if _, ok := w.assigns[sc]; !ok {
				w.assigns[sc] = nil
			}
		}
	case *ast.AssignStmt, *ast.ValueSpec:
		for _, sc := range w.open {
			w.assigns[sc] = append(w.assigns[sc], n)
		}
	case *ast.SelectStmt:
		first := true
		for _, cl := range n.Body.List {
			comm := cl.(*ast.CommClause).Comm
			if comm == nil {
				continue
			}
			if first {
				c.commSelect[comm] = n
				first = false
			} else {
				c.otherComm[comm] = true
			}
		}
	case *ast.RangeStmt:
		if isChan(c.pass.TypesInfo.TypeOf(n.X)) {
			c.rangeOfChan[n.X] = n
		}
		if sc := w.handlerPath(); sc != nil {
			c.loops = append(c.loops, loopStmt{sc: sc, stmt: n})
		}
	case *ast.ForStmt:
		if sc := w.handlerPath(); sc != nil {
			c.loops = append(c.loops, loopStmt{sc: sc, stmt: n})
		}
	case *ast.ExprStmt:
		call, ok := ast.Unparen(n.X).(*ast.CallExpr)
		if !ok || !namedSleep(call) {
			break
		}
		fn, _ := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
		if scope.IsPkgFunc(fn, "time", "Sleep") {
			if sc := w.handlerPath(); sc != nil {
				c.sleeps = append(c.sleeps, sleepCall{sc, n, call})
			}
		}
	case *ast.SelectorExpr:
		// Only these names can be a CloseNotifier use: test them
		// before anything costlier.
		if name := n.Sel.Name; name != "CloseNotifier" && name != "CloseNotify" {
			break
		}
		// The innermost scope around the use: a function literal that
		// is not itself a scope (a goroutine body, a deferred closure)
		// belongs to the scope around it.
		if sc := w.open[len(w.open)-1]; !c.skipFile(n.Pos()) {
			if u, ok := c.closeNotifyUse(n); ok {
				u.sc, u.fn = sc, w.fns[len(w.fns)-1]
				c.notifies = append(c.notifies, u)
			}
		}
	}
	return true
}

// inside reports whether node n starts within node outer.
func inside(n, outer ast.Node) bool {
	return outer.Pos() <= n.Pos() && n.Pos() < outer.End()
}

// handlerPath returns the scope whose own body (not a nested function
// literal such as a goroutine or a callback) holds the current node, or
// nil. Code in a nested literal runs on another timeline than the
// handler's: it is not on the handler's path.
func (w *collector) handlerPath() *scope.Scope {
	sc := w.c.scopes.Of(w.fns[len(w.fns)-1])
	if sc == nil || w.c.skipFile(sc.Body.Pos()) {
		return nil
	}
	return sc
}

// namedSleep reports whether call's function is written Sleep or x.Sleep:
// a call of time.Sleep always is.
func namedSleep(call *ast.CallExpr) bool {
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		return fun.Name == "Sleep"
	case *ast.SelectorExpr:
		return fun.Sel.Name == "Sleep"
	}
	return false
}

// funcTypes are the function nodes.
var funcTypes = []ast.Node{(*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)}

// skipFile reports whether the file holding pos is left alone: test
// files, unless asked for, since test servers sleep on purpose to
// simulate slow backends.
func (c *checker) skipFile(pos token.Pos) bool {
	if c.cfg.tests {
		return false
	}
	return code.InTestFile(c.pass.Fset, pos)
}

// closeNotifyUse reports whether sel names the http.CloseNotifier type
// or selects a CloseNotify method.
func (c *checker) closeNotifyUse(sel *ast.SelectorExpr) (notifyUse, bool) {
	switch obj := c.pass.TypesInfo.Uses[sel.Sel].(type) {
	case *types.TypeName:
		if obj.Pkg() != nil && obj.Pkg().Path() == scope.NetHTTPPath && obj.Name() == "CloseNotifier" {
			return notifyUse{pos: sel.Pos()}, true
		}
	case *types.Func:
		if obj.Name() != "CloseNotify" {
			break
		}
		sig, _ := obj.Type().(*types.Signature)
		if sig == nil || sig.Params().Len() != 0 || sig.Results().Len() != 1 {
			break
		}
		if ch, ok := sig.Results().At(0).Type().Underlying().(*types.Chan); ok &&
			types.Identical(ch.Elem(), types.Typ[types.Bool]) {
			return notifyUse{pos: sel.Sel.Pos(), method: true}, true
		}
	}
	return notifyUse{}, false
}

// summarize computes the Blocking summary of every function of the
// package that receives request values. Callers use callees' summaries,
// so it iterates until nothing changes (a few rounds: call chains in
// handlers are short, and the bound keeps recursion from looping). A
// round analyses again only the functions that read a summary which
// changed since their last analysis: the others would find what they
// found.
func (c *checker) summarize() {
	funcs := make([]*scope.Scope, 0, len(c.scopes.List))
	for _, sc := range c.scopes.List {
		if sc.Obj != nil {
			funcs = append(funcs, sc)
		}
	}
	c.runs = make(map[*scope.Scope]analysisRun, len(funcs))
	c.changedAt = make(map[*types.Func]int)
	step := 0
	changed := false
	for range 6 {
		clear(c.chans) // channel facts depend on the summaries
		changed = false
		for _, sc := range funcs {
			if _, valid := c.lastRun(sc); valid {
				continue
			}
			step++
			c.consulted, c.recording = c.consulted[:0], true
			sum, found := c.analyze(sc, true)
			c.recording = false
			// Most analyses read no summary of the package: they keep nil.
			var consulted []*types.Func
			if len(c.consulted) > 0 {
				consulted = slices.Clone(c.consulted)
			}
			c.runs[sc] = analysisRun{step: step, consulted: consulted, found: found}
			if sum != c.summaries[sc.Obj] {
				c.summaries[sc.Obj] = sum
				changed = true
				c.changedAt[sc.Obj] = step
			}
		}
		if !changed {
			break
		}
	}
	// After a round that changed no summary, the channel facts it
	// found hold for the final summaries: the checks reuse them.
	if changed {
		clear(c.chans)
	}
}

// lastRun returns summarize's last analysis of sc, and whether it is
// still valid: none of the summaries it read has changed since.
func (c *checker) lastRun(sc *scope.Scope) (analysisRun, bool) {
	run, ok := c.runs[sc]
	if !ok {
		return run, false
	}
	for _, fn := range run.consulted {
		if c.changedAt[fn] >= run.step {
			return run, false
		}
	}
	return run, true
}

// exportFacts exports the summaries that say something, for callers in
// other packages. Never for the standard library (tables cover it), and
// not for functions with the exact shape of a handler: they are
// registered on a router, not called before a write.
func (c *checker) exportFacts() {
	if !facts.Exportable(c.pass) {
		return
	}
	for _, sc := range c.scopes.List {
		if sc.Obj == nil || sc.Obj.Pkg() != c.pass.Pkg || isHandlerShape(sc) {
			continue
		}
		sum, ok := c.summaries[sc.Obj]
		if !ok || (sum.Blocks == facts.Never && sum.ChecksContext == facts.Never) {
			continue
		}
		c.pass.ExportObjectFact(sc.Obj, &sum)
	}
}

// isHandlerShape reports whether sc's function has exactly a handler's
// signature: func(http.ResponseWriter, *http.Request), func(*gin.Context),
// func(echo.Context) error.
func isHandlerShape(sc *scope.Scope) bool {
	if sc.Role != scope.Handler {
		return false
	}
	if sc.Kind != scope.NetHTTP {
		return true // the scope model gives framework scopes this role only for the exact shape
	}
	return sc.Type.Params.NumFields() == 2 && sc.Type.Results.NumFields() == 0
}

// checkSleeps reports time.Sleep on a handler path, with a fix that
// waits in a select that also returns when the request context is done.
func (c *checker) checkSleeps() {
	if !c.cfg.sleep {
		return
	}
	for _, s := range c.sleeps {
		// ctxSource, computed once for the message and the fix.
		src := s.sc.RequestContextSource(c.pass.Pkg, s.call.Pos())
		ctx := src
		if ctx == "" {
			ctx = "r.Context()"
		}
		d := analysis.Diagnostic{
			Pos: s.call.Pos(),
			End: s.call.End(),
			Message: fmt.Sprintf("time.Sleep in a request scope does not wake up when the client goes away: "+
				"the handler holds on for a client that may have left, and its next write goes to a closed connection; "+
				"select on time.After and %s.Done() instead", ctx),
		}
		if fix, ok := c.sleepFix(s, src); ok {
			d.SuggestedFixes = []analysis.SuggestedFix{fix}
		}
		c.rep.Report(d)
	}
}

// sleepFix replaces `time.Sleep(d)` with a select that returns when the
// request context is done; src is the request context at the sleep. `return` must be valid where the sleep is: the
// fix is offered when the function has no results, or when its last
// result is an error and the others have a literal zero value (then it
// returns those zeros and ctx.Err()).
func (c *checker) sleepFix(s sleepCall, src string) (analysis.SuggestedFix, bool) {
	sel, ok := ast.Unparen(s.call.Fun).(*ast.SelectorExpr)
	if src == "" || !ok || len(s.call.Args) != 1 {
		return analysis.SuggestedFix{}, false
	}
	timePkg, ok := sel.X.(*ast.Ident)
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	ret, ok := c.returnStmt(s.sc, src)
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	content, tf := c.ed.Content(s.stmt.Pos())
	if content == nil {
		return analysis.SuggestedFix{}, false
	}
	arg := content[tf.Offset(s.call.Args[0].Pos()):tf.Offset(s.call.Args[0].End())]
	indent := lineIndent(content, tf.Offset(s.stmt.Pos()))
	var b bytes.Buffer
	b.WriteString("select {\n")
	b.WriteString(indent + "case <-" + timePkg.Name + ".After(")
	b.Write(arg)
	b.WriteString("):\n")
	b.WriteString(indent + "case <-" + src + ".Done():\n")
	b.WriteString(indent + "\t" + ret + "\n")
	b.WriteString(indent + "}")
	return analysis.SuggestedFix{
		Message:   "Wait in a select that returns when the request context is done",
		TextEdits: []analysis.TextEdit{{Pos: s.stmt.Pos(), End: s.stmt.End(), NewText: b.Bytes()}},
	}, true
}

// returnStmt returns a return statement valid in sc's function for the
// case where the request context is done.
func (c *checker) returnStmt(sc *scope.Scope, ctx string) (string, bool) {
	sig := c.signature(sc)
	if sig == nil {
		return "", false
	}
	res := sig.Results()
	if res.Len() == 0 {
		return "return", true
	}
	last := res.At(res.Len() - 1).Type()
	if !types.Identical(last, types.Universe.Lookup("error").Type()) {
		return "", false
	}
	vals := make([]string, 0, res.Len())
	for i := range res.Len() - 1 {
		z, ok := zeroLiteral(res.At(i).Type())
		if !ok {
			return "", false
		}
		vals = append(vals, z)
	}
	vals = append(vals, ctx+".Err()")
	return "return " + strings.Join(vals, ", "), true
}

func (c *checker) signature(sc *scope.Scope) *types.Signature {
	if sc.Obj != nil {
		sig, _ := sc.Obj.Type().(*types.Signature)
		return sig
	}
	lit, ok := sc.Func.(*ast.FuncLit)
	if !ok {
		return nil
	}
	sig, _ := c.pass.TypesInfo.TypeOf(lit).(*types.Signature)
	return sig
}

// zeroLiteral returns a literal zero value of t that needs no type name.
func zeroLiteral(t types.Type) (string, bool) {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		switch {
		case u.Info()&types.IsBoolean != 0:
			return "false", true
		case u.Info()&types.IsString != 0:
			return `""`, true
		case u.Info()&types.IsNumeric != 0:
			return "0", true
		case u.Kind() == types.UnsafePointer:
			return "nil", true
		}
	case *types.Pointer, *types.Slice, *types.Map, *types.Chan, *types.Signature, *types.Interface:
		if _, isParam := t.(*types.TypeParam); !isParam {
			return "nil", true
		}
	}
	return "", false
}

// lineIndent returns the whitespace that starts the line holding offset.
func lineIndent(content []byte, offset int) string {
	start := bytes.LastIndexByte(content[:offset], '\n') + 1
	end := start
	for end < len(content) && (content[end] == ' ' || content[end] == '\t') {
		end++
	}
	return string(content[start:end])
}

// ctxSource is the request context as the user would write it at pos,
// for messages.
func (c *checker) ctxSource(sc *scope.Scope, pos token.Pos) string {
	if src := sc.RequestContextSource(c.pass.Pkg, pos); src != "" {
		return src
	}
	return "r.Context()"
}

// checkLoops reports streaming loops: loops on a handler path that write
// to the response over time (they flush, wait, or never end by
// themselves), discard every write error, and never observe the request
// context. Such a loop keeps running after the client has left. A loop
// nested in a reported loop is not reported again.
func (c *checker) checkLoops() {
	var reported []ast.Stmt
	for i := range c.loops {
		l := &c.loops[i]
		if slices.ContainsFunc(reported, func(r ast.Stmt) bool { return within(l.stmt, r) }) {
			continue
		}
		v := c.loopVerdict(l)
		if !v.streaming() {
			continue
		}
		reported = append(reported, l.stmt)
		msg := fmt.Sprintf("streaming loop writes to the response, discards the write errors and never checks the request context: "+
			"it keeps running after the client has left; select on %s.Done() or stop on a write error", c.ctxSource(l.sc, l.stmt.Pos()))
		if v.gin {
			msg += "; " + ginNote
		}
		c.rep.Report(analysis.Diagnostic{Pos: l.stmt.Pos(), End: loopHeadEnd(l.stmt), Message: msg})
	}
}

// ginNote explains why selecting on a gin context is no check.
const ginNote = "*gin.Context's Done() is nil unless the engine sets ContextWithFallback, " +
	"so c.Done() and c.Err() do not tell that the client left: use c.Request.Context()"

// within reports whether node n lies inside node outer.
func within(n, outer ast.Node) bool {
	return outer.Pos() <= n.Pos() && n.End() <= outer.End()
}

// loopHeadEnd is the end of a loop's header, so that a diagnostic
// underlines `for ... {` and not the whole body.
func loopHeadEnd(s ast.Stmt) token.Pos {
	switch s := s.(type) {
	case *ast.ForStmt:
		return s.Body.Lbrace
	case *ast.RangeStmt:
		return s.Body.Lbrace
	}
	return s.Pos()
}

// loopVerdict is what a loop does, from the events of its header and body.
type loopVerdict struct {
	writes      bool // writes to the response
	flushes     bool // flushes it
	waits       bool // blocks (sleep, receive, select, WaitGroup, blocking helper)
	endless     bool // `for { ... }`: ends only by break or return
	inMemory    bool // ranges over data in hand (slice, map, string, int): it ends soon by itself
	errObserved bool // some write's error is used: it can stop on a dead client
	observes    bool // checks the request context, or reads the request body (which fails once the client is gone)
	gin         bool // selects on, or checks, a gin context (which observes nothing)
}

// streaming reports whether the loop is one to report.
func (v loopVerdict) streaming() bool {
	overTime := v.waits || v.endless || (v.flushes && !v.inMemory)
	return v.writes && overTime && !v.errObserved && !v.observes
}

func (c *checker) loopVerdict(l *loopStmt) loopVerdict {
	var v loopVerdict
	switch s := l.stmt.(type) {
	case *ast.ForStmt:
		v.endless = s.Cond == nil
	case *ast.RangeStmt:
		if t := c.pass.TypesInfo.TypeOf(s.X); t != nil {
			switch t.Underlying().(type) {
			case *types.Chan, *types.Signature:
			default:
				v.inMemory = true
			}
		}
	}
	var parts []ast.Node
	switch s := l.stmt.(type) {
	case *ast.ForStmt:
		// Init runs once, before the loop.
		parts = []ast.Node{s.Cond, s.Post, s.Body}
	case *ast.RangeStmt:
		parts = []ast.Node{s}
	}
	for _, p := range parts {
		if p == nil {
			continue
		}
		c.walkEvents(l.sc, p, true, func(ev event) {
			switch ev.kind {
			case evWrite:
				// Only writes need the exits: they are found at the first one.
				if !slices.ContainsFunc(l.exitSpans(), func(r span) bool { return r.from <= ev.pos && ev.pos < r.to }) {
					v.writes = true
					v.flushes = v.flushes || ev.flush
				}
				v.errObserved = v.errObserved || ev.errObserved
			case evWait:
				v.waits = true
				v.gin = v.gin || ev.gin
			case evCheck:
				v.observes = true
			case evGinCheck:
				v.gin = true
			}
		})
	}
	// Reading the body only keeps a loop from being reported: look for
	// it only in a loop that would be.
	if v.streaming() {
		for _, p := range parts {
			if p != nil && c.readsBody(l.sc, p) {
				v.observes = true
			}
		}
	}
	return v
}

// readsBody reports whether n (outside nested function literals) reads
// the request body: r.Body.Read(buf), dec.Decode(&v) on a decoder built
// over it, io.ReadFull(r.Body, buf).
func (c *checker) readsBody(sc *scope.Scope, n ast.Node) bool {
	isBody := func(e ast.Expr) bool {
		if sc.IsRequestBody(e) {
			return true
		}
		v := c.varOf(e)
		return v != nil && c.bodyReaders[v]
	}
	found := false
	ast.Inspect(n, func(m ast.Node) bool {
		switch m := m.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if sel, ok := ast.Unparen(m.Fun).(*ast.SelectorExpr); ok && isBody(sel.X) {
				found = true
			}
			if slices.ContainsFunc(m.Args, isBody) {
				found = true
			}
		}
		return !found
	})
	return found
}

// A span is a range of source positions.
type span struct{ from, to token.Pos }

// exitSpans returns the parts of loop's body that run only on the way out
// of the loop: the statements before a return, or before a break that
// leaves the loop, in the same statement list. A write there (an error
// reply, a final status) happens once, not once per round.
func exitSpans(loop ast.Stmt) []span {
	var out []span
	var visit func(list []ast.Stmt, breakLeaves bool)
	// walk visits the statement lists nested in n; breakLeaves says
	// whether an unlabeled break in them leaves loop.
	var walk func(n ast.Node, breakLeaves bool)
	visit = func(list []ast.Stmt, breakLeaves bool) {
		for i, st := range list {
			exit := false
			switch st := st.(type) {
			case *ast.ReturnStmt:
				exit = true
			case *ast.BranchStmt:
				exit = st.Tok == token.BREAK && st.Label == nil && breakLeaves
			}
			if exit && i > 0 {
				out = append(out, span{list[0].Pos(), st.Pos()})
			}
			walk(st, breakLeaves)
		}
	}
	walk = func(n ast.Node, breakLeaves bool) {
		switch n := n.(type) {
		case *ast.CaseClause:
			visit(n.Body, false) // break leaves the switch
			return
		case *ast.CommClause:
			visit(n.Body, false) // break leaves the select
			return
		}
		ast.Inspect(n, func(m ast.Node) bool {
			if m == n {
				return true
			}
			switch m := m.(type) {
			case *ast.FuncLit:
				return false
			case *ast.BlockStmt:
				visit(m.List, breakLeaves)
				return false
			case *ast.CaseClause:
				visit(m.Body, false) // break leaves the switch
				return false
			case *ast.CommClause:
				visit(m.Body, false) // break leaves the select
				return false
			case *ast.ForStmt, *ast.RangeStmt:
				walk(m, false) // break leaves the inner loop
				return false
			}
			return true
		})
	}
	switch loop := loop.(type) {
	case *ast.ForStmt:
		visit(loop.Body.List, true)
	case *ast.RangeStmt:
		visit(loop.Body.List, true)
	}
	return out
}

// checkWritesAfterWaits runs the dataflow over every scope on the
// handler path and reports the first write after a wait on each path.
// A wait and a write inside one loop are the loop's business
// (checkLoops): the loop either observes the client (a check, a
// select on Done, a write error it stops on) or is reported as a whole.
func (c *checker) checkWritesAfterWaits() {
	for _, sc := range c.scopes.List {
		if c.skipFile(sc.Body.Pos()) {
			continue
		}
		// summarize's analysis of sc, if still valid, found the same.
		run, valid := c.lastRun(sc)
		found := run.found
		if !valid {
			_, found = c.analyze(sc, false)
		}
		for _, f := range found {
			if c.inOneLoop(sc, f.wait.pos, f.write.pos) {
				continue
			}
			ctx := c.ctxSource(sc, f.write.pos)
			msg := fmt.Sprintf("%s writes to the response after %s (line %d) with no check of the request context in between: "+
				"the client may have gone during the wait, so the write goes to a closed connection (\"broken pipe\"/reset) and the work was wasted; "+
				"check %s.Err() or select on %s.Done()",
				f.write.what, f.wait.what, c.pass.Fset.Position(f.wait.pos).Line, ctx, ctx)
			if f.gin {
				msg += "; " + ginNote
			}
			c.rep.Report(analysis.Diagnostic{Pos: f.write.pos, End: f.write.end, Message: msg})
		}
	}
}

// inOneLoop reports whether a loop on sc's handler path holds both the
// wait and the write, and the write is one of the loop's rounds (not an
// error reply on the way out, which is reported like any other write).
func (c *checker) inOneLoop(sc *scope.Scope, wait, write token.Pos) bool {
	for i := range c.loops {
		l := &c.loops[i]
		if l.sc != sc || min(wait, write) < l.stmt.Pos() || max(wait, write) >= l.stmt.End() {
			continue
		}
		if !slices.ContainsFunc(l.exitSpans(), func(r span) bool { return r.from <= write && write < r.to }) {
			return true
		}
	}
	return false
}

// checkCloseNotify reports uses of the deprecated http.CloseNotifier,
// once per function: `cn, ok := w.(http.CloseNotifier)` and a later
// `cn.CloseNotify()` are one use.
func (c *checker) checkCloseNotify() {
	seen := map[ast.Node]bool{}
	for _, u := range c.notifies {
		if seen[u.fn] {
			continue
		}
		seen[u.fn] = true
		what := "http.CloseNotifier is deprecated"
		if u.method {
			what = "CloseNotify is deprecated"
		}
		c.rep.Reportf(u.pos, "%s: it may not fire until the request body has been read, and ResponseWriters wrapped "+
			"by middleware often do not implement it; use %s.Done(), which is closed when the client goes away",
			what, c.ctxSource(u.sc, u.pos))
	}
}
