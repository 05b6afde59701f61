// Package servertimeouts reports HTTP servers that run without the
// timeouts that protect them from slow and idle clients.
package servertimeouts

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/resetlint/resetlint/analyzers/internal/code"
	"github.com/resetlint/resetlint/analyzers/internal/construct"
	"github.com/resetlint/resetlint/analyzers/internal/duration"
	"github.com/resetlint/resetlint/analyzers/internal/edit"
	"github.com/resetlint/resetlint/analyzers/internal/scope"
	"github.com/resetlint/resetlint/analyzers/internal/suppress"
)

// Analyzer is the servertimeouts pass with its default settings.
var Analyzer = New()

// New returns a fresh servertimeouts analyzer with its own flags, so that two
// configurations (two golangci-lint linter instances) never share state.
func New() *analysis.Analyzer {
	a := &analysis.Analyzer{
		Name:     "servertimeouts",
		Doc:      doc,
		URL:      "https://github.com/resetlint/resetlint#servertimeouts",
		Requires: []*analysis.Analyzer{inspect.Analyzer},
	}
	var cfg config
	a.Flags.BoolVar(&cfg.write, "write", false,
		"also require WriteTimeout (off by default: it cuts long-running responses such as streams and downloads)")
	a.Run = func(pass *analysis.Pass) (any, error) { return run(pass, cfg) }
	return a
}

// config holds the pass's flags, read when the pass runs.
type config struct {
	write bool // require WriteTimeout too
}

// The timeouts added by the fixes.
var (
	readHeaderTimeout = fieldDefault{"ReadHeaderTimeout", 10, "Second"}
	idleTimeout       = fieldDefault{"IdleTimeout", 2, "Minute"}
	writeTimeout      = fieldDefault{"WriteTimeout", 30, "Second"}
)

type fieldDefault struct {
	name string
	n    int
	unit string // a constant of package time
}

// serveFuncs are the net/http functions that serve on a server with no
// timeouts, with the position of their handler argument.
var serveFuncs = map[string]int{
	"ListenAndServe":    1, // (addr, handler)
	"ListenAndServeTLS": 3, // (addr, certFile, keyFile, handler)
	"Serve":             1, // (l, handler)
	"ServeTLS":          1, // (l, handler, certFile, keyFile)
}

// serveMethods are the methods of *http.Server that start serving.
var serveMethods = map[string]bool{
	"ListenAndServe": true, "ListenAndServeTLS": true, "Serve": true, "ServeTLS": true,
}

// consequence says what a unit-less value of each timeout does.
var consequence = map[string]string{
	"ReadTimeout":       "every connection is closed before its request is read",
	"ReadHeaderTimeout": "every connection is closed before its request is read",
	"WriteTimeout":      "every response is cut off and the client gets a reset",
	"IdleTimeout":       "keep-alive connections are closed the moment they go idle, and a client reusing one gets a reset",
}

type checker struct {
	pass *analysis.Pass
	cfg  config
	rep  *suppress.Reporter
	ed   *edit.Editor
}

func run(pass *analysis.Pass, cfg config) (any, error) {
	// Fast path: without net/http a package can neither name http.Server
	// nor call http.ListenAndServe.
	if !scope.ImportsNetHTTP(pass.Pkg) {
		return nil, nil
	}
	c := &checker{pass: pass, cfg: cfg, rep: suppress.New(pass), ed: edit.New(pass)}
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	var sites []construct.Site
	for file := range ins.Root().Children() {
		// Servers in tests serve tests; their timeouts do not matter.
		if code.IsTestSupport(pass, file.Node().(*ast.File)) {
			continue
		}
		for cur := range file.Preorder((*ast.CallExpr)(nil), (*ast.CompositeLit)(nil), (*ast.ValueSpec)(nil), (*ast.AssignStmt)(nil)) {
			// The only call that constructs is new(T), and the only
			// others of interest are named in serveFuncs: the callee's
			// name rules out most calls before it is resolved.
			call, isCall := cur.Node().(*ast.CallExpr)
			name := ""
			if isCall {
				name = calleeName(call.Fun)
			}
			if !isCall || name == "new" {
				if site, ok := construct.Of(pass.TypesInfo, cur, isServer); ok {
					sites = append(sites, site)
					if site.Lit != nil {
						c.checkLiteralDurations(site.Lit)
					}
					continue
				}
			}
			switch n := cur.Node().(type) {
			case *ast.CallExpr:
				if _, ok := serveFuncs[name]; ok {
					c.checkServeFunc(n)
				}
			case *ast.AssignStmt:
				c.checkAssignedDurations(n)
			}
		}
	}
	for _, site := range sites {
		c.checkServer(site)
	}
	return nil, nil
}

func isServer(t *types.Named) bool { return scope.IsNamed(t, scope.NetHTTPPath, "Server", false) }

// checkServeFunc reports http.ListenAndServe and its siblings: the
// server they build has every timeout off.
func (c *checker) checkServeFunc(call *ast.CallExpr) {
	fn, _ := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != scope.NetHTTPPath {
		return
	}
	if _, ok := serveFuncs[fn.Name()]; !ok || !scope.IsPkgFunc(fn, scope.NetHTTPPath, fn.Name()) {
		return
	}
	d := analysis.Diagnostic{
		Pos: call.Pos(),
		End: call.End(),
		Message: fmt.Sprintf("http.%s starts a server with no timeouts: "+
			"a slowloris client holds connections open forever and idle keep-alive connections are never closed", fn.Name()),
	}
	if fix, ok := c.serveFuncFix(call, fn.Name()); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	c.rep.Report(d)
}

// serveFuncFix rewrites http.ListenAndServe(addr, h) into
// (&http.Server{Addr: addr, Handler: h, <timeouts>}).ListenAndServe(),
// and likewise for the other serve functions.
func (c *checker) serveFuncFix(call *ast.CallExpr, name string) (analysis.SuggestedFix, bool) {
	if call.Ellipsis.IsValid() || len(call.Args) != len(callArgs(name)) {
		return analysis.SuggestedFix{}, false
	}
	httpQual, ok := c.qualifier(call.Fun)
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	args := make(map[string]string)
	for i, role := range callArgs(name) {
		src, ok := c.ed.Source(call.Args[i])
		if !ok {
			return analysis.SuggestedFix{}, false
		}
		args[role] = src
	}
	timeQual, imports, ok := c.ed.Import(call.Pos(), "time")
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	var fields []edit.Field
	if addr, ok := args["addr"]; ok {
		fields = append(fields, edit.Field{Name: "Addr", Value: addr})
	}
	// A nil handler means http.DefaultServeMux for both the function
	// and the Server, so the field can be left out.
	if !isNil(c.pass.TypesInfo, call.Args[serveFuncs[name]]) {
		fields = append(fields, edit.Field{Name: "Handler", Value: args["handler"]})
	}
	defaults := []fieldDefault{readHeaderTimeout, idleTimeout}
	if c.cfg.write {
		defaults = append(defaults, writeTimeout)
	}
	for _, f := range defaults {
		fields = append(fields, f.field(timeQual))
	}
	var methodArgs []string
	for _, role := range callArgs(name) {
		if role != "addr" && role != "handler" {
			methodArgs = append(methodArgs, args[role])
		}
	}
	text := fmt.Sprintf("(&%sServer{%s}).%s(%s)", httpQual, edit.JoinFields(fields), name, strings.Join(methodArgs, ", "))
	return analysis.SuggestedFix{
		Message:   "use an http.Server with " + joinNames(defaults),
		TextEdits: append([]analysis.TextEdit{{Pos: call.Pos(), End: call.End(), NewText: []byte(text)}}, imports...),
	}, true
}

// callArgs names the parameters of a serve function, in order.
func callArgs(name string) []string {
	switch name {
	case "ListenAndServe":
		return []string{"addr", "handler"}
	case "ListenAndServeTLS":
		return []string{"addr", "certFile", "keyFile", "handler"}
	case "Serve":
		return []string{"listener", "handler"}
	case "ServeTLS":
		return []string{"listener", "handler", "certFile", "keyFile"}
	}
	return nil
}

// qualifier returns the qualifier of net/http as the call's function
// is written: "http." or another import name, "" for a dot import.
func (c *checker) qualifier(fun ast.Expr) (string, bool) {
	switch fun := ast.Unparen(fun).(type) {
	case *ast.Ident:
		return "", true
	case *ast.SelectorExpr:
		id, ok := fun.X.(*ast.Ident)
		if !ok {
			return "", false
		}
		if _, ok := c.pass.TypesInfo.Uses[id].(*types.PkgName); ok {
			return id.Name + ".", true
		}
	}
	return "", false
}

func isNil(info *types.Info, e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return false
	}
	_, ok = info.Uses[id].(*types.Nil)
	return ok
}

// checkServer reports a server built in a function and served there
// with its slow-client or idle-connection timeouts off.
func (c *checker) checkServer(site construct.Site) {
	later, noKeepAlives, served := c.served(site)
	if !served {
		return
	}
	set := func(name string) bool {
		return duration.AnyOn(c.pass.TypesInfo, construct.FieldValues(site.Lit, later, name))
	}
	slowloris := !set("ReadHeaderTimeout") && !set("ReadTimeout")
	idle := !set("IdleTimeout") && !set("ReadTimeout") && !noKeepAlives
	write := c.cfg.write && !set("WriteTimeout")
	var missing []fieldDefault
	var msg string
	switch {
	case slowloris && idle:
		missing = append(missing, readHeaderTimeout, idleTimeout)
		msg = "http.Server is served with no ReadHeaderTimeout, IdleTimeout or ReadTimeout: " +
			"a slowloris client holds connections open forever and idle keep-alive connections are never closed"
	case slowloris:
		missing = append(missing, readHeaderTimeout)
		msg = "http.Server is served with neither ReadHeaderTimeout nor ReadTimeout: " +
			"a slowloris client holds connections open forever"
	case idle:
		missing = append(missing, idleTimeout)
		msg = "http.Server is served with neither IdleTimeout nor ReadTimeout: " +
			"idle keep-alive connections are never closed"
	}
	if write {
		missing = append(missing, writeTimeout)
		const w = "a client that stops reading holds its connection and handler forever"
		if msg == "" {
			msg = "http.Server is served with no WriteTimeout: " + w
		} else {
			msg += "; with no WriteTimeout, " + w
		}
	}
	if len(missing) == 0 {
		return
	}
	d := analysis.Diagnostic{Pos: site.Node.Pos(), Message: msg}
	if fix, ok := c.serverFix(site, later, missing); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	c.rep.Report(d)
}

// served reports whether the server built at site is served in the
// function that builds it before it escapes to code the pass cannot
// see, and returns the assignments to its fields found there, and
// whether keep-alives are switched off (SetKeepAlivesEnabled(false)),
// which leaves no idle connection to time out.
func (c *checker) served(site construct.Site) (later []construct.Use, noKeepAlives, served bool) {
	info := c.pass.TypesInfo
	h := construct.Follow(info, site.Cursor)
	switch h.Where {
	case construct.Receiver:
		// (&http.Server{...}).ListenAndServe()
		return nil, false, serveMethods[h.Sel.Sel.Name]
	case construct.Var:
	default:
		// Stored, returned, passed on or nested in another value: whoever
		// serves it may set its timeouts.
		return nil, false, false
	}
	fn, ok := construct.DeclaringFunc(h.Var, site.Cursor)
	if !ok {
		return nil, false, false // its uses cannot be found: say nothing
	}
	serve, escape := token.NoPos, token.NoPos
	for _, u := range construct.Uses(info, h.Var, fn) {
		switch u.Kind {
		case construct.MethodCall, construct.MethodValue:
			if serveMethods[u.Name] && !serve.IsValid() {
				serve = u.Pos
			}
			if u.Name == "SetKeepAlivesEnabled" && u.Call != nil && len(u.Call.Args) == 1 {
				if tv := info.Types[u.Call.Args[0]]; tv.Value != nil && tv.Value.Kind() == constant.Bool && !constant.BoolVal(tv.Value) {
					noKeepAlives = true
				}
			}
		case construct.FieldSet:
			later = append(later, u)
		case construct.Reassign:
			// Another server built here is a site of its own; any other
			// value makes the variable's server unknown.
			if !construct.Rebuilds(info, u.Value) {
				return nil, false, false
			}
		case construct.Escape:
			if !escape.IsValid() {
				escape = u.Pos
			}
		}
	}
	if !serve.IsValid() || (escape.IsValid() && escape < serve) {
		return nil, false, false
	}
	return later, noKeepAlives, true
}

// serverFix adds the missing timeouts where the server is built: into
// its literal, or by turning new(http.Server) and `var s http.Server`
// into literals. It gives up when a later assignment would override
// the new field.
func (c *checker) serverFix(site construct.Site, later []construct.Use, missing []fieldDefault) (analysis.SuggestedFix, bool) {
	for _, u := range later {
		for _, f := range missing {
			if u.Name == f.name {
				return analysis.SuggestedFix{}, false
			}
		}
	}
	timeQual, imports, ok := c.ed.Import(site.Node.Pos(), "time")
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	var fields []edit.Field
	for _, f := range missing {
		fields = append(fields, f.field(timeQual))
	}
	edits, ok := c.ed.SetFields(site.Node, fields)
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	return analysis.SuggestedFix{
		Message:   "add " + joinNames(missing),
		TextEdits: append(edits, imports...),
	}, true
}

func (f fieldDefault) field(timeQual string) edit.Field {
	return edit.Field{Name: f.name, Value: duration.Literal(f.n, f.unit, timeQual)}
}

// joinNames returns "A", "A and B", "A, B and C".
func joinNames(fs []fieldDefault) string {
	var b strings.Builder
	for i, f := range fs {
		switch {
		case i == 0:
		case i == len(fs)-1:
			b.WriteString(" and ")
		default:
			b.WriteString(", ")
		}
		b.WriteString(f.name)
	}
	return b.String()
}

// checkLiteralDurations reports unit-less timeouts in a server literal.
func (c *checker) checkLiteralDurations(lit *ast.CompositeLit) {
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		if id, ok := kv.Key.(*ast.Ident); ok {
			c.checkDuration(id.Name, kv.Value)
		}
	}
}

// checkAssignedDurations reports unit-less timeouts assigned to the
// fields of any server: srv.ReadTimeout = 5.
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
		recv := s.Recv()
		if p, ok := types.Unalias(recv).(*types.Pointer); ok {
			recv = p.Elem()
		}
		if scope.IsNamed(recv, scope.NetHTTPPath, "Server", false) {
			c.checkDuration(sel.Sel.Name, as.Rhs[i])
		}
	}
}

// checkDuration reports value, given to the server timeout field, if it
// is a unit-less constant.
func (c *checker) checkDuration(field string, value ast.Expr) {
	what, ok := consequence[field]
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
