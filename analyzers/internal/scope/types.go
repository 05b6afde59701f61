package scope

import (
	"go/types"
	"strings"
)

// Package paths of the supported frameworks. Echo is matched on its
// module prefix so that v4 and v5 are both recognised.
const (
	NetHTTPPath    = "net/http"
	GinPath        = "github.com/gin-gonic/gin"
	EchoPathPrefix = "github.com/labstack/echo"
)

// IsNamed reports whether t (or *t, when pointer is true) is the named
// type pkgPath.name. Aliases are resolved.
func IsNamed(t types.Type, pkgPath, name string, pointer bool) bool {
	if t == nil {
		return false
	}
	t = types.Unalias(t)
	if pointer {
		p, ok := t.(*types.Pointer)
		if !ok {
			return false
		}
		t = types.Unalias(p.Elem())
	}
	n, ok := t.(*types.Named)
	if !ok {
		return false
	}
	obj := n.Obj()
	return obj != nil && obj.Pkg() != nil && obj.Pkg().Path() == pkgPath && obj.Name() == name
}

// IsResponseWriter reports whether t is the interface http.ResponseWriter.
func IsResponseWriter(t types.Type) bool { return IsNamed(t, NetHTTPPath, "ResponseWriter", false) }

// IsRequest reports whether t is *http.Request.
func IsRequest(t types.Type) bool { return IsNamed(t, NetHTTPPath, "Request", true) }

// IsGinContext reports whether t is *gin.Context.
func IsGinContext(t types.Type) bool { return IsNamed(t, GinPath, "Context", true) }

// IsEchoContext reports whether t is echo's Context (an interface in v4,
// a struct pointer in v5).
func IsEchoContext(t types.Type) bool {
	if t == nil {
		return false
	}
	t = types.Unalias(t)
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	n, ok := t.(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return false
	}
	return n.Obj().Name() == "Context" && IsEchoPath(n.Obj().Pkg().Path())
}

// IsEchoPath reports whether path is a major version of echo's root package.
func IsEchoPath(path string) bool {
	if path == EchoPathPrefix {
		return true
	}
	rest, ok := strings.CutPrefix(path, EchoPathPrefix+"/v")
	if !ok || rest == "" {
		return false
	}
	for _, r := range rest {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// IsFrameworkPath reports whether path is net/http or a supported framework.
func IsFrameworkPath(path string) bool {
	return path == NetHTTPPath || path == GinPath || IsEchoPath(path)
}

// IsContext reports whether t is context.Context.
func IsContext(t types.Type) bool { return IsNamed(t, "context", "Context", false) }

// IsRequestValueType reports whether t is one of the types that carry a
// request: the ResponseWriter, *http.Request, or a framework context.
func IsRequestValueType(t types.Type) bool {
	return IsResponseWriter(t) || IsRequest(t) || IsGinContext(t) || IsEchoContext(t)
}

// ImportsFramework reports whether pkg imports net/http or a supported
// framework directly. A package that does not can declare no handler and
// no helper that receives request values, so every pass returns at once.
func ImportsFramework(pkg *types.Package) bool {
	if pkg == nil {
		return false
	}
	if IsFrameworkPath(pkg.Path()) {
		return true
	}
	for _, imp := range pkg.Imports() {
		if IsFrameworkPath(imp.Path()) {
			return true
		}
	}
	return false
}

// ImportsNetHTTP reports whether pkg imports net/http directly: the
// packages that can name http.Server or http.Client (net/http itself
// does not import itself).
func ImportsNetHTTP(pkg *types.Package) bool {
	if pkg == nil {
		return false
	}
	for _, imp := range pkg.Imports() {
		if imp.Path() == NetHTTPPath {
			return true
		}
	}
	return false
}

// IsPkgFunc reports whether fn is the package-level function pkgPath.name.
func IsPkgFunc(fn *types.Func, pkgPath, name string) bool {
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != pkgPath || fn.Name() != name {
		return false
	}
	sig, ok := fn.Type().(*types.Signature)
	return ok && sig.Recv() == nil
}

// IsMethod reports whether fn is the method name of the named type
// pkgPath.typeName (pointer or value receiver).
func IsMethod(fn *types.Func, pkgPath, typeName, name string) bool {
	if fn == nil || fn.Name() != name {
		return false
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return false
	}
	t := types.Unalias(sig.Recv().Type())
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	n, ok := t.(*types.Named)
	if !ok {
		return false
	}
	obj := n.Origin().Obj()
	return obj.Pkg() != nil && obj.Pkg().Path() == pkgPath && obj.Name() == typeName
}
