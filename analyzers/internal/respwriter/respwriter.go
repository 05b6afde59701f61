// Package respwriter classifies the calls inside a request scope that act
// on the response: sending the status, writing body bytes, flushing,
// changing headers, or sending a whole reply. It knows net/http, gin and
// echo, and std functions that write to an io.Writer they are given.
// What user-defined helpers do is not here: it travels as facts.
package respwriter

import (
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/resetlint/resetlint/analyzers/internal/scope"
)

// Kind is what a call does to the response.
type Kind uint8

const (
	None   Kind = iota
	Status      // sends the status line: w.WriteHeader, gin c.AbortWithStatus
	Body        // writes body bytes; commits a 200 first if nothing was sent
	Flush       // flushes; commits the status and headers
	Header      // mutates a header: w.Header().Set/Add/Del, gin c.Header
	Reply       // status and body at once: http.Error, c.JSON, c.String
)

// An Op is the classification of one call.
type Op struct {
	Kind Kind
	// Terminal: the reply must be the last thing written (http.Error,
	// http.Redirect, http.NotFound, http.ServeFile, c.Redirect,
	// c.AbortWithStatusJSON, c.File).
	Terminal bool
	// Name is how the call reads in a message: "http.Error",
	// "w.WriteHeader", "c.JSON".
	Name string
}

// Commits reports whether the op fixes the status and headers.
func (op Op) Commits() bool {
	return op.Kind == Status || op.Kind == Body || op.Kind == Flush || op.Kind == Reply
}

// SendsStatus reports whether the op sends a status of its own choice
// (as opposed to the implicit 200 of a first body write).
func (op Op) SendsStatus() bool { return op.Kind == Status || op.Kind == Reply }

// netHTTPReplies are the net/http functions that send a whole reply to
// their ResponseWriter argument; the bool says terminal.
var netHTTPReplies = map[string]bool{
	"Error": true, "Redirect": true, "NotFound": true, "ServeFile": true,
	"ServeFileFS": true, "ServeContent": true,
}

// ginReplies and echoReplies are the framework context methods that send
// a reply; the bool says terminal.
var ginReplies = map[string]bool{
	"JSON": false, "IndentedJSON": false, "SecureJSON": false, "JSONP": false,
	"AsciiJSON": false, "PureJSON": false, "XML": false, "YAML": false, "TOML": false,
	"ProtoBuf": false, "String": false, "HTML": false, "Data": false,
	"DataFromReader": false, "Render": false, "Negotiate": false,
	"Redirect": true, "File": true, "FileAttachment": true, "FileFromFS": true,
	"AbortWithStatusJSON": true, "AbortWithStatusPureJSON": true,
}

var echoReplies = map[string]bool{
	"JSON": false, "JSONPretty": false, "JSONBlob": false, "JSONP": false,
	"JSONPBlob": false, "XML": false, "XMLPretty": false, "XMLBlob": false,
	"String": false, "HTML": false, "HTMLBlob": false, "Blob": false,
	"Stream": false, "NoContent": false, "Render": false,
	"Redirect": true, "File": true, "Attachment": true, "Inline": true,
}

// Classify returns what call does to the response of scope sc.
func Classify(info *types.Info, sc *scope.Scope, call *ast.CallExpr) Op {
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	sel, _ := ast.Unparen(call.Fun).(*ast.SelectorExpr)

	// Methods on the ResponseWriter itself, including gin's c.Writer and
	// echo's c.Response().
	if sel != nil && sc.IsWriter(sel.X) {
		name := exprName(sel.X) + "." + sel.Sel.Name
		switch sel.Sel.Name {
		case "WriteHeader", "WriteHeaderNow":
			return Op{Kind: Status, Name: name}
		case "Write", "WriteString":
			return Op{Kind: Body, Name: name}
		case "Flush":
			return Op{Kind: Flush, Name: name}
		}
		return Op{}
	}
	// w.Header().Set/Add/Del
	if sel != nil && isHeaderOf(sc, sel.X) {
		switch sel.Sel.Name {
		case "Set", "Add", "Del", "Values":
			if sel.Sel.Name != "Values" {
				return Op{Kind: Header, Name: "w.Header()." + sel.Sel.Name}
			}
		}
		return Op{}
	}
	// w.(http.Flusher).Flush() and http.NewResponseController(w).Flush()
	if sel != nil && sel.Sel.Name == "Flush" && wrapsWriter(info, sc, sel.X) {
		return Op{Kind: Flush, Name: "Flush"}
	}
	// Framework context methods.
	if sel != nil && sc.IsFrameworkContext(sel.X) {
		name := exprName(sel.X) + "." + sel.Sel.Name
		t := info.TypeOf(sel.X)
		switch {
		case scope.IsGinContext(t):
			if term, ok := ginReplies[sel.Sel.Name]; ok {
				return Op{Kind: Reply, Terminal: term, Name: name}
			}
			switch sel.Sel.Name {
			case "AbortWithStatus", "AbortWithError", "Status":
				return Op{Kind: Status, Name: name}
			case "Header":
				return Op{Kind: Header, Name: name}
			case "SSEvent", "Stream":
				return Op{Kind: Body, Name: name}
			}
		case scope.IsEchoContext(t):
			if term, ok := echoReplies[sel.Sel.Name]; ok {
				return Op{Kind: Reply, Terminal: term, Name: name}
			}
		}
		return Op{}
	}
	if fn == nil || fn.Pkg() == nil {
		return Op{}
	}
	// net/http reply functions: http.Error(w, ...), http.Redirect(w, r, ...).
	if fn.Pkg().Path() == scope.NetHTTPPath && isPkgLevel(fn) {
		if term, ok := netHTTPReplies[fn.Name()]; ok && len(call.Args) > 0 && sc.IsWriter(call.Args[0]) {
			return Op{Kind: Reply, Terminal: term, Name: "http." + fn.Name()}
		}
		return Op{}
	}
	// A std function or method that takes the writer as an io.Writer
	// writes body bytes: fmt.Fprintf(w, ...), io.Copy(w, src),
	// tmpl.Execute(w, data). Constructors (json.NewEncoder(w)) do not
	// write by themselves; their product is handled below.
	if isStdPath(fn.Pkg().Path()) && !strings.HasPrefix(fn.Name(), "New") {
		if i := writerArg(info, sc, fn, call); i >= 0 {
			return Op{Kind: Body, Name: QualifiedName(fn)}
		}
	}
	// json.NewEncoder(w).Encode(v), and the same for other encoders built
	// over the writer in the same expression.
	if sel != nil {
		if inner, ok := ast.Unparen(sel.X).(*ast.CallExpr); ok {
			innerFn, _ := typeutil.Callee(info, inner).(*types.Func)
			// http.NewResponseController(w) controls the connection
			// (EnableFullDuplex, SetWriteDeadline); only its Flush,
			// handled above, writes.
			if innerFn != nil && innerFn.Pkg() != nil && isStdPath(innerFn.Pkg().Path()) &&
				strings.HasPrefix(innerFn.Name(), "New") && len(inner.Args) > 0 && sc.IsWriter(inner.Args[0]) &&
				!scope.IsPkgFunc(innerFn, scope.NetHTTPPath, "NewResponseController") {
				return Op{Kind: Body, Name: QualifiedName(innerFn) + "(...)." + sel.Sel.Name}
			}
		}
	}
	return Op{}
}

// isHeaderOf reports whether e is w.Header() of the scope's writer.
func isHeaderOf(sc *scope.Scope, e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 0 {
		return false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	return ok && sel.Sel.Name == "Header" && sc.IsWriter(sel.X)
}

// wrapsWriter reports whether e is w.(T) or http.NewResponseController(w).
func wrapsWriter(info *types.Info, sc *scope.Scope, e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.TypeAssertExpr:
		return sc.IsWriter(e.X)
	case *ast.CallExpr:
		fn, _ := typeutil.Callee(info, e).(*types.Func)
		return scope.IsPkgFunc(fn, scope.NetHTTPPath, "NewResponseController") && len(e.Args) == 1 && sc.IsWriter(e.Args[0])
	}
	return false
}

// writerArg returns the index of an argument that is the scope's writer
// passed as a plain io.Writer parameter, or -1.
func writerArg(info *types.Info, sc *scope.Scope, fn *types.Func, call *ast.CallExpr) int {
	sig, ok := fn.Type().(*types.Signature)
	if !ok {
		return -1
	}
	for i, arg := range call.Args {
		if !sc.IsWriter(arg) {
			continue
		}
		var pt types.Type
		switch {
		case i < sig.Params().Len()-1 || (i < sig.Params().Len() && !sig.Variadic()):
			pt = sig.Params().At(i).Type()
		default:
			continue // a variadic ...any argument is printed, not written to
		}
		if scope.IsNamed(pt, "io", "Writer", false) {
			return i
		}
	}
	return -1
}

func isPkgLevel(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	return ok && sig.Recv() == nil
}

// isStdPath reports whether path looks like a standard library package:
// no dot in its first element.
func isStdPath(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

// QualifiedName names a function for messages: "pkg.Name" for a
// function, "Type.Name" for a method ("json.NewEncoder",
// "Template.Execute").
func QualifiedName(fn *types.Func) string {
	sig, _ := fn.Type().(*types.Signature)
	if sig != nil && sig.Recv() != nil {
		t := sig.Recv().Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := types.Unalias(t).(*types.Named); ok {
			return n.Obj().Name() + "." + fn.Name()
		}
		return fn.Name()
	}
	return fn.Pkg().Name() + "." + fn.Name()
}

// exprName renders a short receiver expression for messages.
func exprName(e ast.Expr) string {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		return exprName(e.X) + "." + e.Sel.Name
	case *ast.CallExpr:
		return exprName(e.Fun) + "()"
	}
	return "w"
}
