package ctxpropagation

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/resetlint/resetlint/analyzers/internal/code"
	"github.com/resetlint/resetlint/analyzers/internal/scope"
	"github.com/resetlint/resetlint/analyzers/internal/suppress"
)

// Analyzer is the ctxpropagation pass with its default settings.
var Analyzer = New()

// config holds the pass's flags.
type config struct {
	// ginFallback: the gin engines set ContextWithFallback, so a
	// *gin.Context used as a context.Context is cancelled with the request.
	ginFallback bool
	// tests: report in _test.go files too.
	tests bool
}

// New returns a fresh ctxpropagation analyzer with its own flags, so that two
// configurations (two golangci-lint linter instances) never share state.
func New() *analysis.Analyzer {
	cfg := new(config)
	a := &analysis.Analyzer{
		Name:     "ctxpropagation",
		Doc:      doc,
		URL:      "https://github.com/resetlint/resetlint#ctxpropagation",
		Requires: []*analysis.Analyzer{inspect.Analyzer, scope.Analyzer},
	}
	a.Flags.BoolVar(&cfg.ginFallback, "ginfallback", false,
		"the gin engines set ContextWithFallback: a *gin.Context passed as a context.Context is cancelled with the request")
	a.Flags.BoolVar(&cfg.tests, "tests", false,
		"also report in _test.go files (test handlers are test doubles: what they leave running ends with the test)")
	a.Run = func(pass *analysis.Pass) (any, error) { return run(pass, cfg) }
	return a
}

// checker holds the state of one run.
type checker struct {
	pass *analysis.Pass
	cfg  *config
	rep  *suppress.Reporter

	// Memos of pure functions of types: most calls in a package go to
	// a few callees.
	callees  map[*types.Func]calleeFacts
	siblings map[siblingKey]siblingResult
}

// A siblingKey holds everything sibling's answer depends on for a call
// that does not instantiate fn, whose signature is fn's own.
type siblingKey struct {
	fn          *types.Func
	recv        types.Type // the receiver's type for a method, else nil
	pointer     bool       // the receiver's type is *recv
	addressable bool
}

type siblingResult struct {
	sib     *types.Func
	fixable bool
}

// An open scope of the walk: a request scope around the calls being
// visited, and what is known of it for every call inside.
type openScope struct {
	sc  *scope.Scope
	cur inspector.Cursor // at sc.Func
	// skip: no call directly in the scope can be reported: it lies in a
	// _test.go file (without -ctxpropagation.tests), or no request
	// context is in reach (a helper that receives only the
	// ResponseWriter).
	skip bool
	// frameworkCtx: the scope or one around it receives a gin or echo
	// context, which the *gin.Context check needs.
	frameworkCtx bool
}

func run(pass *analysis.Pass, cfg *config) (any, error) {
	// Without net/http or a framework there is no request scope.
	if !scope.ImportsFramework(pass.Pkg) {
		return nil, nil
	}
	scopes := pass.ResultOf[scope.Analyzer].(*scope.Scopes)
	// No handler, and no helper that receives a request.
	if len(scopes.List) == 0 {
		return nil, nil
	}
	c := &checker{
		pass:     pass,
		cfg:      cfg,
		rep:      suppress.New(pass),
		callees:  make(map[*types.Func]calleeFacts),
		siblings: make(map[siblingKey]siblingResult),
	}
	// The calls are visited in source order, as the innermost request
	// scope around each is tracked: a stack of the scopes whose function
	// contains the current node. Only the subtrees of the outermost
	// scopes are walked: a call outside every scope is never checked.
	var open []openScope
	filter := []ast.Node{(*ast.FuncDecl)(nil), (*ast.FuncLit)(nil), (*ast.CallExpr)(nil)}
	visit := func(cur inspector.Cursor) bool {
		for len(open) > 0 && !open[len(open)-1].cur.Contains(cur) {
			open = open[:len(open)-1]
		}
		call, ok := cur.Node().(*ast.CallExpr)
		if !ok {
			if sc := scopes.Of(cur.Node()); sc != nil {
				open = append(open, c.open(sc, cur))
			}
			return true
		}
		if len(open) == 0 {
			return true // outside any request scope
		}
		if o := open[len(open)-1]; !o.skip {
			c.checkCall(call, cur, o)
		}
		return true
	}
	// The list is in source order, outer before inner: a scope inside
	// the last walked one was visited with it.
	var last inspector.Cursor
	for i, sc := range scopes.List {
		if i > 0 && last.Contains(sc.Cursor) {
			continue
		}
		last = sc.Cursor
		open = open[:0]
		sc.Cursor.Inspect(filter, visit)
	}
	return nil, nil
}

// open returns what holds for every call directly inside sc.
func (c *checker) open(sc *scope.Scope, cur inspector.Cursor) openScope {
	o := openScope{sc: sc, cur: cur}
	// A test's handlers are test doubles (unless -ctxpropagation.tests).
	// The calls of a function lie in its file.
	if !c.cfg.tests && code.InTestFile(c.pass.Fset, sc.Func.Pos()) {
		o.skip = true
	}
	// Without a package, RequestContextSource skips the variables and
	// gives the expression built from the parameters: "" exactly when
	// no scope of the chain receives a request or a framework context,
	// the only roots of the variables that hold the request context.
	if sc.RequestContextSource(nil, token.NoPos) == "" {
		o.skip = true
	}
	for s := sc; s != nil; s = s.Parent {
		if s.Context != nil {
			o.frameworkCtx = true
		}
	}
	return o
}

// requestContext returns the source text of the request context at call,
// for messages and fixes. It is built only when reporting: finding the
// variable that holds the context costs a lookup in the scope tree.
func (c *checker) requestContext(sc *scope.Scope, call *ast.CallExpr) string {
	return sc.RequestContextSource(c.pass.Pkg, call.Pos())
}

// checkCall reports call if it starts work that is not tied to the
// request context.
func (c *checker) checkCall(call *ast.CallExpr, cur inspector.Cursor, o openScope) {
	fn, f, instance := c.callee(call)
	if fn == nil {
		return // a builtin, a conversion, a call of a function value
	}
	if !f.background && f.table == notInTable && f.noSibling && !o.frameworkCtx {
		return // no check applies to a call of fn
	}
	// Only the sibling check applies: it asks whether the call outlives
	// the request once the callee has a sibling, which most have not.
	if !f.background && f.table == notInTable && !o.frameworkCtx {
		c.checkSibling(call, fn, f, instance, cur, o.sc, true)
		return
	}
	// In work meant to outlive the request (a goroutine, a deferred
	// cleanup) the request context is the wrong one.
	if outlivesRequest(c.pass.TypesInfo, cur, o.sc) {
		return
	}
	if f.background {
		c.checkBackground(call, fn, cur, o)
		return
	}
	// Only a framework context can be a *gin.Context.
	if o.frameworkCtx {
		sig, _ := c.pass.TypesInfo.TypeOf(call.Fun).(*types.Signature)
		c.checkGinContextArgs(call, sig, o.sc)
	}
	if f.table != notInTable && c.checkTable(call, fn, f.table, o.sc) {
		return
	}
	c.checkSibling(call, fn, f, instance, cur, o.sc, false)
}

// checkBackground reports context.Background() and context.TODO(), unless
// the context they make is handed to a goroutine the handler starts: that
// work outlives the request on purpose. Two fixes, since the intent may be
// either: tie the work to the request (the first, which -fix applies), or
// say that it must outlive the request with context.WithoutCancel, which
// keeps the request's values.
func (c *checker) checkBackground(call *ast.CallExpr, fn *types.Func, cur inspector.Cursor, o openScope) {
	sc := o.sc
	if c.handedToGoroutine(call, cur, o) {
		return
	}
	ctx := c.requestContext(sc, call)
	fixes := []analysis.SuggestedFix{{
		Message:   fixUseRequestContext,
		TextEdits: []analysis.TextEdit{{Pos: call.Pos(), End: call.End(), NewText: []byte(ctx)}},
	}}
	if pkg := c.qualifier(call); pkg != "" {
		fixes = append(fixes, analysis.SuggestedFix{
			Message: fixDetach,
			TextEdits: []analysis.TextEdit{{Pos: call.Pos(), End: call.End(),
				NewText: []byte(fmt.Sprintf("%s.WithoutCancel(%s)", pkg, ctx))}},
		})
	}
	c.rep.Report(analysis.Diagnostic{
		Pos: call.Pos(),
		End: call.End(),
		Message: fmt.Sprintf("context.%s() is not cancelled when the client disconnects: the work goes on after the client has gone; use the request context %s (or context.WithoutCancel(%s) if the work must outlive the request)",
			fn.Name(), ctx, ctx),
		SuggestedFixes: fixes,
	})
}

// The titles of checkBackground's two fixes.
const (
	fixUseRequestContext = "Use the request context"
	fixDetach            = "Outlive the request on purpose, with context.WithoutCancel"
)

// checkGinContextArgs reports a *gin.Context passed where a
// context.Context is expected: its Done() is nil unless the engine sets
// ContextWithFallback, so the callee never sees the client leave.
func (c *checker) checkGinContextArgs(call *ast.CallExpr, sig *types.Signature, sc *scope.Scope) {
	if c.cfg.ginFallback || sig == nil {
		return
	}
	for i, arg := range call.Args {
		t := paramType(sig, i, call.Ellipsis.IsValid())
		if t == nil || !scope.IsContext(t) || sc.ContextKind(arg) != scope.GinContext {
			continue
		}
		ctx := c.requestContext(sc, call)
		c.rep.Report(analysis.Diagnostic{
			Pos: arg.Pos(),
			End: arg.End(),
			Message: fmt.Sprintf("*gin.Context passed as a context.Context: its Done() is nil unless the engine sets ContextWithFallback, so the call is not cancelled when the client leaves; pass %s",
				ctx),
			SuggestedFixes: []analysis.SuggestedFix{{
				Message:   "Pass " + ctx,
				TextEdits: []analysis.TextEdit{{Pos: arg.Pos(), End: arg.End(), NewText: []byte(ctx)}},
			}},
		})
	}
}

// paramType returns the type of the parameter that receives argument i.
func paramType(sig *types.Signature, i int, spread bool) types.Type {
	params := sig.Params()
	n := params.Len()
	switch {
	case n == 0:
		return nil
	case sig.Variadic() && i >= n-1:
		t := params.At(n - 1).Type()
		if spread {
			return t
		}
		if s, ok := t.(*types.Slice); ok {
			return s.Elem()
		}
		return nil
	case i < n:
		return params.At(i).Type()
	}
	return nil
}

// checkSibling reports a call of F where a sibling FContext (or
// FWithContext) takes a context.Context first and otherwise the same
// parameters: db.Query -> db.QueryContext, exec.Command ->
// exec.CommandContext, http.NewRequest -> http.NewRequestWithContext.
// With outlives, the caller has not yet asked outlivesRequest.
func (c *checker) checkSibling(call *ast.CallExpr, fn *types.Func, f calleeFacts, instance bool, cur inspector.Cursor, sc *scope.Scope, outlives bool) {
	if f.noSibling {
		return
	}
	// The signature of the call. Unless the call instantiates fn, it has
	// fn's parameters and results, but for a method expression (T.M),
	// which also takes the receiver: sibling finds nothing for one.
	sig, takes := fn.Type().(*types.Signature), f.takesContext
	if instance {
		sig, _ = c.pass.TypesInfo.TypeOf(call.Fun).(*types.Signature)
		takes = sig != nil && takesContext(sig)
	}
	if sig == nil || takes {
		return
	}
	sib, fixable := c.sibling(call, fn, sig, instance)
	if sib == nil || (outlives && outlivesRequest(c.pass.TypesInfo, cur, sc)) || c.givenContextLater(call, cur, sc) {
		return
	}
	ctx := c.requestContext(sc, call)
	name := types.ExprString(call.Fun)
	d := analysis.Diagnostic{
		Pos: call.Pos(),
		End: call.End(),
		Message: fmt.Sprintf("%s does not take the request context: the work goes on after the client has gone; call %s(%s, ...)",
			name, sib.Name(), ctx),
	}
	if fixable {
		if edits := c.renameAndPrepend(call, sib.Name(), ctx); edits != nil {
			d.SuggestedFixes = []analysis.SuggestedFix{{
				Message:   fmt.Sprintf("Call %s with the request context", sib.Name()),
				TextEdits: edits,
			}}
		}
	}
	c.rep.Report(d)
}

// givenContextLater reports whether the result of call is assigned to a
// variable v on which the scope calls v.WithContext(...): the older
// idiom `req, _ := http.NewRequest(...); req = req.WithContext(ctx)`.
func (c *checker) givenContextLater(call *ast.CallExpr, cur inspector.Cursor, sc *scope.Scope) bool {
	info := c.pass.TypesInfo
	var v types.Object
	switch p := cur.Parent().Node().(type) {
	case *ast.AssignStmt:
		if len(p.Rhs) == 1 && p.Rhs[0] == call && len(p.Lhs) > 0 {
			v = c.objectOf(p.Lhs[0])
		}
	case *ast.ValueSpec:
		if len(p.Values) == 1 && p.Values[0] == call && len(p.Names) > 0 {
			v = info.ObjectOf(p.Names[0])
		}
	}
	if v == nil {
		return false
	}
	// v.WithContext compiles only if v's type has that member.
	if obj, _, _ := types.LookupFieldOrMethod(v.Type(), true, v.Pkg(), "WithContext"); obj == nil {
		return false
	}
	found := false
	ast.Inspect(sc.Body, func(n ast.Node) bool {
		if found {
			return false
		}
		if sel, ok := n.(*ast.SelectorExpr); ok && sel.Sel.Name == "WithContext" && c.objectOf(sel.X) == v {
			found = true
		}
		return true
	})
	return found
}

// objectOf returns the object e names, if e is an identifier.
func (c *checker) objectOf(e ast.Expr) types.Object {
	if id, ok := ast.Unparen(e).(*ast.Ident); ok {
		return c.pass.TypesInfo.ObjectOf(id)
	}
	return nil
}

// sibling returns the context-taking sibling of fn called at call, and
// whether its results are those of fn (so that the rewrite compiles).
// sig is the call's signature, fn's own unless the call instantiates fn.
func (c *checker) sibling(call *ast.CallExpr, fn *types.Func, sig *types.Signature, instance bool) (*types.Func, bool) {
	key := siblingKey{fn: fn}
	if fn.Type().(*types.Signature).Recv() != nil {
		// A method: its sibling is looked up in the method set of the
		// receiver's type.
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return nil, false
		}
		s, ok := c.pass.TypesInfo.Selections[sel]
		if !ok || s.Kind() != types.MethodVal {
			return nil, false
		}
		if _, param := types.Unalias(s.Recv()).(*types.TypeParam); param {
			return nil, false
		}
		key.recv, key.addressable = s.Recv(), addressable(sel.X)
		// Two pointer types to one named type are identical but not
		// the same object: key on the named type.
		if p, ok := types.Unalias(key.recv).(*types.Pointer); ok {
			if n, ok := types.Unalias(p.Elem()).(*types.Named); ok {
				key.recv, key.pointer = n, true
			}
		}
	}
	if instance {
		return c.lookupSibling(key, sig)
	}
	r, ok := c.siblings[key]
	if !ok {
		r.sib, r.fixable = c.lookupSibling(key, sig)
		c.siblings[key] = r
	}
	return r.sib, r.fixable
}

// siblingSuffixes are what a sibling adds to the name of the function.
var siblingSuffixes = []string{"Context", "WithContext"}

// lookupSibling returns sibling's answer for a call described by k, of
// signature sig.
func (c *checker) lookupSibling(k siblingKey, sig *types.Signature) (*types.Func, bool) {
	fn := k.fn
	for _, suffix := range siblingSuffixes {
		name := fn.Name() + suffix
		var obj types.Object
		if k.recv != nil {
			recv := k.recv
			if k.pointer {
				recv = types.NewPointer(recv)
			}
			obj, _, _ = types.LookupFieldOrMethod(recv, k.addressable, fn.Pkg(), name)
		} else if fn.Pkg() != nil {
			// A function: look in its package's scope.
			obj = fn.Pkg().Scope().Lookup(name)
		}
		sib, ok := obj.(*types.Func)
		if !ok || (!sib.Exported() && sib.Pkg() != c.pass.Pkg) {
			continue
		}
		ssig, ok := sib.Type().(*types.Signature)
		if !ok || !siblingParams(sig, ssig) {
			continue
		}
		return sib, types.Identical(sig.Results(), ssig.Results())
	}
	return nil, false
}

// siblingParams reports whether g's parameters are a context.Context
// followed by f's parameters, with the same variadic-ness.
func siblingParams(f, g *types.Signature) bool {
	fp, gp := f.Params(), g.Params()
	if gp.Len() != fp.Len()+1 || f.Variadic() != g.Variadic() || !scope.IsContext(gp.At(0).Type()) {
		return false
	}
	for i := range fp.Len() {
		if !types.Identical(fp.At(i).Type(), gp.At(i+1).Type()) {
			return false
		}
	}
	return true
}

// takesContext reports whether a parameter of sig is a context: a
// context.Context, or a type with its methods (a *gin.Context).
func takesContext(sig *types.Signature) bool {
	for i := range sig.Params().Len() {
		t := sig.Params().At(i).Type()
		if scope.IsContext(t) || hasContextMethods(t) {
			return true
		}
	}
	return false
}

func hasContextMethods(t types.Type) bool {
	for _, m := range []string{"Deadline", "Done", "Err", "Value"} {
		if obj, _, _ := types.LookupFieldOrMethod(t, true, nil, m); obj == nil {
			return false
		}
	}
	return true
}

// addressable reports whether x may receive a pointer method: a variable,
// a field, a dereference, or a pointer or interface value.
func addressable(x ast.Expr) bool {
	switch x := ast.Unparen(x).(type) {
	case *ast.Ident, *ast.StarExpr:
		return true
	case *ast.SelectorExpr:
		return addressable(x.X)
	}
	return false
}

// renameAndPrepend returns the edits that turn `x.F(args)` (or `F(args)`)
// into `x.G(ctx, args)`, or nil if the call's shape does not allow it
// (an instantiation F[T], a lone multi-value argument).
func (c *checker) renameAndPrepend(call *ast.CallExpr, newName, ctx string) []analysis.TextEdit {
	var id *ast.Ident
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		id = fun
	case *ast.SelectorExpr:
		id = fun.Sel
	default:
		return nil
	}
	if len(call.Args) == 1 {
		if _, tuple := c.pass.TypesInfo.TypeOf(call.Args[0]).(*types.Tuple); tuple {
			return nil
		}
	}
	insert := analysis.TextEdit{Pos: call.Rparen, End: call.Rparen, NewText: []byte(ctx)}
	if len(call.Args) > 0 {
		insert = analysis.TextEdit{Pos: call.Args[0].Pos(), End: call.Args[0].Pos(), NewText: []byte(ctx + ", ")}
	}
	return []analysis.TextEdit{
		{Pos: id.Pos(), End: id.End(), NewText: []byte(newName)},
		insert,
	}
}

// outlivesRequest reports whether the call at cur runs in work that may
// outlive the request on purpose: in a go or defer statement (a
// goroutine, a cleanup that must run even after the client has gone) or
// a function passed to time.AfterFunc.
func outlivesRequest(info *types.Info, cur inspector.Cursor, sc *scope.Scope) bool {
	for ; cur.Node() != nil; cur = cur.Parent() {
		switch n := cur.Node().(type) {
		case *ast.GoStmt, *ast.DeferStmt:
			return true
		case *ast.FuncLit:
			if n == sc.Func {
				return false
			}
			if call, ok := cur.Parent().Node().(*ast.CallExpr); ok && ast.Unparen(call.Fun) != n &&
				scope.IsPkgFunc(typeutil.StaticCallee(info, call), "time", "AfterFunc") {
				return true
			}
		case *ast.FuncDecl:
			return false
		}
	}
	return false
}

// handedToGoroutine reports whether the context made by call (a
// context.Background()) ends up, directly or through context.With*, in a
// variable that a go statement of the scope uses: `ctx :=
// context.Background(); go work(ctx)` detaches the work on purpose.
func (c *checker) handedToGoroutine(call *ast.CallExpr, cur inspector.Cursor, o openScope) bool {
	// Without a go statement in the scope there is none to hand it to
	// (the inspector knows which subtrees hold one).
	hasGo := false
	for range o.cur.Preorder((*ast.GoStmt)(nil)) {
		hasGo = true
		break
	}
	if !hasGo {
		return false
	}
	sc := o.sc
	info := c.pass.TypesInfo
	vars := map[types.Object]bool{}
	// The variable the context is assigned to, through any With* calls.
	var e ast.Expr = call
	for p := cur.Parent(); p.Node() != nil; p = p.Parent() {
		switch p := p.Node().(type) {
		case *ast.ParenExpr:
			e = p
			continue
		case *ast.CallExpr:
			if fn := typeutil.StaticCallee(info, p); fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "context" &&
				len(p.Args) > 0 && p.Args[0] == e {
				e = p
				continue
			}
		case *ast.AssignStmt:
			for j, r := range p.Rhs {
				if r == e && (j < len(p.Lhs)) {
					if id, ok := p.Lhs[j].(*ast.Ident); ok && info.ObjectOf(id) != nil {
						vars[info.ObjectOf(id)] = true
					}
				}
			}
		case *ast.ValueSpec:
			for j, v := range p.Values {
				if v == e && j < len(p.Names) {
					vars[info.ObjectOf(p.Names[j])] = true
				}
			}
		}
		break
	}
	if len(vars) == 0 {
		return false
	}
	// And the variables derived from those: ctx2, cancel := context.WithTimeout(ctx, d).
	for range 3 {
		ast.Inspect(sc.Body, func(n ast.Node) bool {
			a, ok := n.(*ast.AssignStmt)
			if !ok || len(a.Rhs) != 1 {
				return true
			}
			d, ok := ast.Unparen(a.Rhs[0]).(*ast.CallExpr)
			if !ok || len(d.Args) == 0 {
				return true
			}
			fn := typeutil.StaticCallee(info, d)
			arg, ok := ast.Unparen(d.Args[0]).(*ast.Ident)
			if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != "context" || !ok || !vars[info.Uses[arg]] {
				return true
			}
			if id, ok := a.Lhs[0].(*ast.Ident); ok && info.ObjectOf(id) != nil {
				vars[info.ObjectOf(id)] = true
			}
			return true
		})
	}
	used := false
	ast.Inspect(sc.Body, func(n ast.Node) bool {
		if used {
			return false
		}
		g, ok := n.(*ast.GoStmt)
		if !ok {
			return true
		}
		ast.Inspect(g, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && vars[info.Uses[id]] {
				used = true
			}
			return !used
		})
		return false
	})
	return used
}
