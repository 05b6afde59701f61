package handlererrors

import (
	"go/ast"
	"go/types"
	"strings"

	"github.com/resetlint/resetlint/analyzers/internal/facts"
	"github.com/resetlint/resetlint/analyzers/internal/scope"
)

// What a call that returns an error does, as far as the pass cares.
//
// The rule, derived from types rather than names:
//
//   - reading the request: a method of the handler's *http.Request or
//     framework context that returns an error (ParseForm, FormFile,
//     c.ShouldBindJSON, c.Bind), or any call that is handed the request
//     body or a value built from it (json.NewDecoder(r.Body).Decode,
//     io.ReadAll(r.Body), json.Unmarshal(body, &v)), or a helper of user
//     code that is handed the request;
//   - outbound work: a method of a database/sql type or of *http.Client
//     (also through embedding), a call whose results include a
//     database/sql type, an *http.Response or a network connection (a
//     dial), and any call that takes a
//     context.Context: by Go convention, work that may block on I/O and
//     can be cancelled takes one (a service, cache, queue or RPC client).
//
// Everything else is left alone: request constructors
// (http.NewRequest), pure computations (strconv.Atoi on a
// query parameter, a deliberate default), writes to the response and to
// writers built on it (cancelcheck's business), Close and Rollback
// (cleanup, whose error is secondary), writers that cannot fail
// (bytes.Buffer, strings.Builder, hashes), draining into io.Discard, the
// console and the log, and optional lookups whose error only says
// "absent" (cookies).
type workKind uint8

const (
	noWork workKind = iota
	requestRead
	database
	httpCall
	connection
	contextual // takes a context.Context
)

type work struct {
	kind workKind
	fn   *types.Func // the callee, named in messages only (see callName)
	// content: the call reads the request's content it is handed (as
	// opposed to a method of the request that also fills it, ParseForm).
	content bool
}

func (w work) consequence() string {
	switch w.kind {
	case requestRead:
		return "a malformed or cut-off request goes on as zero values, and the client gets a success reply instead of a 400"
	case database:
		return "when the database call fails the handler carries on and replies as if it had worked"
	case httpCall:
		return "when the upstream call fails the handler carries on with no response and replies as if it had worked"
	}
	return "when the call fails the handler carries on and replies as if it had worked"
}

// classify returns what call does, for a call inside scope sc; fn is
// its callee, as typeutil.Callee gives it.
func (c *checker) classify(sc *scope.Scope, call *ast.CallExpr, fn *types.Func) work {
	info := c.pass.TypesInfo
	if fn == nil || c.flows.Call(call) != nil {
		return work{} // a dynamic call, or one that writes the response
	}
	sig, _ := fn.Type().(*types.Signature)
	if sig == nil {
		return work{}
	}
	recv := receiverExpr(info, call)
	st := c.streamsOf(sc)

	// Writes to the response, or to a writer built on it.
	if (recv != nil && st.fromResponse(recv)) || anyArg(call, st.fromResponse) {
		return work{}
	}
	if cleanup(fn) || neverFails(info, fn, recv, call) || toConsole(info, fn, recv, call) || drains(info, fn, call) || buildsRequest(sig) {
		return work{}
	}

	// Reading the request through its own methods.
	if recv != nil && (sc.IsRequest(recv) || sc.IsFrameworkContext(recv)) {
		if fn.Name() != "Cookie" && fn.Name() != "Err" && fn.Name() != "Write" && fn.Name() != "WriteProxy" {
			return work{kind: requestRead, fn: fn}
		}
		return work{}
	}
	// Outbound work, by the types it deals in.
	if sig.Recv() != nil {
		rt := sig.Recv().Type()
		switch {
		case fromPackage(rt, "database/sql"):
			return work{kind: database, fn: fn}
		case scope.IsNamed(rt, scope.NetHTTPPath, "Client", true) || scope.IsNamed(rt, scope.NetHTTPPath, "RoundTripper", false):
			return work{kind: httpCall, fn: fn}
		}
	}
	for v := range sig.Results().Variables() {
		t := v.Type()
		switch {
		case fromPackage(t, "database/sql"):
			return work{kind: database, fn: fn}
		case scope.IsNamed(t, scope.NetHTTPPath, "Response", true):
			return work{kind: httpCall, fn: fn}
		case isConn(t):
			return work{kind: connection, fn: fn}
		}
	}
	// Reading the request's content, or a helper handed the request.
	// Only content handed over as a stream, bytes or a structure counts:
	// a string or number parsed from it (strconv.Atoi(string(word)))
	// is a scalar whose parse failure usually means "use the default".
	content := func(e ast.Expr) bool { return !isBasic(info.TypeOf(e)) && st.fromRequest(e) }
	if (recv != nil && content(recv)) || anyArg(call, content) {
		return work{kind: requestRead, fn: fn, content: true}
	}
	if !isStd(fn) && handsRequest(sc, sig, call) {
		return work{kind: requestRead, fn: fn}
	}
	if c.cfg.context && takesContext(sig) {
		return work{kind: contextual, fn: fn}
	}
	return work{}
}

// handsRequest reports whether call passes the scope's request or
// framework context for a parameter of that type (not as a plain
// context.Context: gin's context is one).
func handsRequest(sc *scope.Scope, sig *types.Signature, call *ast.CallExpr) bool {
	for i, arg := range call.Args {
		if i >= sig.Params().Len() {
			break
		}
		if scope.IsRequestValueType(sig.Params().At(i).Type()) && (sc.IsRequest(arg) || sc.IsFrameworkContext(arg)) {
			return true
		}
	}
	return false
}

// receiverExpr returns the receiver of a method call, or nil.
func receiverExpr(info *types.Info, call *ast.CallExpr) ast.Expr {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	if s, ok := info.Selections[sel]; ok && s.Kind() == types.MethodVal {
		return sel.X
	}
	return nil
}

func anyArg(call *ast.CallExpr, pred func(ast.Expr) bool) bool {
	for _, arg := range call.Args {
		if pred(arg) {
			return true
		}
	}
	return false
}

// callName renders the callee for messages: "json.Decoder.Decode",
// "io.ReadAll", "decodeJSON".
func (c *checker) callName(fn *types.Func) string {
	sig, _ := fn.Type().(*types.Signature)
	prefix := ""
	if fn.Pkg() != nil && fn.Pkg() != c.pass.Pkg {
		prefix = fn.Pkg().Name() + "."
	}
	if sig != nil && sig.Recv() != nil {
		t := sig.Recv().Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := types.Unalias(t).(*types.Named); ok {
			return prefix + n.Obj().Name() + "." + fn.Name()
		}
		return fn.Name()
	}
	return prefix + fn.Name()
}

// cleanup reports whether fn releases a resource: Close and its kin
// (closeBody, CloseWrite) and Rollback (sql.Tx and the like, called
// after another error).
func cleanup(fn *types.Func) bool {
	sig, _ := fn.Type().(*types.Signature)
	return sig != nil && sig.Recv() != nil &&
		(strings.HasPrefix(strings.ToLower(fn.Name()), "close") || fn.Name() == "Rollback")
}

func isBasic(t types.Type) bool {
	if t == nil {
		return true
	}
	_, ok := t.Underlying().(*types.Basic)
	return ok
}

// neverFails reports a write to a writer whose methods always return a
// nil error: bytes.Buffer, strings.Builder, the hash package's types
// (hash.Hash and hash/maphash), directly or through fmt.Fprint*.
func neverFails(info *types.Info, fn *types.Func, recv ast.Expr, call *ast.CallExpr) bool {
	if recv != nil && infallibleWriter(info.TypeOf(recv)) {
		return true
	}
	if fn.Pkg() != nil && fn.Pkg().Path() == "fmt" && strings.HasPrefix(fn.Name(), "Fprint") && len(call.Args) > 0 {
		return infallibleWriter(info.TypeOf(call.Args[0]))
	}
	return false
}

func infallibleWriter(t types.Type) bool {
	if t == nil {
		return false
	}
	if scope.IsNamed(t, "bytes", "Buffer", true) || scope.IsNamed(t, "strings", "Builder", true) {
		return true
	}
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return false
	}
	path := n.Obj().Pkg().Path()
	return path == "hash" || strings.HasPrefix(path, "hash/")
}

// toConsole reports output to the process's standard streams or log:
// fmt.Print*, the log package, writes to os.Stdout and os.Stderr.
func toConsole(info *types.Info, fn *types.Func, recv ast.Expr, call *ast.CallExpr) bool {
	if fn.Pkg() == nil {
		return false
	}
	switch fn.Pkg().Path() {
	case "log", "log/slog":
		return true
	case "fmt":
		if strings.HasPrefix(fn.Name(), "Print") {
			return true
		}
		if strings.HasPrefix(fn.Name(), "Fprint") && len(call.Args) > 0 {
			return isStdStream(info, call.Args[0])
		}
	}
	return recv != nil && isStdStream(info, recv)
}

func isStdStream(info *types.Info, e ast.Expr) bool {
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	v, ok := info.Uses[sel.Sel].(*types.Var)
	return ok && v.Pkg() != nil && v.Pkg().Path() == "os" && (v.Name() == "Stdout" || v.Name() == "Stderr")
}

// drains reports io.Copy(io.Discard, src) and the like: reading a body
// to the end to throw it away, whose error changes nothing.
func drains(info *types.Info, fn *types.Func, call *ast.CallExpr) bool {
	if fn.Pkg() == nil || fn.Pkg().Path() != "io" || !strings.HasPrefix(fn.Name(), "Copy") || len(call.Args) == 0 {
		return false
	}
	sel, ok := ast.Unparen(call.Args[0]).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	v, ok := info.Uses[sel.Sel].(*types.Var)
	return ok && v.Pkg() != nil && v.Pkg().Path() == "io" && v.Name() == "Discard"
}

// fromPackage reports whether t (or *t) is a named type of package path.
func fromPackage(t types.Type, path string) bool {
	t = types.Unalias(t)
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	n, ok := t.(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == path
}

// isConn reports whether t is a network connection of package net
// (net.Conn, *net.TCPConn, ...).
func isConn(t types.Type) bool {
	t = types.Unalias(t)
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	n, ok := t.(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "net" && strings.HasSuffix(n.Obj().Name(), "Conn")
}

func takesContext(sig *types.Signature) bool {
	for v := range sig.Params().Variables() {
		if scope.IsContext(v.Type()) {
			return true
		}
	}
	return false
}

// buildsRequest reports a constructor of an outbound request
// (http.NewRequestWithContext(ctx, "POST", url, r.Body)): it only parses
// its arguments; the work, and the error that matters, come with the
// call that sends it.
func buildsRequest(sig *types.Signature) bool {
	for v := range sig.Results().Variables() {
		if scope.IsRequest(v.Type()) {
			return true
		}
	}
	return false
}

// isStd reports whether fn belongs to the standard library.
func isStd(fn *types.Func) bool {
	return fn.Pkg() == nil || facts.IsStdPackage(fn.Pkg().Path())
}
