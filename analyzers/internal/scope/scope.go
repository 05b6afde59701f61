// Package scope is resetlint's request-scope model: it finds the function
// bodies that serve a request (handlers of net/http, gin and echo, and the
// helpers they hand their request values to) and answers, for any
// expression inside them, whether it is the ResponseWriter, the Request or
// the request context.
//
// The model is computed once per package by Analyzer and shared by every
// handler pass through its result, *Scopes.
package scope

import (
	"go/ast"
	"go/types"
	"reflect"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
)

// Analyzer computes the request scopes of a package. It reports nothing.
var Analyzer = &analysis.Analyzer{
	Name:             "requestscope",
	Doc:              "find the request scopes (HTTP handlers and their helpers) of a package",
	Run:              run,
	Requires:         []*analysis.Analyzer{inspect.Analyzer},
	ResultType:       reflect.TypeFor[*Scopes](),
	RunDespiteErrors: true,
}

// Kind says which API a scope serves.
type Kind uint8

const (
	NetHTTP Kind = iota + 1 // func(http.ResponseWriter, *http.Request)
	Gin                     // func(*gin.Context)
	Echo                    // func(echo.Context) error
)

func (k Kind) String() string {
	switch k {
	case NetHTTP:
		return "net/http"
	case Gin:
		return "gin"
	case Echo:
		return "echo"
	}
	return "unknown"
}

// Role says whether a scope is a handler or a helper of one.
type Role uint8

const (
	// Handler: the function receives a whole request: both the
	// ResponseWriter and the *http.Request, or a framework context.
	Handler Role = iota + 1
	// Helper: the function receives only part of a request (just the
	// ResponseWriter, or just the *http.Request). What it does travels to
	// its callers as facts; passes report at the call site.
	Helper
)

// A Scope is one function body that serves a request.
type Scope struct {
	Func ast.Node       // *ast.FuncDecl or *ast.FuncLit
	Type *ast.FuncType  // its signature
	Body *ast.BlockStmt // never nil
	Obj  *types.Func    // the declared function or method; nil for literals
	Kind Kind
	Role Role

	// The parameters that carry the request. Any may be nil: a net/http
	// scope has Writer and/or Request, a framework scope has Context.
	Writer  *types.Var
	Request *types.Var
	Context *types.Var

	// Parent is the innermost enclosing scope of a nested function
	// literal scope, or nil.
	Parent *Scope
	// Cursor is Func's place in the package's inspector: passes walk a
	// scope's body with it, skipping subtrees that hold nothing they ask for.
	Cursor inspector.Cursor

	info    *types.Info
	aliases aliasSet
}

// Scopes is the result of Analyzer: the request scopes of a package.
type Scopes struct {
	// List holds every scope in source order, outer before inner.
	List   []*Scope
	byNode map[ast.Node]*Scope
}

// Of returns the scope whose function node (*ast.FuncDecl or
// *ast.FuncLit) is fn, or nil.
func (s *Scopes) Of(fn ast.Node) *Scope {
	if s == nil {
		return nil
	}
	return s.byNode[fn]
}

// Enclosing returns the innermost scope among the function nodes of
// stack (as given by inspector.WithStack), or nil. A function literal
// that is not itself a scope (a goroutine body, a deferred closure)
// belongs to the scope around it.
func (s *Scopes) Enclosing(stack []ast.Node) *Scope {
	for i := len(stack) - 1; i >= 0; i-- {
		switch stack[i].(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			if sc := s.Of(stack[i]); sc != nil {
				return sc
			}
		}
	}
	return nil
}

// EnclosingCursor is Enclosing for a cursor: the innermost scope among
// the function nodes that enclose cur's node, the node itself included.
// Unlike a walk with a stack, a cursor walk can skip the subtrees that
// hold none of the node types it asks for.
func (s *Scopes) EnclosingCursor(cur inspector.Cursor) *Scope {
	if s == nil || len(s.List) == 0 {
		return nil
	}
	// The common cases without a walk up: a scope's own node, and a
	// declaration (declarations do not nest).
	switch n := cur.Node().(type) {
	case *ast.FuncDecl:
		return s.byNode[n]
	case *ast.FuncLit:
		if sc := s.byNode[n]; sc != nil {
			return sc
		}
	}
	for fn := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		if sc := s.byNode[fn.Node()]; sc != nil {
			return sc
		}
	}
	return nil
}

// Handlers returns the scopes whose role is Handler.
func (s *Scopes) Handlers() []*Scope {
	var out []*Scope
	for _, sc := range s.List {
		if sc.Role == Handler {
			out = append(out, sc)
		}
	}
	return out
}

func run(pass *analysis.Pass) (any, error) {
	res := &Scopes{byNode: make(map[ast.Node]*Scope)}
	// Fast path: without net/http or a framework no signature can name a
	// request type.
	if !ImportsFramework(pass.Pkg) {
		return res, nil
	}
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	var stack []*Scope // enclosing scopes by nesting, for Parent
	ins.Root().Inspect([]ast.Node{(*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)}, func(cur inspector.Cursor) bool {
		n := cur.Node()
		// Close the scopes that do not contain this function (by range:
		// files need not come in the order of their positions).
		for len(stack) > 0 {
			if top := stack[len(stack)-1].Func; top.Pos() <= n.Pos() && n.End() <= top.End() {
				break
			}
			stack = stack[:len(stack)-1]
		}
		sc := newScope(pass.TypesInfo, n)
		if sc == nil {
			return true
		}
		sc.Cursor = cur
		if len(stack) > 0 {
			sc.Parent = stack[len(stack)-1]
		}
		res.List = append(res.List, sc)
		res.byNode[n] = sc
		stack = append(stack, sc)
		return true
	})
	for _, sc := range res.List {
		sc.computeAliases()
	}
	return res, nil
}

// newScope returns the scope of fn, or nil if fn receives no request value.
func newScope(info *types.Info, fn ast.Node) *Scope {
	sc := &Scope{Func: fn, info: info}
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		sc.Type, sc.Body = fn.Type, fn.Body
		sc.Obj, _ = info.Defs[fn.Name].(*types.Func)
	case *ast.FuncLit:
		sc.Type, sc.Body = fn.Type, fn.Body
	}
	// A declaration without a body (assembly, linkname) has nothing to
	// analyse.
	if sc.Body == nil || sc.Type == nil || sc.Type.Params == nil {
		return nil
	}
	for _, field := range sc.Type.Params.List {
		for _, name := range field.Names {
			v, _ := info.Defs[name].(*types.Var)
			if v == nil {
				continue
			}
			t := v.Type()
			switch {
			case IsResponseWriter(t) && sc.Writer == nil:
				sc.Writer = v
			case IsRequest(t) && sc.Request == nil:
				sc.Request = v
			case IsGinContext(t) && sc.Context == nil:
				sc.Context, sc.Kind = v, Gin
			case IsEchoContext(t) && sc.Context == nil:
				sc.Context, sc.Kind = v, Echo
			}
		}
	}
	switch {
	case sc.Context != nil:
		sc.Role = Helper
		if isFrameworkHandlerSignature(sc) {
			sc.Role = Handler
		}
	case sc.Writer != nil && sc.Request != nil:
		sc.Kind, sc.Role = NetHTTP, Handler
	case sc.Writer != nil || sc.Request != nil:
		sc.Kind, sc.Role = NetHTTP, Helper
	default:
		return nil
	}
	return sc
}

// isFrameworkHandlerSignature reports whether sc has the exact shape of a
// gin handler (func(*gin.Context)) or an echo handler
// (func(echo.Context) error).
func isFrameworkHandlerSignature(sc *Scope) bool {
	if sc.Type.Params.NumFields() != 1 {
		return false
	}
	nres := sc.Type.Results.NumFields()
	switch sc.Kind {
	case Gin:
		return nres == 0
	case Echo:
		if nres != 1 {
			return false
		}
		t := sc.info.TypeOf(sc.Type.Results.List[0].Type)
		return t != nil && types.Identical(t, types.Universe.Lookup("error").Type())
	}
	return false
}

// Contains reports whether node n lies inside the scope's body.
func (sc *Scope) Contains(n ast.Node) bool {
	return n != nil && sc.Body.Pos() <= n.Pos() && n.End() <= sc.Body.End()
}

// HasResults reports whether the scope's function returns values.
func (sc *Scope) HasResults() bool { return sc.Type.Results.NumFields() > 0 }

// ParamIndex returns the index of the parameter v (Writer, Request or
// Context) in the scope's signature, counting an unnamed parameter as
// one, the index a fact's Param holds; -1 if v is nil or not one of the
// scope function's own parameters.
func (sc *Scope) ParamIndex(v *types.Var) int {
	if v == nil {
		return -1
	}
	i := 0
	for _, field := range sc.Type.Params.List {
		if len(field.Names) == 0 {
			i++
			continue
		}
		for _, name := range field.Names {
			if sc.info.Defs[name] == v {
				return i
			}
			i++
		}
	}
	return -1
}
