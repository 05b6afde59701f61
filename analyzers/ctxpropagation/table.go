package ctxpropagation

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/resetlint/resetlint/analyzers/internal/scope"
)

// The few calls whose context-taking form is not a sibling FContext of
// the same receiver or package. Everything else is found generically.

// lookups are the net package's resolver functions; each has a method of
// the same name on *net.Resolver that takes a context first.
var lookups = map[string]bool{
	"LookupHost": true, "LookupAddr": true, "LookupCNAME": true, "LookupMX": true,
	"LookupNS": true, "LookupTXT": true, "LookupSRV": true, "LookupPort": true, "LookupIP": true,
}

// httpClientMethods are the *http.Client methods that build their own
// request, with no context.
var httpClientMethods = map[string]bool{"Get": true, "Head": true, "Post": true, "PostForm": true}

// The entries of the table.
type tableEntry uint8

const (
	notInTable tableEntry = iota
	netDial
	netDialTimeout
	netLookup
	tlsDial
	sqlBegin
	httpClientMethod
)

// tableEntryOf returns the entry of the table that fn is, if its call
// has the right shape (see callShape).
func tableEntryOf(fn *types.Func) tableEntry {
	switch {
	case scope.IsPkgFunc(fn, "net", "Dial"):
		return netDial
	case scope.IsPkgFunc(fn, "net", "DialTimeout"):
		return netDialTimeout
	case fn.Pkg() != nil && fn.Pkg().Path() == "net" && lookups[fn.Name()] && isPlainFunc(fn):
		return netLookup
	case scope.IsPkgFunc(fn, "crypto/tls", "Dial") || scope.IsPkgFunc(fn, "crypto/tls", "DialWithDialer"):
		return tlsDial
	case scope.IsMethod(fn, "database/sql", "DB", "Begin"):
		return sqlBegin
	case isHTTPClientMethod(fn):
		return httpClientMethod
	}
	return notInTable
}

// callShape reports whether call, of a function that is entry, is one
// the table covers.
func (c *checker) callShape(call *ast.CallExpr, entry tableEntry) bool {
	switch entry {
	case netDial:
		return len(call.Args) == 2
	case netDialTimeout:
		return len(call.Args) == 3
	case sqlBegin:
		return len(call.Args) == 0
	case httpClientMethod:
		// http.Get and http.DefaultClient are clienttimeouts' business.
		return !c.isDefaultClient(call)
	}
	return true
}

// checkTable reports a call of fn, the entry of the table, with a fix
// where the rewrite is mechanical, and reports whether call was one the
// table covers.
func (c *checker) checkTable(call *ast.CallExpr, fn *types.Func, entry tableEntry, sc *scope.Scope) bool {
	if !c.callShape(call, entry) {
		return false
	}
	ctx := c.requestContext(sc, call)
	pkg := c.qualifier(call) // how the file names fn's package, for fixes
	var msg, title string
	var edits []analysis.TextEdit
	switch entry {
	case netDial:
		msg = fmt.Sprintf("use (&net.Dialer{}).DialContext(%s, ...)", ctx)
		if pkg != "" {
			title = "Dial with a net.Dialer and the request context"
			edits = c.replaceFun(call, fmt.Sprintf("(&%s.Dialer{}).DialContext(%s, ", pkg, ctx), 2)
		}
	case netDialTimeout:
		msg = fmt.Sprintf("use (&net.Dialer{Timeout: ...}).DialContext(%s, ...)", ctx)
		if timeout := c.source(call.Args[2]); pkg != "" && timeout != "" {
			title = "Dial with a net.Dialer and the request context"
			edits = c.replaceFun(call, fmt.Sprintf("(&%s.Dialer{Timeout: %s}).DialContext(%s, ", pkg, timeout, ctx), 2)
		}
	case netLookup:
		msg = fmt.Sprintf("use net.DefaultResolver.%s(%s, ...)", fn.Name(), ctx)
		if pkg != "" {
			title = "Resolve with net.DefaultResolver and the request context"
			prefix := fmt.Sprintf("%s.DefaultResolver.%s(%s, ", pkg, fn.Name(), ctx)
			if fn.Name() == "LookupIP" {
				prefix += `"ip", ` // net.LookupIP resolves both address families
			}
			edits = c.replaceFun(call, prefix, len(call.Args))
		}
	case tlsDial:
		// tls.Dialer.DialContext returns a net.Conn, not a *tls.Conn: no
		// mechanical rewrite.
		msg = fmt.Sprintf("use (&tls.Dialer{Config: ...}).DialContext(%s, ...)", ctx)
	case sqlBegin:
		msg = fmt.Sprintf("call BeginTx(%s, nil)", ctx)
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			title = "Call BeginTx with the request context"
			edits = []analysis.TextEdit{
				{Pos: sel.Sel.Pos(), End: sel.Sel.End(), NewText: []byte("BeginTx")},
				{Pos: call.Rparen, End: call.Rparen, NewText: []byte(ctx + ", nil")},
			}
		}
	case httpClientMethod:
		msg = fmt.Sprintf("build the request with http.NewRequestWithContext(%s, ...) and call Do", ctx)
	}
	name := types.ExprString(call.Fun)
	d := analysis.Diagnostic{
		Pos:     call.Pos(),
		End:     call.End(),
		Message: fmt.Sprintf("%s does not take the request context: the work goes on after the client has gone; %s", name, msg),
	}
	if edits != nil {
		d.SuggestedFixes = []analysis.SuggestedFix{{Message: title, TextEdits: edits}}
	}
	c.rep.Report(d)
	return true
}

// isPlainFunc reports whether fn is a package-level function.
func isPlainFunc(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	return ok && sig.Recv() == nil
}

func isHTTPClientMethod(fn *types.Func) bool {
	return httpClientMethods[fn.Name()] && scope.IsMethod(fn, "net/http", "Client", fn.Name())
}

// isDefaultClient reports whether call is http.DefaultClient.M(...).
func (c *checker) isDefaultClient(call *ast.CallExpr) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	x, ok := ast.Unparen(sel.X).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	v, ok := c.pass.TypesInfo.Uses[x.Sel].(*types.Var)
	return ok && v.Pkg() != nil && v.Pkg().Path() == "net/http" && v.Name() == "DefaultClient"
}

// qualifier returns the name by which call's file refers to the package
// of a package-level callee (`net` in net.Dial), or "" (a dot import, a
// method).
func (c *checker) qualifier(call *ast.CallExpr) string {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return ""
	}
	id, ok := sel.X.(*ast.Ident)
	if !ok {
		return ""
	}
	if _, ok := c.pass.TypesInfo.Uses[id].(*types.PkgName); !ok {
		return ""
	}
	return id.Name
}

// replaceFun returns the edits that replace `pkg.F(` with prefix and
// keep the first keep arguments, dropping the rest.
func (c *checker) replaceFun(call *ast.CallExpr, prefix string, keep int) []analysis.TextEdit {
	if call.Ellipsis.IsValid() || keep > len(call.Args) || keep == 0 {
		return nil
	}
	edits := []analysis.TextEdit{{Pos: call.Fun.Pos(), End: call.Lparen + 1, NewText: []byte(prefix)}}
	if keep < len(call.Args) {
		edits = append(edits, analysis.TextEdit{Pos: call.Args[keep-1].End(), End: call.Args[len(call.Args)-1].End()})
	}
	return edits
}

// source returns the text of e as gofmt prints it, or "".
func (c *checker) source(e ast.Expr) string {
	var buf bytes.Buffer
	if err := format.Node(&buf, c.pass.Fset, e); err != nil {
		return ""
	}
	return buf.String()
}
