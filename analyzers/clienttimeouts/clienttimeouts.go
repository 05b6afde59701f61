// Package clienttimeouts reports HTTP clients that wait forever on a
// stalled server, and connection pools that go stale or are thrown away.
package clienttimeouts

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/resetlint/resetlint/analyzers/internal/code"
	"github.com/resetlint/resetlint/analyzers/internal/construct"
	"github.com/resetlint/resetlint/analyzers/internal/duration"
	"github.com/resetlint/resetlint/analyzers/internal/edit"
	"github.com/resetlint/resetlint/analyzers/internal/scope"
	"github.com/resetlint/resetlint/analyzers/internal/suppress"
)

// Analyzer is the clienttimeouts pass with its default settings.
var Analyzer = New()

// New returns a fresh clienttimeouts analyzer with its own flags, so that two
// configurations (two golangci-lint linter instances) never share state.
func New() *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:     "clienttimeouts",
		Doc:      doc,
		URL:      "https://github.com/resetlint/resetlint#clienttimeouts",
		Requires: []*analysis.Analyzer{inspect.Analyzer, scope.Analyzer},
		Run:      run,
	}
}

// The values the fixes set, with %s the qualifier of package time.
const (
	clientTimeout   = "30 * %sSecond"
	idleConnTimeout = "90 * %sSecond" // http.DefaultTransport's
)

// defaultClientFuncs are the net/http functions that send a request
// through http.DefaultClient; defaultClientMethods the methods of
// *http.Client that do.
var (
	defaultClientFuncs   = map[string]bool{"Get": true, "Head": true, "Post": true, "PostForm": true}
	defaultClientMethods = map[string]bool{"Do": true, "Get": true, "Head": true, "Post": true, "PostForm": true}
)

// consequence says what a unit-less value of each duration setting does,
// by type and field.
var consequence = map[string]map[string]string{
	"Client": {
		"Timeout": "every request through this client fails at once",
	},
	"Transport": {
		"IdleConnTimeout":       "pooled connections are closed the moment they go idle and never reused",
		"TLSHandshakeTimeout":   "every TLS handshake fails at once",
		"ResponseHeaderTimeout": "every request fails waiting for the response headers",
	},
	"Dialer": {
		"Timeout": "every dial fails at once",
	},
}

type checker struct {
	pass   *analysis.Pass
	rep    *suppress.Reporter
	ed     *edit.Editor
	scopes *scope.Scopes
	root   inspector.Cursor

	assignments map[*types.Var]assignments // cache of assigned
	following   map[*types.Var]bool        // variables follow is inside
}

func run(pass *analysis.Pass) (any, error) {
	// Fast path: without net/http a package can neither build an
	// http.Client nor call http.Get.
	if !scope.ImportsNetHTTP(pass.Pkg) {
		return nil, nil
	}
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	c := &checker{
		pass:        pass,
		rep:         suppress.New(pass),
		ed:          edit.New(pass),
		scopes:      pass.ResultOf[scope.Analyzer].(*scope.Scopes),
		root:        ins.Root(),
		assignments: make(map[*types.Var]assignments),
		following:   make(map[*types.Var]bool),
	}
	var (
		sites        []construct.Site
		clones       []inspector.Cursor // calls of (*http.Transport).Clone
		defaultCalls []*ast.CallExpr    // requests sent through http.DefaultClient
		configured   bool               // the package sets http.DefaultClient's timeout itself
	)
	for file := range ins.Root().Children() {
		// Clients in tests talk to test servers.
		if code.IsTestSupport(pass, file.Node().(*ast.File)) {
			continue
		}
		for cur := range file.Preorder((*ast.CallExpr)(nil), (*ast.CompositeLit)(nil), (*ast.ValueSpec)(nil), (*ast.AssignStmt)(nil)) {
			// The only call that constructs is new(T): skip the lookup
			// for the others.
			call, isCall := cur.Node().(*ast.CallExpr)
			if !isCall || calleeName(call.Fun) == "new" {
				if site, ok := construct.Of(pass.TypesInfo, cur, isClientOrTransport); ok {
					sites = append(sites, site)
					continue
				}
			}
			switch n := cur.Node().(type) {
			case *ast.CallExpr:
				// The callee's name rules out most calls before
				// their callee is resolved.
				switch name := calleeName(n.Fun); {
				case defaultClientFuncs[name] || defaultClientMethods[name]:
					if c.usesDefaultClient(n) {
						defaultCalls = append(defaultCalls, n)
					}
				case name == "Clone":
					if isTransportClone(pass.TypesInfo, n) {
						clones = append(clones, cur)
					}
				}
			case *ast.CompositeLit:
				c.checkLiteralDurations(n)
			case *ast.AssignStmt:
				if c.assignsDefaultClient(n) {
					configured = true
				}
				c.checkAssignedDurations(n)
			}
		}
	}
	// A package that sets http.DefaultClient.Timeout (or replaces the
	// client) has given its default requests a timeout.
	if !configured {
		for _, call := range defaultCalls {
			c.checkDefaultClientCall(call)
		}
	}
	for _, site := range sites {
		if site.Lit != nil {
			c.checkLiteralDurations(site.Lit)
		}
		if scope.IsNamed(site.Type, scope.NetHTTPPath, "Client", false) {
			c.checkClient(site)
		} else {
			c.checkTransport(site)
		}
	}
	for _, cur := range clones {
		if where, ok := c.builtPerCall(cur); ok {
			c.reportPerCall(cur.Node(), "cloned", where)
		}
	}
	return nil, nil
}

func isClientOrTransport(t *types.Named) bool {
	return scope.IsNamed(t, scope.NetHTTPPath, "Client", false) || scope.IsNamed(t, scope.NetHTTPPath, "Transport", false)
}

// usesDefaultClient reports whether call sends a request through
// http.DefaultClient: http.Get and its siblings, or a method call on
// http.DefaultClient (or a local variable that only ever holds it).
func (c *checker) usesDefaultClient(call *ast.CallExpr) bool {
	fn, _ := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
	if fn == nil {
		return false
	}
	if defaultClientFuncs[fn.Name()] && scope.IsPkgFunc(fn, scope.NetHTTPPath, fn.Name()) {
		return true
	}
	if !defaultClientMethods[fn.Name()] || !scope.IsMethod(fn, scope.NetHTTPPath, "Client", fn.Name()) {
		return false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	return ok && c.isDefaultClient(sel.X)
}

// isDefaultClient reports whether e is http.DefaultClient, or a local
// variable whose every value is.
func (c *checker) isDefaultClient(e ast.Expr) bool {
	if c.isDefaultClientExpr(e) {
		return true
	}
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return false
	}
	v, _ := c.pass.TypesInfo.Uses[id].(*types.Var)
	if !construct.IsLocal(v) {
		return false
	}
	values, ok := c.assigned(v)
	if !ok || len(values) == 0 {
		return false
	}
	for _, val := range values {
		if !c.isDefaultClientExpr(val) {
			return false
		}
	}
	return true
}

func isDefaultClientVar(obj types.Object) bool {
	v, ok := obj.(*types.Var)
	return ok && v.Pkg() != nil && v.Pkg().Path() == scope.NetHTTPPath && v.Name() == "DefaultClient" && !construct.IsLocal(v)
}

// assignsDefaultClient reports whether as sets http.DefaultClient's
// timeout or replaces the client: http.DefaultClient.Timeout = d,
// http.DefaultClient = c, *http.DefaultClient = http.Client{...}.
func (c *checker) assignsDefaultClient(as *ast.AssignStmt) bool {
	for _, lhs := range as.Lhs {
		lhs = ast.Unparen(lhs)
		if sel, ok := lhs.(*ast.SelectorExpr); ok && sel.Sel.Name == "Timeout" && c.isDefaultClientExpr(sel.X) {
			return true
		}
		if star, ok := lhs.(*ast.StarExpr); ok {
			lhs = star.X
		}
		if c.isDefaultClientExpr(lhs) {
			return true
		}
	}
	return false
}

// isDefaultClientExpr reports whether e names the variable
// http.DefaultClient itself.
func (c *checker) isDefaultClientExpr(e ast.Expr) bool {
	// The name first: it rules out most expressions without a lookup.
	switch e := ast.Unparen(e).(type) {
	case *ast.SelectorExpr:
		return e.Sel.Name == "DefaultClient" && isDefaultClientVar(c.pass.TypesInfo.Uses[e.Sel])
	case *ast.Ident:
		return e.Name == "DefaultClient" && isDefaultClientVar(c.pass.TypesInfo.Uses[e])
	}
	return false
}

func isTransportClone(info *types.Info, call *ast.CallExpr) bool {
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	return scope.IsMethod(fn, scope.NetHTTPPath, "Transport", "Clone")
}

// checkDefaultClientCall reports a request sent through
// http.DefaultClient, unless it is a Do whose request carries a
// context that can end it.
func (c *checker) checkDefaultClientCall(call *ast.CallExpr) {
	fn := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
	sig := fn.Type().(*types.Signature)
	var what string
	if sig.Recv() == nil {
		what = "http." + fn.Name() + " uses http.DefaultClient, which has no timeout"
	} else {
		if fn.Name() == "Do" && len(call.Args) == 1 && c.requestContext(call.Args[0]) != noContext {
			return
		}
		what = "http.DefaultClient has no timeout"
	}
	d := analysis.Diagnostic{
		Pos:     call.Pos(),
		End:     call.End(),
		Message: what + ": a stalled server hangs this request, and the goroutine making it, forever",
	}
	if fix, ok := c.defaultClientFix(call, sig.Recv() != nil); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	c.rep.Report(d)
}

// defaultClientFix replaces http.Get with (&http.Client{Timeout: ...}).Get,
// and http.DefaultClient with (&http.Client{Timeout: ...}). The client
// shares http.DefaultTransport, so connections are still pooled.
func (c *checker) defaultClientFix(call *ast.CallExpr, method bool) (analysis.SuggestedFix, bool) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	// The expression to replace: the function, or the receiver.
	target, name := ast.Expr(sel), "."+sel.Sel.Name
	if method {
		target, name = sel.X, ""
	}
	httpSel, ok := ast.Unparen(target).(*ast.SelectorExpr)
	if !ok {
		return analysis.SuggestedFix{}, false // a local alias of DefaultClient
	}
	pkgID, ok := httpSel.X.(*ast.Ident)
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	if _, ok := c.pass.TypesInfo.Uses[pkgID].(*types.PkgName); !ok {
		return analysis.SuggestedFix{}, false
	}
	timeQual, imports, ok := c.ed.Import(call.Pos(), "time")
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	text := fmt.Sprintf("(&%s.Client{Timeout: %s})%s", pkgID.Name, fmt.Sprintf(clientTimeout, timeQual), name)
	return analysis.SuggestedFix{
		Message:   "use an http.Client with a Timeout",
		TextEdits: append([]analysis.TextEdit{{Pos: target.Pos(), End: target.End(), NewText: []byte(text)}}, imports...),
	}, true
}

// A ctxKind says what a request's context can do to end it.
type ctxKind uint8

const (
	noContext   ctxKind = iota // none, or context.Background/TODO: nothing ends the request
	someCtx                    // a context the pass cannot see the end of: a parameter, r.Context(), WithCancel
	deadlineCtx                // a context with a deadline built here: WithTimeout, WithDeadline
)

// requestContext returns the kind of context the request e carries,
// following local variables through their assignments: the most that
// any of them attaches.
func (c *checker) requestContext(e ast.Expr) ctxKind {
	return c.follow(e, 0, c.requestContextOf)
}

func (c *checker) requestContextOf(e ast.Expr, depth int) ctxKind {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return someCtx
	}
	fn, _ := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
	switch {
	case scope.IsPkgFunc(fn, scope.NetHTTPPath, "NewRequest"):
		return noContext
	case scope.IsPkgFunc(fn, scope.NetHTTPPath, "NewRequestWithContext") && len(call.Args) > 0,
		(scope.IsMethod(fn, scope.NetHTTPPath, "Request", "WithContext") ||
			scope.IsMethod(fn, scope.NetHTTPPath, "Request", "Clone")) && len(call.Args) == 1:
		return c.follow(call.Args[0], depth+1, c.contextOf)
	}
	return someCtx
}

// contextOf returns the kind of the context expression e.
func (c *checker) contextOf(e ast.Expr, depth int) ctxKind {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return someCtx
	}
	fn, _ := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != "context" {
		return someCtx // r.Context(), signal.NotifyContext, a helper
	}
	parent := func() ctxKind {
		if len(call.Args) == 0 {
			return someCtx
		}
		return c.follow(call.Args[0], depth+1, c.contextOf)
	}
	switch fn.Name() {
	case "Background", "TODO":
		return noContext
	case "WithTimeout", "WithDeadline", "WithTimeoutCause", "WithDeadlineCause":
		return deadlineCtx
	case "WithCancel", "WithCancelCause":
		// Someone holds the cancel function; the pass cannot tell when
		// they call it.
		return max(parent(), someCtx)
	case "WithValue":
		return parent()
	case "WithoutCancel":
		return noContext // drops the parent's deadline and cancellation
	}
	return someCtx
}

// follow applies kindOf to e, or, when e is a local variable, to every
// value assigned to it, and returns the most any of them gives. Chains
// are short; depth bounds them and cuts cycles (ctx = f(ctx)).
func (c *checker) follow(e ast.Expr, depth int, kindOf func(ast.Expr, int) ctxKind) ctxKind {
	if depth > 8 {
		return someCtx
	}
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return kindOf(e, depth)
	}
	v, _ := c.pass.TypesInfo.Uses[id].(*types.Var)
	if !construct.IsLocal(v) {
		return someCtx
	}
	// ctx = context.WithValue(ctx, k, v): the variable's own earlier
	// values decide; the reference back adds nothing.
	if c.following[v] {
		return noContext
	}
	kind := noContext
	values, ok := c.assigned(v)
	if !ok {
		// A parameter reassigned in the function (ctx, cancel :=
		// context.WithTimeout(ctx, d)): the caller's value, which the
		// pass cannot see, and the function's own.
		values, ok = c.reassignedParam(v)
		kind = someCtx
	}
	if !ok || len(values) == 0 {
		return someCtx
	}
	c.following[v] = true
	defer delete(c.following, v)
	for _, val := range values {
		kind = max(kind, c.follow(val, depth+1, kindOf))
	}
	return kind
}

// assigned returns the values assigned to the local variable v,
// computed once per variable.
func (c *checker) assigned(v *types.Var) ([]ast.Expr, bool) {
	if r, ok := c.assignments[v]; ok {
		return r.values, r.ok
	}
	var r assignments
	if fn, ok := construct.DeclaringFunc(v, c.root); ok {
		r.values, r.ok = construct.Assigned(c.pass.TypesInfo, v, fn)
	}
	c.assignments[v] = r
	return r.values, r.ok
}

// reassignedParam returns the values a function assigns to its
// parameter v, and false if v is not a parameter.
func (c *checker) reassignedParam(v *types.Var) ([]ast.Expr, bool) {
	fn, ok := construct.DeclaringFunc(v, c.root)
	if !ok {
		return nil, false
	}
	var params *ast.FieldList
	switch n := fn.Node().(type) {
	case *ast.FuncDecl:
		params = n.Type.Params
	case *ast.FuncLit:
		params = n.Type.Params
	}
	if params == nil || v.Pos() < params.Pos() || v.Pos() >= params.End() {
		return nil, false
	}
	return construct.Reassigned(c.pass.TypesInfo, v, fn)
}

type assignments struct {
	values []ast.Expr
	ok     bool
}

// checkClient reports an http.Client built with no Timeout, unless a
// Timeout is assigned later or every request it sends in the function
// that builds it carries a deadline built there.
func (c *checker) checkClient(site construct.Site) {
	info := c.pass.TypesInfo
	var later []construct.Use
	if h := construct.Follow(info, site.Cursor); h.Where == construct.Var {
		fn, ok := construct.DeclaringFunc(h.Var, site.Cursor)
		if !ok {
			return // its uses cannot be found: say nothing
		}
		uses := construct.Uses(info, h.Var, fn)
		for _, u := range uses {
			switch u.Kind {
			case construct.FieldSet:
				later = append(later, u)
			case construct.Reassign:
				if !construct.Rebuilds(info, u.Value) {
					return // holds a client from elsewhere too
				}
			}
		}
		if c.allRequestsHaveDeadlines(uses) {
			return
		}
	}
	if duration.AnyOn(info, construct.FieldValues(site.Lit, later, "Timeout")) {
		return
	}
	d := analysis.Diagnostic{
		Pos:     site.Node.Pos(),
		Message: "http.Client has no Timeout: a stalled server hangs its requests, and the goroutines making them, forever",
	}
	if fix, ok := c.fieldFix(site, later, "Timeout", clientTimeout); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	c.rep.Report(d)
}

// allRequestsHaveDeadlines reports whether the uses of a client variable
// send at least one request, only with Do, each carrying a deadline
// built in the function, and never hand the client on.
func (c *checker) allRequestsHaveDeadlines(uses []construct.Use) bool {
	sent := false
	for _, u := range uses {
		switch u.Kind {
		case construct.Escape, construct.MethodValue:
			return false
		case construct.MethodCall:
			if !defaultClientMethods[u.Name] {
				continue
			}
			if u.Name != "Do" || len(u.Call.Args) != 1 || c.requestContext(u.Call.Args[0]) != deadlineCtx {
				return false
			}
			sent = true
		}
	}
	return sent
}

// checkTransport reports an http.Transport built per request or per loop
// iteration, or else built with no IdleConnTimeout.
func (c *checker) checkTransport(site construct.Site) {
	// A Transport whose idle connections are closed in the function
	// that builds it is a deliberate one-off: no pool outlives it.
	if c.drained(site.Cursor, 0) {
		return
	}
	if where, ok := c.builtPerCall(site.Cursor); ok {
		c.reportPerCall(site.Node, "built", where)
		return
	}
	info := c.pass.TypesInfo
	var later []construct.Use
	if h := construct.Follow(info, site.Cursor); h.Where == construct.Var {
		fn, ok := construct.DeclaringFunc(h.Var, site.Cursor)
		if !ok {
			return // its uses cannot be found: say nothing
		}
		for _, u := range construct.Uses(info, h.Var, fn) {
			switch u.Kind {
			case construct.FieldSet:
				later = append(later, u)
			case construct.Reassign:
				if !construct.Rebuilds(info, u.Value) {
					return // holds a transport from elsewhere too
				}
			}
		}
	}
	if duration.AnyOn(info, construct.FieldValues(site.Lit, later, "IdleConnTimeout")) {
		return
	}
	d := analysis.Diagnostic{
		Pos: site.Node.Pos(),
		Message: "http.Transport has no IdleConnTimeout: pooled connections stay open until the server drops them, " +
			"and the next request sent on one gets a connection reset",
	}
	if fix, ok := c.fieldFix(site, later, "IdleConnTimeout", idleConnTimeout); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	c.rep.Report(d)
}

// drained reports whether the Transport built at cur, or the Client
// literal it is the Transport of, is kept in a local variable on which
// CloseIdleConnections is called.
func (c *checker) drained(cur inspector.Cursor, depth int) bool {
	info := c.pass.TypesInfo
	h := construct.Follow(info, cur)
	switch h.Where {
	case construct.Nested:
		return depth == 0 && h.Key == "Transport" && c.drained(h.Outer, depth+1)
	case construct.Var:
		fn, ok := construct.DeclaringFunc(h.Var, cur)
		if !ok {
			return false
		}
		for _, u := range construct.Uses(info, h.Var, fn) {
			if (u.Kind == construct.MethodCall || u.Kind == construct.MethodValue) && u.Name == "CloseIdleConnections" {
				return true
			}
		}
	}
	return false
}

// fieldFix sets the field name to the value format (formatted with the
// qualifier of package time) where the value is built; not when a later
// assignment would override it.
func (c *checker) fieldFix(site construct.Site, later []construct.Use, name, format string) (analysis.SuggestedFix, bool) {
	for _, u := range later {
		if u.Name == name {
			return analysis.SuggestedFix{}, false
		}
	}
	timeQual, imports, ok := c.ed.Import(site.Node.Pos(), "time")
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	edits, ok := c.ed.SetFields(site.Node, []edit.Field{{Name: name, Value: fmt.Sprintf(format, timeQual)}})
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	return analysis.SuggestedFix{Message: "add " + name, TextEdits: append(edits, imports...)}, true
}

// builtPerCall reports whether the value built at cur is made afresh for
// each request or loop iteration and dropped after it: it is built in a
// loop body or a request scope and stays in variables and values local
// to it. It returns "request" or "loop iteration".
func (c *checker) builtPerCall(cur inspector.Cursor) (string, bool) {
	if loop, ok := enclosingLoopBody(cur); ok && c.confined(cur, loop.Node(), 0) {
		return "loop iteration", true
	}
	for fn := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		if sc := c.scopes.Of(fn.Node()); sc != nil && servesRequest(sc) {
			if c.confined(cur, sc.Body, 0) {
				return "request", true
			}
			break
		}
	}
	return "", false
}

// servesRequest reports whether the scope runs once per incoming request:
// a handler, or a helper given the ResponseWriter. A function given only
// an *http.Request may as well be client code sending it.
func servesRequest(sc *scope.Scope) bool {
	return sc.Role == scope.Handler || sc.Writer != nil
}

// enclosingLoopBody returns the body of the innermost loop that runs the
// code at cur once per iteration, looking through function literals that
// are called or started (go, defer) where they stand.
func enclosingLoopBody(cur inspector.Cursor) (inspector.Cursor, bool) {
	for c := cur; ; c = c.Parent() {
		p := c.Parent()
		switch p.Node().(type) {
		case nil, *ast.File: // package level
			return inspector.Cursor{}, false
		case *ast.ForStmt, *ast.RangeStmt:
			if k := c.ParentEdgeKind(); k == edge.ForStmt_Body || k == edge.RangeStmt_Body {
				return c, true
			}
		case *ast.FuncDecl:
			return inspector.Cursor{}, false
		case *ast.FuncLit:
			call, ok := p.Parent().Node().(*ast.CallExpr)
			if !ok || ast.Unparen(call.Fun) != p.Node() {
				return inspector.Cursor{}, false
			}
		}
	}
}

// confined reports whether the value built at cur stays inside region:
// it is used on the spot, or kept in a variable declared in region that
// is never handed on, or is a field of another value that is confined.
func (c *checker) confined(cur inspector.Cursor, region ast.Node, depth int) bool {
	if depth > 4 {
		return false
	}
	info := c.pass.TypesInfo
	h := construct.Follow(info, cur)
	switch h.Where {
	case construct.Receiver:
		return true
	case construct.Nested:
		return c.confined(h.Outer, region, depth+1)
	case construct.Var:
		if h.Var.Pos() < region.Pos() || h.Var.Pos() >= region.End() {
			return false
		}
		fn, ok := construct.DeclaringFunc(h.Var, cur)
		if !ok {
			return false
		}
		for _, u := range construct.Uses(info, h.Var, fn) {
			if u.Kind != construct.Escape {
				continue
			}
			// Kept in another literal (a Client's Transport): follow it.
			kv, ok := u.Ident.Parent().Node().(*ast.KeyValueExpr)
			if !ok || u.Ident.ParentEdgeKind() != edge.KeyValueExpr_Value {
				return false
			}
			outer := u.Ident.Parent().Parent()
			if _, ok := outer.Node().(*ast.CompositeLit); !ok || kv == nil || !c.confined(outer, region, depth+1) {
				return false
			}
		}
		return true
	}
	return false
}

// reportPerCall reports a Transport built or cloned per request or loop
// iteration.
func (c *checker) reportPerCall(n ast.Node, how, where string) {
	c.rep.Report(analysis.Diagnostic{
		Pos: n.Pos(),
		Message: fmt.Sprintf("http.Transport %s on every %s: its connections are never reused, "+
			"so each %s dials a new one and leaves it open as an idle connection", how, where, where),
	})
}

// checkLiteralDurations reports unit-less durations in a literal of
// http.Client, http.Transport or net.Dialer.
func (c *checker) checkLiteralDurations(lit *ast.CompositeLit) {
	fields := durationFields(c.pass.TypesInfo.TypeOf(lit))
	if fields == nil {
		return
	}
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		if id, ok := kv.Key.(*ast.Ident); ok {
			c.checkDuration(fields, id.Name, kv.Value)
		}
	}
}

// checkAssignedDurations reports unit-less durations assigned to the
// fields of a client, transport or dialer: c.Timeout = 30.
func (c *checker) checkAssignedDurations(as *ast.AssignStmt) {
	if as.Tok != token.ASSIGN || len(as.Lhs) != len(as.Rhs) {
		return
	}
	for i, lhs := range as.Lhs {
		sel, ok := ast.Unparen(lhs).(*ast.SelectorExpr)
		if !ok {
			continue
		}
		s := c.pass.TypesInfo.Selections[sel]
		if s == nil || s.Kind() != types.FieldVal {
			continue
		}
		if fields := durationFields(s.Recv()); fields != nil {
			c.checkDuration(fields, sel.Sel.Name, as.Rhs[i])
		}
	}
}

// durationFields returns the consequences of unit-less values for the
// fields of t (or *t), if t is a type the pass checks.
func durationFields(t types.Type) map[string]string {
	if t == nil {
		return nil
	}
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	switch {
	case scope.IsNamed(t, scope.NetHTTPPath, "Client", false):
		return consequence["Client"]
	case scope.IsNamed(t, scope.NetHTTPPath, "Transport", false):
		return consequence["Transport"]
	case scope.IsNamed(t, "net", "Dialer", false):
		return consequence["Dialer"]
	}
	return nil
}

// checkDuration reports value, given to a duration field, if it is a
// unit-less constant.
func (c *checker) checkDuration(fields map[string]string, field string, value ast.Expr) {
	what, ok := fields[field]
	if !ok {
		return
	}
	if d, ok := duration.UnitlessDiagnostic(c.pass.TypesInfo, c.ed, field, value, what); ok {
		c.rep.Report(d)
	}
}

// calleeName is the name of the function call.Fun calls, "" if it names
// none (see code.CalleeIdent).
func calleeName(fun ast.Expr) string {
	if id := code.CalleeIdent(fun); id != nil {
		return id.Name
	}
	return ""
}
